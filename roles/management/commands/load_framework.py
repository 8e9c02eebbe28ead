"""Load the default framework (both languages) from ``fixtures/``; loading twice
changes nothing, since every row has a fixed primary key."""

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.utils import translation
from simple_history.utils import get_history_manager_for_model

from roles.translation import AUDITED_MODELS

FRAMEWORK_FIXTURE = settings.BASE_DIR / "fixtures" / "framework.json"


def record_loaded_state() -> int:
    """``loaddata`` saves rows raw, which the audit trail does not see. Record
    every framework row whose history is missing or says otherwise, so the
    first edit in the admin shows what the row was before."""
    recorded = 0
    # Translated fields read in one fixed language, as history stores them.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for model in AUDITED_MODELS:
            recorded += _record(model)
    return recorded


def _record(model) -> int:
    history = get_history_manager_for_model(model)
    pk = model._meta.pk.attname
    fields = [f.attname for f in model._meta.concrete_fields]
    latest = {}
    for record in history.order_by(pk, "-history_date", "-history_id"):
        latest.setdefault(getattr(record, pk), record)
    changed = [
        obj
        for obj in model._default_manager.all()
        if obj.pk not in latest
        or any(getattr(obj, f) != getattr(latest[obj.pk], f) for f in fields)
    ]
    if changed:
        history.bulk_history_create(changed, default_change_reason="load_framework")
    return len(changed)


class Command(BaseCommand):
    help = "Load the default AI-engineer competency framework."

    def handle(self, *args, **options):
        call_command("loaddata", str(FRAMEWORK_FIXTURE), verbosity=options["verbosity"])
        record_loaded_state()
