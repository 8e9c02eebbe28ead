"""Who may do what (assessments/permissions.py), for every route of the project.

The routes are read from the URLconf, so a new route cannot escape: a route
without an entry in ``MATRIX`` fails ``test_every_route_is_in_the_matrix``.
Each entry says, per method and per state of the object in the URL, what each
of the cast gets: 200, a redirect to sign-in, 403, 404 (what one may not see is
404, the same as what does not exist), 405 (GET on a POST-only route), 409
(a change to a frozen assessment).

Every request runs in a transaction that is rolled back, so the cases do not
see each other's changes; a GET must leave the database as it found it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.security.conftest import ROLES, fingerprint

SKIPPED_PREFIXES = ("admin/", "static/", "media/", "__debug__/")
LOGIN_PATH = "/accounts/login/"


# --- the routes -----------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the full route string, for messages
    namespace: str
    kwargs: tuple[str, ...]


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            inner = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry.pattern, RoutePattern):
                converters = tuple(entry.pattern.converters)
            else:
                converters = tuple(entry.pattern.regex.groupindex)
            name = entry.name or route
            yield Route(
                name=f"{namespace}:{name}" if namespace else name,
                route=route,
                namespace=namespace,
                kwargs=converters,
            )


def project_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


ROUTES = project_routes()


# --- what each of the cast gets ---------------------------------------------------


@dataclass(frozen=True)
class Expect:
    label: str
    statuses: frozenset[int]
    to_login: bool | None = None  # for a 302: must (True) or must not (False) go to sign-in
    may_change: bool = False  # whether the request may change the database

    def matches(self, response) -> bool:
        if response.status_code not in self.statuses:
            return False
        if response.status_code in (301, 302, 303) and self.to_login is not None:
            goes_to_login = response["Location"].startswith(LOGIN_PATH)
            return goes_to_login == self.to_login
        return True


OK = Expect("200", frozenset({200}))
LOGIN = Expect("302 to sign-in", frozenset({302}), to_login=True)
REDIRECT = Expect("302 (not to sign-in)", frozenset({302}), to_login=False, may_change=True)
# A state change that lands: a redirect (plain form post) or the updated page.
SAVED = Expect(
    "saved (200 or 302 not to sign-in)", frozenset({200, 302}), to_login=False, may_change=True
)
# A page the user may see, which may send them on to another of its pages
# (e.g. the rating page of a frozen assessment to its report).
SHOWN = Expect("shown (200 or 302 not to sign-in)", frozenset({200, 302}), to_login=False)
FORBIDDEN = Expect("403", frozenset({403}))
NOT_FOUND = Expect("404", frozenset({404}))
NOT_ALLOWED = Expect("405", frozenset({405}))
CONFLICT = Expect("409", frozenset({409}))
# Submitting what is already submitted: refused, or sent on to its report; either
# way nothing changes.
ALREADY_DONE = Expect("409 or 302 (not to sign-in), nothing changed", frozenset({409, 302}), False)


def row(default: Expect, **roles: Expect) -> dict[str, Expect]:
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: roles.get(role, default) for role in ROLES}


# Shorthands for the assessment routes.
def only_owner(expect):
    return row(NOT_FOUND, anonymous=LOGIN, owner=expect)


def owner_and_manager(expect):
    return row(NOT_FOUND, anonymous=LOGIN, owner=expect, manager=expect)


NOBODY = row(NOT_FOUND, anonymous=LOGIN)  # an id that does not exist
POST_ONLY = row(NOT_ALLOWED, anonymous=LOGIN)  # GET on a @login_required @require_POST view
REVIEWABLE = ("submitted", "in_review")  # the manager's ratings may still change
DONE = ("reviewed", "acknowledged")  # the review is completed
FROZEN = (*REVIEWABLE, *DONE)


def every(states, expects):
    return {state: expects for state in states}


def assessment_page(draft_expect=OK, frozen_expect=OK):
    """A page of one assessment: the draft is its engineer's alone; a submitted or
    reviewed one is also their manager's."""
    return {
        ("GET", "draft"): only_owner(draft_expect),
        **{("GET", s): owner_and_manager(frozen_expect) for s in FROZEN},
        ("GET", "missing"): NOBODY,
    }


def post_only(posts: dict):
    gets = {("GET", s): POST_ONLY for s in ("draft", *FROZEN, "missing")}
    return {**gets, **{("POST", s): e for s, e in posts.items()}, ("POST", "missing"): NOBODY}


def team_page():
    return {
        ("GET", "team"): row(NOT_FOUND, anonymous=LOGIN, manager=OK),
        ("GET", "other_team"): row(NOT_FOUND, anonymous=LOGIN, other_manager=OK),
        ("GET", "missing"): NOBODY,
    }


MATRIX: dict[str, dict[tuple[str, str], dict[str, Expect]]] = {
    "home": {("GET", "none"): row(OK, anonymous=LOGIN)},
    "healthz": {("GET", "none"): row(OK)},
    "login": {("GET", "none"): row(REDIRECT, anonymous=OK)},
    "logout": {("GET", "none"): row(NOT_ALLOWED), ("POST", "none"): row(LOGIN)},
    "set_language": {("GET", "none"): row(NOT_ALLOWED), ("POST", "none"): row(REDIRECT)},
    "assessment_new": {
        ("GET", "none"): POST_ONLY,
        ("POST", "none"): row(REDIRECT, anonymous=LOGIN),
    },
    "assessments:history": {("GET", "none"): row(OK, anonymous=LOGIN)},
    # The rating page of a frozen assessment may show it read-only or lead on
    # to its report.
    "assessments:rate": assessment_page(frozen_expect=SHOWN),
    "assessments:rating_save": post_only(
        {
            "draft": only_owner(SAVED),
            # Frozen: its engineer is told it is frozen (409); the manager sees
            # it but may not change self-ratings (403).
            **every(FROZEN, row(NOT_FOUND, anonymous=LOGIN, owner=CONFLICT, manager=FORBIDDEN)),
        }
    ),
    "assessments:submit": {
        **post_only(
            {
                "draft": only_owner(SAVED),
                **every(
                    FROZEN, row(NOT_FOUND, anonymous=LOGIN, owner=ALREADY_DONE, manager=FORBIDDEN)
                ),
            }
        ),
        # GET: the review-and-confirm step, the engineer's own; once frozen it
        # sends them on to the report, and their manager may not submit it.
        ("GET", "draft"): only_owner(OK),
        **every(
            [("GET", s) for s in FROZEN],
            row(NOT_FOUND, anonymous=LOGIN, owner=SHOWN, manager=FORBIDDEN),
        ),
        ("GET", "missing"): NOBODY,
    },
    "assessments:report": assessment_page(),
    "assessments:report_json": assessment_page(),
    "assessments:report_pdf": assessment_page(),
    "assessments:plan": {
        **assessment_page(),
        # The plan stays the engineer's to edit after submit; the manager reads it.
        ("POST", "draft"): only_owner(SAVED),
        **{
            ("POST", s): row(NOT_FOUND, anonymous=LOGIN, owner=SAVED, manager=FORBIDDEN)
            for s in FROZEN
        },
        ("POST", "missing"): NOBODY,
    },
    "assessments:goal_save": post_only(
        {
            "draft": only_owner(SAVED),
            **every(FROZEN, row(NOT_FOUND, anonymous=LOGIN, owner=SAVED, manager=FORBIDDEN)),
        }
    ),
    # Nobody reviews their own assessment (403); a manager does not see drafts (404).
    "assessments:review": {
        ("GET", "draft"): row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN),
        **{
            ("GET", s): row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN, manager=OK) for s in FROZEN
        },
        ("GET", "missing"): NOBODY,
    },
    "assessments:review_save": post_only(
        {
            "draft": row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN),
            **every(REVIEWABLE, row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN, manager=SAVED)),
            # A completed review's ratings are final.
            **every(DONE, row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN, manager=CONFLICT)),
        }
    ),
    "assessments:review_complete": post_only(
        {
            "draft": row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN),
            **every(REVIEWABLE, row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN, manager=SAVED)),
            **every(DONE, row(NOT_FOUND, anonymous=LOGIN, owner=FORBIDDEN, manager=CONFLICT)),
        }
    ),
    # Only the engineer acknowledges, and only a completed review, once.
    "assessments:acknowledge": post_only(
        {
            "draft": only_owner(CONFLICT),
            **every(
                ("submitted", "in_review", "acknowledged"),
                row(NOT_FOUND, anonymous=LOGIN, owner=CONFLICT, manager=FORBIDDEN),
            ),
            "reviewed": row(NOT_FOUND, anonymous=LOGIN, owner=SAVED, manager=FORBIDDEN),
        }
    ),
    "teams:dashboard": team_page(),
    "teams:report_pdf": team_page(),
    "teams:ratings_csv": team_page(),
}

# What a POST carries, per route: valid values, so the status is about who asks.
POST_DATA = {
    "login": {"username": "engineer", "password": "correct horse battery staple"},
    "logout": {},
    "set_language": {"language": "en", "next": "/"},
    "assessment_new": {"role_profile": "startup-generalist"},
    "assessments:rating_save": {"level": "3", "evidence": "Shipped the service"},
    "assessments:submit": {},
    "assessments:plan": {},
    "assessments:goal_save": {"text": "Pair on a Python service", "status": "not_started"},
    "assessments:review_save": {"level": "3", "comment": "Agreed"},
    "assessments:review_complete": {"agree_remaining": "1"},
    "assessments:acknowledge": {"comment": "Read, and agreed"},
}

MISSING_ID = 987654321


def url_for(route: Route, state: str, scene) -> str:
    """The route's URL with its kwargs filled for ``state``."""
    from django.urls import reverse

    kwargs = {}
    for name in route.kwargs:
        if name == "pk" and route.namespace == "assessments":
            kwargs[name] = MISSING_ID if state == "missing" else getattr(scene, state).pk
        elif name == "pk" and route.namespace == "teams":
            kwargs[name] = {
                "team": scene.team.pk,
                "other_team": scene.other_team.pk,
                "missing": MISSING_ID,
            }[state]
        elif name == "code":
            kwargs[name] = scene.code
        else:
            pytest.fail(
                f"no value for the URL argument {name!r} of {route.route}: add it to url_for"
            )
    return reverse(route.name, kwargs=kwargs)


# --- the tests ----------------------------------------------------------------------


def test_every_route_is_in_the_matrix():
    missing = [f"{r.name} ({r.route})" for r in ROUTES if r.name not in MATRIX]
    assert not missing, "add these routes to the permission matrix: " + ", ".join(missing)


def test_the_matrix_names_only_routes_that_exist():
    names = {r.name for r in ROUTES}
    assert not set(MATRIX) - names, f"stale entries: {sorted(set(MATRIX) - names)}"


def test_every_matrix_entry_covers_the_whole_cast():
    for name, cases in MATRIX.items():
        for case, expects in cases.items():
            assert set(expects) == set(ROLES), (name, case)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_route_answers_each_of_the_cast_as_the_spec_says(route, scene, quick_pdf):
    if route.name not in MATRIX:
        pytest.fail(f"{route.name} ({route.route}) has no entry: add it to the matrix")
    wrong = []
    for (method, state), expects in MATRIX[route.name].items():
        url = url_for(route, state, scene)
        for role in ROLES:
            expect = expects[role]
            with transaction.atomic():
                client = scene.client(role)
                before = fingerprint()
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, POST_DATA.get(route.name, {}))
                changed = fingerprint() != before
                transaction.set_rollback(True)
            if changed and (method == "GET" or not expect.may_change):
                wrong.append(f"{method} {url} ({state}) as {role} changed the database")
            if not expect.matches(response):
                where = response.get("Location", "")
                wrong.append(
                    f"{method} {url} ({state}) as {role}: expected {expect.label}, "
                    f"got {response.status_code}{' → ' + where if where else ''}"
                )
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_admin_is_for_staff_only(scene):
    for role in ROLES:
        response = scene.client(role).get("/admin/")
        if role == "staff":
            assert response.status_code == 200, role
        else:
            assert response.status_code == 302, role
            assert response["Location"].startswith("/admin/login/"), role


POST_ROUTES = sorted(
    {name for name, cases in MATRIX.items() for method, _state in cases if method == "POST"}
    | {"login"}
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ROUTES)
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(name, scene):
    route = next(r for r in ROUTES if r.name == name)
    # The one who could make the change, on the object they could change.
    role, state = {
        "assessments:review_save": ("manager", "submitted"),
        "assessments:review_complete": ("manager", "in_review"),
        "assessments:acknowledge": ("owner", "reviewed"),
    }.get(name, ("owner", "draft"))
    if ("POST", state) not in MATRIX[name]:
        state = "none"
    client = scene.client(role, enforce_csrf_checks=True)
    url = url_for(route, state, scene)
    before = fingerprint()
    response = client.post(url, POST_DATA.get(name, {}))
    assert response.status_code == 403
    assert "not saved" in response.content.decode()
    assert fingerprint() == before
