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

from tests.security.conftest import OVERSEERS, ROLES, fingerprint

SKIPPED_PREFIXES = ("admin/", "static/", "media/", "__debug__/")
LOGIN_PATH = "/accounts/login/"


# --- the routes -----------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # the full route string, for messages
    namespace: str
    kwargs: tuple[str, ...]


def _converters(pattern) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    return tuple(pattern.regex.groupindex)


def _walk(patterns, prefix="", namespace="", outer=()):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            inner = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            # An include's own arguments (allauth's provider_id) belong to every route in it.
            yield from _walk(entry.url_patterns, route, inner, outer + _converters(entry.pattern))
        elif isinstance(entry, URLPattern):
            if route.startswith(SKIPPED_PREFIXES):
                continue
            converters = outer + _converters(entry.pattern)
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
UNAUTHORIZED = Expect("401", frozenset({401}))
MOVED = Expect(
    "301 (not to sign-in)", frozenset({301}), to_login=False
)  # a single sign-on that failed
NOT_FOUND = Expect("404", frozenset({404}))
NOT_ALLOWED = Expect("405", frozenset({405}))
CONFLICT = Expect("409", frozenset({409}))
BAD_REQUEST = Expect("400", frozenset({400}))
# A change that answers with its page (the one-click unsubscribe).
DONE_HERE = Expect("200, may change", frozenset({200}), may_change=True)
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
    """Read by its engineer and their manager, and by those who oversee the team."""
    return row(
        NOT_FOUND,
        anonymous=LOGIN,
        owner=expect,
        manager=expect,
        **dict.fromkeys(OVERSEERS, expect),
    )


def changed_by_owner(owner, manager):
    """A change to a submitted assessment: its engineer gets ``owner``; the
    manager and those who oversee the team see it but may not change it (``manager``)."""
    return row(
        NOT_FOUND,
        anonymous=LOGIN,
        owner=owner,
        manager=manager,
        **dict.fromkeys(OVERSEERS, manager),
    )


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
    """A team's page: its manager and those who oversee it (a head of the parent
    team, a people partner); a team outside their subtree is 404 to them."""
    return {
        ("GET", "team"): row(NOT_FOUND, anonymous=LOGIN, manager=OK, head=OK, partner=OK),
        ("GET", "other_team"): row(NOT_FOUND, anonymous=LOGIN, other_manager=OK),
        ("GET", "missing"): NOBODY,
    }


MATRIX: dict[str, dict[tuple[str, str], dict[str, Expect]]] = {
    "home": {("GET", "none"): row(OK, anonymous=LOGIN)},
    "healthz": {("GET", "none"): row(OK)},
    "favicon": {("GET", "none"): row(REDIRECT)},
    # The sign-in form is shown to everyone, signed in or not: signing in
    # replaces whatever session the browser had (a planted one included).
    "login": {("GET", "none"): row(OK)},
    "account_login": {("GET", "none"): row(OK)},
    "account_logout": {("GET", "none"): row(NOT_ALLOWED), ("POST", "none"): row(LOGIN)},
    # The account pages of django-allauth: the signed-in user's own, nobody else's.
    **{
        name: {("GET", "none"): row(OK, anonymous=LOGIN)}
        for name in (
            "account_email",
            "account_change_password",
            "mfa_index",
            "account_reauthenticate",
            "socialaccount_connections",
            "privacy:account",
            "privacy:my_data",
            "privacy:delete",
        )
    },
    "privacy:account": {("GET", "none"): row(OK, anonymous=LOGIN)},
    "account_inactive": {("GET", "none"): row(OK)},
    "account_signup": {("GET", "none"): row(OK)},
    "account_set_password": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "account_reset_password": {("GET", "none"): row(OK)},
    "account_reset_password_done": {("GET", "none"): row(OK)},
    "account_reset_password_from_key_done": {("GET", "none"): row(OK)},
    "account_reset_password_from_key": {("GET", "none"): row(OK)},
    "account_email_verification_sent": {("GET", "none"): row(OK)},
    "account_confirm_email": {("GET", "none"): row(OK)},
    # Enrolling and the sign-in's second step: a password again first, or
    # nothing to do without a sign-in under way.
    "account_confirm_login_code": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_authenticate": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_reauthenticate": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_activate_totp": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_deactivate_totp": {("GET", "none"): row(NOT_FOUND, anonymous=LOGIN)},
    "mfa_view_recovery_codes": {("GET", "none"): row(NOT_FOUND, anonymous=LOGIN)},
    "mfa_generate_recovery_codes": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_download_recovery_codes": {("GET", "none"): row(NOT_FOUND, anonymous=LOGIN)},
    # Security keys (WebAuthn): one's own list; adding, renaming and removing
    # a key ask for the password again before anything else (allauth then
    # looks the key up among one's own only).
    "mfa_list_webauthn": {("GET", "none"): row(OK, anonymous=LOGIN)},
    "mfa_add_webauthn": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_reauthenticate_webauthn": {("GET", "none"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_remove_webauthn": {("GET", "missing"): row(REDIRECT, anonymous=LOGIN)},
    "mfa_edit_webauthn": {("GET", "missing"): row(REDIRECT, anonymous=LOGIN)},
    "socialaccount_login_cancelled": {("GET", "none"): row(OK)},
    "socialaccount_login_error": {("GET", "none"): row(UNAUTHORIZED)},
    "socialaccount_signup": {("GET", "none"): row(LOGIN)},
    # allauth's old addresses, moved permanently to the /3rdparty/ ones.
    **{
        f"accounts/social/{old}": {("GET", "none"): row(MOVED)}
        for old in ("login/cancelled/", "login/error/", "signup/", "connections/")
    },
    "openid_connect_login": {("GET", "none"): row(NOT_FOUND)},
    "openid_connect_callback": {("GET", "none"): row(NOT_FOUND)},
    "logout": {("GET", "none"): row(NOT_ALLOWED), ("POST", "none"): row(LOGIN)},
    "set_language": {("GET", "none"): row(NOT_ALLOWED), ("POST", "none"): row(REDIRECT)},
    "assessment_new": {
        ("GET", "none"): row(OK, anonymous=LOGIN),  # the home page with the choice open
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
            **every(FROZEN, changed_by_owner(CONFLICT, FORBIDDEN)),
        }
    ),
    "assessments:submit": {
        **post_only(
            {
                "draft": only_owner(SAVED),
                **every(FROZEN, changed_by_owner(ALREADY_DONE, FORBIDDEN)),
            }
        ),
        # GET: the review-and-confirm step, the engineer's own; once frozen it
        # sends them on to the report, and those who see it may not submit it.
        ("GET", "draft"): only_owner(OK),
        **every([("GET", s) for s in FROZEN], changed_by_owner(SHOWN, FORBIDDEN)),
        ("GET", "missing"): NOBODY,
    },
    "assessments:report": assessment_page(),
    "assessments:report_json": assessment_page(),
    "assessments:report_pdf": assessment_page(),
    "assessments:plan": {
        **assessment_page(),
        # The plan stays the engineer's to edit after submit; the manager reads it.
        ("POST", "draft"): only_owner(SAVED),
        **{("POST", s): changed_by_owner(SAVED, FORBIDDEN) for s in FROZEN},
        ("POST", "missing"): NOBODY,
    },
    "assessments:goal_save": post_only(
        {
            "draft": only_owner(SAVED),
            **every(FROZEN, changed_by_owner(SAVED, FORBIDDEN)),
        }
    ),
    # Nobody reviews their own assessment (403); a manager does not see drafts
    # (404); those who oversee the team never review (404).
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
                changed_by_owner(CONFLICT, FORBIDDEN),
            ),
            "reviewed": changed_by_owner(SAVED, FORBIDDEN),
        }
    ),
    "teams:dashboard": team_page(),
    "teams:trend": team_page(),
    # The organisation: for anyone who manages or oversees a team, and administrators.
    **dict.fromkeys(
        ("organisation:dashboard", "organisation:teams_csv", "organisation:report_pdf"),
        {
            ("GET", "none"): row(
                OK, anonymous=LOGIN, owner=NOT_FOUND, teammate=NOT_FOUND, outsider=NOT_FOUND
            )
        },
    ),
    # Anyone signed in searches; what they find is who they may see (tests/teams/test_org.py).
    "organisation:search": {("GET", "none"): row(OK, anonymous=LOGIN)},
    "organisation:search_csv": {("GET", "none"): row(OK, anonymous=LOGIN)},
    "teams:report_pdf": team_page(),
    "teams:ratings_csv": team_page(),
    # Review cycles: opened by managers (for their teams) and administrators;
    # a cycle is seen and closed by the managers of its teams and administrators.
    "cycles:new": {
        # Anyone who manages a team opens cycles for it (the head of a
        # department manages the parent team); a people partner manages none.
        ("GET", "none"): row(
            NOT_FOUND, anonymous=LOGIN, manager=OK, other_manager=OK, head=OK, staff=OK
        ),
        # POST_DATA names no team: the form refuses it (400), nothing is opened.
        ("POST", "none"): row(
            NOT_FOUND,
            anonymous=LOGIN,
            manager=BAD_REQUEST,
            other_manager=BAD_REQUEST,
            head=BAD_REQUEST,
            staff=BAD_REQUEST,
        ),
    },
    "cycles:detail": {
        ("GET", "cycle"): row(NOT_FOUND, anonymous=LOGIN, manager=OK, staff=OK),
        ("GET", "missing"): NOBODY,
    },
    "cycles:close": {
        ("GET", "cycle"): POST_ONLY,
        ("GET", "missing"): POST_ONLY,
        ("POST", "cycle"): row(NOT_FOUND, anonymous=LOGIN, manager=REDIRECT, staff=REDIRECT),
        ("POST", "missing"): NOBODY,
    },
    "cycles:preferences": {
        ("GET", "none"): row(OK, anonymous=LOGIN),
        ("POST", "none"): row(REDIRECT, anonymous=LOGIN),
    },
    # The signed link is the proof, for anyone holding it (no session needed).
    "cycles:unsubscribe": {
        ("GET", "own"): row(OK),
        ("POST", "own"): row(DONE_HERE),
        ("GET", "forged"): row(BAD_REQUEST),
        ("POST", "forged"): row(BAD_REQUEST),
    },
    "cycles:area_confirm": post_only(
        {
            "draft": only_owner(SAVED),
            **every(FROZEN, changed_by_owner(CONFLICT, FORBIDDEN)),
        }
    ),
    # Personal API tokens: one's own page; making one answers the page with
    # its secret; revoking is one's own token only (anyone else's: 404).
    "api_tokens:list": {
        ("GET", "none"): row(OK, anonymous=LOGIN),
        ("POST", "none"): row(DONE_HERE, anonymous=LOGIN),
    },
    "api_tokens:revoke": {
        ("GET", "own"): POST_ONLY,
        ("POST", "own"): row(NOT_FOUND, anonymous=LOGIN, owner=REDIRECT),
        ("POST", "missing"): NOBODY,
    },
    # The API: its description and docs are public; every operation wants a
    # bearer token, and a session cookie alone authenticates nothing (401 to
    # the whole cast). What each persona's token gets: tests/api/test_matrix.py.
    "api:openapi-json": {("GET", "none"): row(OK)},
    "api:openapi-view": {("GET", "none"): row(OK)},
    "api:api-root": {("GET", "none"): row(NOT_FOUND)},
    **{
        name: {("GET", "none"): row(UNAUTHORIZED)}
        for name in (
            "api:me",
            "api:assessments",
            "api:teams",
            "api:framework",
            "api:search",
            "api:cycles",
        )
    },
    **{
        name: {("GET", s): row(UNAUTHORIZED) for s in ("draft", "submitted", "missing")}
        for name in ("api:assessment", "api:report", "api:ratings")
    },
    "api:dashboard": {("GET", s): row(UNAUTHORIZED) for s in ("team", "missing")},
    "api:cycle": {("GET", s): row(UNAUTHORIZED) for s in ("cycle", "missing")},
    # PUT only: other methods are 405 before any token is read.
    "api:rating_put": {("GET", "draft"): row(NOT_ALLOWED), ("POST", "draft"): row(NOT_ALLOWED)},
    # SCIM: a provisioning token or nothing; a session alone is 401 to the
    # whole cast, whatever the method. What each token gets: tests/scim/test_matrix.py.
    **{
        f"scim:{name}": {(method, "missing"): row(UNAUTHORIZED) for method in ("GET", "POST")}
        for name in (
            "service_provider_config",
            "resource_types",
            "resource_type",
            "schemas",
            "schema",
            "users",
            "user",
            "groups",
            "group",
            "search",
            "unknown",
        )
    },
}

# What a POST carries, per route: valid values, so the status is about who asks.
POST_DATA = {
    "login": {"login": "engineer", "password": "correct horse battery staple"},
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
    "cycles:new": {"name": "Q1 2027"},
    "cycles:preferences": {"reminders": "on"},
    "api_tokens:list": {"name": "CI", "days": "30", "scope": "read"},
}

MISSING_ID = 987654321
# A query a route needs to answer at all (a search without a competency is a 400).
QUERIES = {
    "organisation:search": "?competency=programming.python&min_level=0",
    "organisation:search_csv": "?competency=programming.python&min_level=0",
}


def _owner_token(scene):
    """A personal API token of the engineer (made once per scene)."""
    from api.tokens import token_create

    if getattr(scene, "api_token", None) is None:
        scene.api_token = token_create(user=scene.users["owner"], name="matrix", days=30).token
    return scene.api_token


def url_for(route: Route, state: str, scene) -> str:
    """The route's URL with its kwargs filled for ``state``."""
    from django.urls import reverse

    kwargs = {}
    for name in route.kwargs:
        if name == "pk" and route.name == "cycles:area_confirm":
            kwargs[name] = MISSING_ID if state == "missing" else getattr(scene, state).pk
        elif name == "area":
            kwargs[name] = scene.code.split(".")[0]
        elif name == "pk" and route.namespace == "cycles":
            kwargs[name] = MISSING_ID if state == "missing" else scene.cycle.pk
        elif name == "uid":
            kwargs[name] = scene.users["owner"].pk
        elif name == "token":
            from cycles.tokens import unsubscribe_token

            token = unsubscribe_token(scene.users["owner"].pk)
            kwargs[name] = token if state == "own" else token[:-3] + "xyz"
        elif name == "pk" and route.namespace == "api_tokens":
            kwargs[name] = MISSING_ID if state == "missing" else _owner_token(scene).pk
        elif name == "id" and route.name == "api:dashboard":
            kwargs[name] = MISSING_ID if state == "missing" else scene.team.pk
        elif name == "id" and route.namespace == "api":
            kwargs[name] = MISSING_ID if state == "missing" else getattr(scene, state).pk
        elif route.namespace == "scim":  # an id, a schema's or a path nobody has
            kwargs[name] = str(MISSING_ID)
        elif name == "competency_code":
            kwargs[name] = scene.code
        elif name == "pk" and route.namespace == "assessments":
            kwargs[name] = MISSING_ID if state == "missing" else getattr(scene, state).pk
        elif name == "pk" and route.namespace == "teams":
            kwargs[name] = {
                "team": scene.team.pk,
                "other_team": scene.other_team.pk,
                "missing": MISSING_ID,
            }[state]
        elif name == "code":
            kwargs[name] = scene.code
        elif name == "pk" and route.name.endswith("_webauthn"):
            kwargs[name] = MISSING_ID  # a security key nobody of the cast has
        elif name == "key":
            kwargs[name] = "not-a-key"
        elif name == "uidb36":
            kwargs[name] = "zz"
        elif name == "provider_id":
            kwargs[name] = "no-such-provider"
        else:
            pytest.fail(
                f"no value for the URL argument {name!r} of {route.route}: add it to url_for"
            )
    if route.name == route.route and not kwargs:  # an unnamed route: its path
        return "/" + route.route
    return reverse(route.name, kwargs=kwargs) + QUERIES.get(route.name, "")


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


# The one POST that needs no CSRF token: RFC 8058's one-click unsubscribe is
# posted by the mail client, without a session; its signed link is the proof
# (a forged one is 400 and changes nothing: the matrix above).
# The API's PUT reads no session (a bearer token or nothing), so there is no
# cross-site request for CSRF to stop; its other methods are 405 anyway.
# SCIM likewise reads a bearer token only.
CSRF_EXEMPT = {"cycles:unsubscribe", "api:rating_put"} | {
    name for name in MATRIX if name.startswith("scim:")
}
POST_ROUTES = sorted(
    {name for name, cases in MATRIX.items() for method, _state in cases if method == "POST"}
    - CSRF_EXEMPT
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
        "cycles:close": ("manager", "cycle"),
        "cycles:new": ("manager", "none"),
        "api_tokens:revoke": ("owner", "own"),
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
