"""The status of an autosaving row, as ``templates/partials/autosave_status.html``
shows it on every page that has such rows (rating, review, goals)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

FAILED_STATES = ("error", "stale", "frozen")


@dataclass
class StaleChoice:
    """A save refused because a newer value was saved meanwhile: what that
    value is, and what "take the saved one" puts back in the row's fields."""

    revision: int
    label: str  # the saved value, in short
    detail: str = ""  # what follows it (the evidence, the goal's status and date)
    values: dict[str, str] = field(default_factory=dict)  # field name → value
    css_class: str = "newer-value"

    @property
    def values_json(self) -> str:
        return json.dumps(self.values, ensure_ascii=False)


@dataclass
class RowStatus:
    """A row's save status: the revision its next save names, and what it says."""

    prefix: str  # the competency code: the row's fields are <prefix>-<name>
    revision: int
    state: str = ""  # "", "saved", "error", "stale", "frozen", "missing"
    message: str = ""
    stale: StaleChoice | None = None
    revision_id: str = ""  # an id for the revision input (swapped out of band)
    status_id: str = ""
    link_url: str = ""  # e.g. the report, once an assessment is frozen
    link_text: str = ""

    @property
    def failed(self) -> bool:
        return self.state in FAILED_STATES
