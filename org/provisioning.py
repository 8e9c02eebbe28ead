"""Provisioning users and teams from an HR system's CSV export.

Two tables (docs/provisioning.md): the people file, one row per person and
team (``username,email,first_name,last_name,language,team,role``), and the
teams file (``team_code,team_name,parent_code``). ``make_plan`` reads both,
checks every rule against the database and returns a ``Plan`` of the changes,
or raises ``ProvisioningError`` with every problem found, each with its file
and line; ``apply`` writes a plan in one transaction. The command
(``manage.py provision``) and the admin page call the same two functions.

Users are matched on username, teams on code (a team without a code whose
name is the row's takes the code). Nothing is removed unless asked: people
and teams not in the files stay as they are, and so do the memberships the
files do not list, except with ``remove_unlisted``: then whoever the people
file does not list in a team it names is taken out of that team (member,
manager or people partner; their account and assessments stay). An empty
cell changes nothing."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.backends import forget_cached_user

from .models import Team, loop_through, rebuild_links

MAX_BYTES = 2 * 1024 * 1024
PEOPLE_COLUMNS = ("username", "email", "first_name", "last_name", "language", "team", "role")
PEOPLE_REQUIRED = ("username", "email")
TEAM_COLUMNS = ("team_code", "team_name", "parent_code")
TEAM_REQUIRED = ("team_code", "team_name")
# A role in the people file -> the Team relation it fills.
ROLES = {"member": "members", "manager": "managers", "people_partner": "people_partners"}
USER_FIELDS = ("email", "first_name", "last_name", "language")
KINDS = ("users", "teams", *ROLES.values())
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    message: str

    def __str__(self):
        if not self.source:
            return self.message
        if self.line is None:
            return f"{self.source}: {self.message}"
        return _("%(source)s, line %(line)d: %(message)s") % {
            "source": self.source,
            "line": self.line,
            "message": self.message,
        }


class ProvisioningError(Exception):
    """The files were refused: every problem found, nothing changed."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    action: str  # "create", "update" or "remove"
    key: str  # username, team code or "username → team code"
    detail: str = ""


@dataclass
class Plan:
    counts: dict = field(default_factory=lambda: {k: defaultdict(int) for k in KINDS})
    changes: list[Change] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    new_teams: list[Team] = field(default_factory=list)
    changed_teams: dict = field(default_factory=dict)  # Team -> fields changed
    parents: dict = field(default_factory=dict)  # team code -> parent team code
    new_users: list = field(default_factory=list)
    changed_users: dict = field(default_factory=dict)  # User -> fields changed
    links: dict = field(default_factory=lambda: {r: [] for r in ROLES.values()})
    unlinks: dict = field(default_factory=lambda: {r: [] for r in ROLES.values()})
    removing: bool = False  # made with remove_unlisted
    teams_by_code: dict = field(default_factory=dict)  # every team code -> its Team

    def count(self, kind, outcome, change: Change | None = None):
        self.counts[kind][outcome] += 1
        if change is not None:
            self.changes.append(change)

    @property
    def created(self) -> int:
        return sum(c["created"] for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c["updated"] for c in self.counts.values())

    @property
    def removed(self) -> int:
        return sum(c["removed"] for c in self.counts.values())


def read_table(data: bytes, *, source: str, columns, required, problems) -> list | None:
    """The rows of one CSV file as (line, {column: cell}), or None if the file
    or its header cannot be read; its problems added to ``problems``. UTF-8 with or without a byte-order mark, comma or
    semicolon (whichever the header line has more of), header names in any
    case."""
    if len(data) > MAX_BYTES:
        problems.append(Problem(source, None, _("The file is larger than 2 MB.")))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(source, line, _("The file is not UTF-8 text.")))
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(source, line, _("The file is not UTF-8 text.")))
        return None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    header = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]
    unknown = [h for h in header if h not in columns]
    missing = [c for c in required if c not in header]
    doubled = sorted({h for h in header if header.count(h) > 1})
    if unknown:
        problems.append(
            Problem(
                source,
                1,
                _("Unknown columns: %(unknown)s (the columns are %(columns)s).")
                % {"unknown": ", ".join(unknown), "columns": ", ".join(columns)},
            )
        )
    if missing:
        problems.append(
            Problem(source, 1, _("Missing columns: %(missing)s.") % {"missing": ", ".join(missing)})
        )
    if doubled:
        problems.append(
            Problem(
                source, 1, _("Columns named twice: %(doubled)s.") % {"doubled": ", ".join(doubled)}
            )
        )
    if unknown or missing or doubled:
        return None
    rows, line = [], reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(header):
                    problems.append(
                        Problem(
                            source,
                            line,
                            _("The row has %(cells)d cells; the header has %(columns)d.")
                            % {"cells": len(cells), "columns": len(header)},
                        )
                    )
                else:
                    rows.append((line, _cells(header, cells)))
            line = reader.line_num + 1
    except csv.Error:
        problems.append(Problem(source, line, _("The row is not valid CSV.")))
    return rows


def _cells(header, cells) -> dict:
    cells = [*cells, *[""] * (len(header) - len(cells))]
    return {h: c.strip() for h, c in zip(header, cells, strict=True)}


def _check(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def make_plan(
    *,
    people: bytes | None = None,
    teams: bytes | None = None,
    people_name: str = "people.csv",
    teams_name: str = "teams.csv",
    remove_unlisted: bool = False,
) -> Plan:
    """What the files would change, checked against the database; raises
    ``ProvisioningError`` with all the problems of both files."""
    problems: list[Problem] = []
    team_rows = people_rows = []
    if teams is not None:
        team_rows = read_table(
            teams,
            source=teams_name,
            columns=TEAM_COLUMNS,
            required=TEAM_REQUIRED,
            problems=problems,
        )
    if people is not None:
        people_rows = read_table(
            people,
            source=people_name,
            columns=PEOPLE_COLUMNS,
            required=PEOPLE_REQUIRED,
            problems=problems,
        )
    return plan_rows(
        people=people_rows,
        teams=team_rows,
        people_name=people_name,
        teams_name=teams_name,
        problems=problems,
        remove_unlisted=remove_unlisted,
    )


def plan_rows(
    *,
    people: list | None,
    teams: list | None,
    people_name: str = "people",
    teams_name: str = "teams",
    problems: list[Problem] | None = None,
    remove_unlisted: bool = False,
) -> Plan:
    """The rules of ``make_plan`` over rows already read: (line, {column:
    value}) with the columns of ``PEOPLE_COLUMNS`` and ``TEAM_COLUMNS``.
    ``None`` for a table that could not be read: its teams are not looked for."""
    problems = [] if problems is None else problems
    plan = Plan(removing=remove_unlisted)
    existing = list(Team.objects.all())
    teams_by_code = _plan_teams(plan, teams or [], existing, teams_name, problems)
    _plan_people(
        plan, people or [], teams_by_code, people_name, problems, teams_known=teams is not None
    )
    if problems:
        order = [teams_name, people_name]
        problems.sort(key=lambda p: (order.index(p.source), p.line or 0))
        raise ProvisioningError(problems)
    return plan


def _plan_teams(plan, rows, existing, source, problems) -> dict:
    """Fill ``plan`` with the teams file; returns every team code (in the
    database or the file) -> its Team (new ones unsaved)."""
    by_code = {t.code: t for t in existing if t.code}
    by_name = {t.name: t for t in existing}
    seen_codes, seen_names, lines = {}, {}, {}
    for line, row in rows:
        code, name, parent = row["team_code"], row["team_name"], row.get("parent_code", "")
        bad = False
        if not code or len(code) > 64 or not _check(validate_slug, code):
            problems.append(
                Problem(
                    source,
                    line,
                    _("The team code %(code)r is not valid: letters, digits, - and _, at most 64.")
                    % {"code": code},
                )
            )
            bad = True
        if not name or len(name) > 120:
            problems.append(
                Problem(source, line, _("The team name is empty or longer than 120 characters."))
            )
            bad = True
        if parent and not _check(validate_slug, parent):
            problems.append(
                Problem(
                    source, line, _("The parent code %(code)r is not valid.") % {"code": parent}
                )
            )
            bad = True
        if code in seen_codes:
            problems.append(
                Problem(
                    source,
                    line,
                    _("The team %(code)s is already on line %(other)d.")
                    % {"code": code, "other": seen_codes[code]},
                )
            )
            continue
        if name in seen_names:
            problems.append(
                Problem(
                    source,
                    line,
                    _("The name %(name)r is already that of team %(other)s (line %(line)d).")
                    % {"name": name, "other": seen_names[name][0], "line": seen_names[name][1]},
                )
            )
            bad = True
        seen_codes[code], seen_names[name] = line, (code, line)
        if bad:
            continue
        team = by_code.get(code)
        holder = by_name.get(name)
        if team is None and holder is not None and not holder.code:
            team = holder  # a team made in the admin takes its code
        elif holder is not None and holder is not team:
            problems.append(
                Problem(
                    source,
                    line,
                    _("The name %(name)r is already that of another team (%(other)s).")
                    % {"name": name, "other": holder.code or holder.name},
                )
            )
            continue
        lines[code] = line
        if team is None:
            team = Team(code=code, name=name)
            plan.new_teams.append(team)
            plan.count("teams", "created", Change("teams", "create", code, name))
        else:
            fields = [f for f, v in (("code", code), ("name", name)) if getattr(team, f) != v]
            if fields:
                team.code, team.name = code, name
                plan.changed_teams[team] = fields
        by_code[code] = team
        if parent:
            plan.parents[code] = parent

    # The parents: each must be a team, and the tree must stay a tree.
    def key(team):
        return team.pk if team.pk else f"new:{team.code}"

    parent_of = {t.pk: t.parent_id for t in existing}
    for code, parent in list(plan.parents.items()):
        if parent not in by_code:
            problems.append(
                Problem(
                    source,
                    lines[code],
                    _("The parent team %(parent)s does not exist and is not in the file.")
                    % {"parent": parent},
                )
            )
            del plan.parents[code]
            continue
        parent_of[key(by_code[code])] = key(by_code[parent])
    names = {t.pk: t.name for t in existing}
    names.update({key(t): f"{t.name} ({t.code})" for t in by_code.values()})
    loops = set()
    for code in plan.parents:
        loop = loop_through(key(by_code[code]), parent_of.get)
        if loop and frozenset(loop) not in loops:
            loops.add(frozenset(loop))
            problems.append(
                Problem(
                    source,
                    lines[code],
                    _("These teams would form a loop, each under the next: %(teams)s.")
                    % {"teams": " → ".join(names[k] for k in [*loop, loop[0]])},
                )
            )
    for code, parent in plan.parents.items():
        team, parent_team = by_code[code], by_code[parent]
        if team.pk is not None and (parent_team.pk is None or team.parent_id != parent_team.pk):
            plan.changed_teams.setdefault(team, []).append("parent")
    for code in lines:
        team = by_code[code]
        if team.pk is None:
            continue  # counted as created above
        if team in plan.changed_teams:
            fields = ", ".join(plan.changed_teams[team])
            plan.count("teams", "updated", Change("teams", "update", code, fields))
        else:
            plan.count("teams", "unchanged")
    plan.teams_by_code = by_code
    return by_code


def _plan_people(plan, rows, teams_by_code, source, problems, *, teams_known=True) -> None:
    """Fill ``plan`` with the people file."""
    User = get_user_model()
    username_ok = UnicodeUsernameValidator()
    people: dict[str, dict] = {}  # username -> merged fields, with "line"
    wanted: list[tuple[int, str, str, str]] = []  # (line, username, relation, team code)
    for line, row in rows:
        username = row["username"]
        data = {f: row.get(f, "") for f in USER_FIELDS}
        data["email"] = User.objects.normalize_email(data["email"])
        data["language"] = data["language"].lower()
        bad = []
        if not username or len(username) > 150 or not _check(username_ok, username):
            bad.append(_("the username %(value)r is not valid") % {"value": username})
        if (
            not data["email"]
            or len(data["email"]) > 254
            or not _check(validate_email, data["email"])
        ):
            bad.append(_("the e-mail address %(value)r is not valid") % {"value": data["email"]})
        for name in ("first_name", "last_name"):
            if len(data[name]) > 150:
                bad.append(_("a name is longer than 150 characters"))
        if data["language"] and data["language"] not in LANGUAGE_CODES:
            bad.append(
                _("the language %(value)r is not one of %(codes)s")
                % {"value": row.get("language"), "codes": ", ".join(sorted(LANGUAGE_CODES))}
            )
        role = row.get("role", "").lower().replace(" ", "_").replace("-", "_")
        team = row.get("team", "")
        if role and role not in ROLES:
            bad.append(
                _("the role %(value)r is not one of %(roles)s")
                % {"value": row.get("role"), "roles": ", ".join(ROLES)}
            )
        elif role and not team:
            bad.append(_("a role needs a team"))
        if team and team not in teams_by_code and teams_known:
            bad.append(
                _("the team %(code)s does not exist and is not in the teams file") % {"code": team}
            )
        earlier = people.get(username)
        differ = []
        if earlier is not None:
            differ = [
                f
                for f in USER_FIELDS
                if data[f] and earlier[f] and data[f].casefold() != earlier[f].casefold()
            ]
        if differ:
            bad.append(
                _("the user %(username)s is on line %(other)d with other data (%(fields)s)")
                % {"username": username, "other": earlier["line"], "fields": ", ".join(differ)}
            )
        if bad:
            message = "; ".join(bad)
            problems.append(Problem(source, line, message[0].upper() + message[1:] + "."))
            continue
        if earlier is None:
            people[username] = {**data, "line": line}
        else:
            earlier.update({f: earlier[f] or data[f] for f in USER_FIELDS})
        if team:
            wanted.append((line, username, ROLES[role or "member"], team))
    by_email: dict[str, str] = {}
    for username, data in people.items():
        other = by_email.setdefault(data["email"].casefold(), username)
        if other != username:
            problems.append(
                Problem(
                    source,
                    data["line"],
                    _("The e-mail address %(email)s is also that of %(other)s in the file.")
                    % {"email": data["email"], "other": other},
                )
            )
    lowered = {u.lower() for u in people}
    emails = {d["email"].casefold() for d in people.values()}
    found = User.objects.annotate(u=Lower("username")).filter(u__in=lowered)
    users = {u.username: u for u in found}
    folded = {u.username.lower(): u for u in found}
    holders = {
        u.email.casefold(): u
        for u in User.objects.annotate(e=Lower("email"))
        .filter(e__in=emails)
        .only("username", "email")
    }
    for username, data in people.items():
        user = users.get(username)
        if user is None and username.lower() in folded:
            problems.append(
                Problem(
                    source,
                    data["line"],
                    _("The username %(username)s differs only in case from the user %(other)s.")
                    % {"username": username, "other": folded[username.lower()].username},
                )
            )
            continue
        if user is not None and user.deleted_at is not None:
            problems.append(
                Problem(
                    source,
                    data["line"],
                    _("The user %(username)s deleted their account.") % {"username": username},
                )
            )
            continue
        holder = holders.get(data["email"].casefold())
        if holder is not None and holder.username != username:
            problems.append(
                Problem(
                    source,
                    data["line"],
                    _("The e-mail address %(email)s is already that of the user %(other)s.")
                    % {"email": data["email"], "other": holder.username},
                )
            )
            continue
        if user is None:
            user = User(
                username=username,
                password=make_password(None),
                **{f: data[f] for f in USER_FIELDS},
            )
            plan.new_users.append(user)
            plan.count("users", "created", Change("users", "create", username, data["email"]))
        else:
            _plan_user_update(plan, user, data, source)
        users[username] = user
    if problems:
        return
    _plan_links(plan, wanted, users, teams_by_code)


def _plan_user_update(plan, user, data, source) -> None:
    # An empty cell changes nothing; the language is the person's own choice
    # once they have one; an administrator's account is changed in the admin.
    fields = [
        f
        for f in USER_FIELDS
        if data[f] and getattr(user, f) != data[f] and not (f == "language" and user.language)
    ]
    if fields and (user.is_staff or user.is_superuser):
        plan.notices.append(
            Problem(
                source,
                data["line"],
                _("%(username)s is an administrator: their account is changed in the admin only.")
                % {"username": user.username},
            )
        )
        fields = []
    if fields:
        for f in fields:
            setattr(user, f, data[f])
        plan.changed_users[user] = fields
        plan.count("users", "updated", Change("users", "update", user.username, ", ".join(fields)))
    else:
        plan.count("users", "unchanged")


def _plan_links(plan, wanted, users, teams_by_code) -> None:
    """The memberships, managers and people partners the file adds (and,
    removing, those it does not list in the teams it names)."""
    user_ids = [u.pk for u in users.values() if u.pk]
    named = {teams_by_code[code].pk for *_rest, code in wanted if teams_by_code[code].pk}
    among = Q(user_id__in=user_ids)
    if plan.removing:
        among |= Q(team_id__in=named)
    have = {}  # (relation, team id, user id) -> (through row id, username, team code)
    for relation in ROLES.values():
        through = getattr(Team, relation).through
        rows = through.objects.filter(among).values_list(
            "pk", "team_id", "user_id", "user__username", "team__code"
        )
        for pk, team_id, user_id, username, code in rows:
            have[(relation, team_id, user_id)] = (pk, username, code)
    done = set()
    for _line, username, relation, code in wanted:
        user, team = users[username], teams_by_code[code]
        if (relation, code, username) in done:
            continue
        done.add((relation, code, username))
        if user.pk and team.pk and (relation, team.pk, user.pk) in have:
            plan.count(relation, "unchanged")
        else:
            plan.links[relation].append((user, team))
            plan.count(relation, "created", Change(relation, "create", f"{username} → {code}"))
    if not plan.removing:
        return
    for (relation, team_id, _user_id), (pk, username, code) in sorted(have.items()):
        if team_id in named and (relation, code, username) not in done:
            plan.unlinks[relation].append(pk)
            plan.count(relation, "removed", Change(relation, "remove", f"{username} → {code}"))


def apply(plan: Plan) -> Plan:
    """Write ``plan`` in one transaction; returns it (its counts are what was
    done). A user or team made by someone else since the plan was made
    refuses the whole plan, nothing written."""
    try:
        with transaction.atomic():
            _write(plan)
    except IntegrityError as error:
        raise ProvisioningError(
            [
                Problem(
                    "",
                    None,
                    _(
                        "Users or teams changed while the files were being read; nothing "
                        "was saved. Send the files again."
                    ),
                )
            ]
        ) from error
    return plan


def _write(plan: Plan) -> None:
    User = get_user_model()
    Team.objects.bulk_create(plan.new_teams)
    by_code = plan.teams_by_code
    placed = []
    for code, parent in plan.parents.items():
        team = by_code[code]
        if team.parent_id != by_code[parent].pk:
            team.parent = by_code[parent]
            placed.append(team)
    to_update = {*plan.changed_teams, *placed}
    if to_update:
        Team.objects.bulk_update(to_update, ["code", "name", "parent"])
    if plan.new_teams or placed:
        rebuild_links()
    User.objects.bulk_create(plan.new_users)
    if plan.changed_users:
        User.objects.bulk_update(list(plan.changed_users), list(USER_FIELDS))
        for user in plan.changed_users:
            forget_cached_user(user.pk)
            transaction.on_commit(lambda pk=user.pk: forget_cached_user(pk), robust=True)
    for relation, pks in plan.unlinks.items():
        if pks:
            getattr(Team, relation).through.objects.filter(pk__in=pks).delete()
    for relation, pairs in plan.links.items():
        if pairs:
            through = getattr(Team, relation).through
            through.objects.bulk_create(
                [through(team_id=t.pk, user_id=u.pk) for u, t in pairs], ignore_conflicts=True
            )


def kind_label(kind: str) -> str:
    return {
        "users": _("users"),
        "teams": _("teams"),
        "members": _("memberships"),
        "managers": _("managers"),
        "people_partners": _("people partners"),
    }[kind]


def summary_lines(plan: Plan) -> list[str]:
    """One line per kind, then the totals: what the command prints and the
    admin shows (with what was removed when the plan removes)."""
    if plan.removing:
        line = _(
            "%(kind)s: %(created)d created, %(updated)d updated, %(removed)d removed, "
            "%(unchanged)d unchanged"
        )
        total = _("In all: %(created)d created, %(updated)d updated, %(removed)d removed.")
    else:
        line = _("%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
        total = _("In all: %(created)d created, %(updated)d updated.")
    lines = [
        line
        % {
            "kind": kind_label(kind),
            "created": plan.counts[kind]["created"],
            "updated": plan.counts[kind]["updated"],
            "removed": plan.counts[kind]["removed"],
            "unchanged": plan.counts[kind]["unchanged"],
        }
        for kind in KINDS
    ]
    lines.append(
        total % {"created": plan.created, "updated": plan.updated, "removed": plan.removed}
    )
    return lines


def change_line(change: Change) -> str:
    action = {"create": _("create"), "update": _("update"), "remove": _("remove")}[change.action]
    detail = f" ({change.detail})" if change.detail else ""
    return f"{action} {kind_label(change.kind)} {change.key}{detail}"
