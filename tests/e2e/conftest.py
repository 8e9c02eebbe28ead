"""Browser journeys: the project served by pytest-django's ``live_server`` and
driven by Playwright (sync API) in the system Chromium, headless.

A test asks for ``pages`` and opens one page per person (``pages.new(...)``);
each page lives in its own browser context, so two people never share
cookies. When a test fails, every page it opened leaves a screenshot, its HTML
and its console in ``tests/e2e/artifacts/failures/<test>/``.

With SQLite in memory (the test default) the live server's threads and the
test share ONE database connection; two of them using it at once fail with
"database table is locked". So the server answers one request at a time, and
a test reads the database in the middle of a journey only inside
``pages.quiet()``, which waits for the request being answered and holds the
next ones back.
"""

import copy
import os
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).parent / "artifacts"
# A slow CI machine may take a few seconds for a PDF or a first page.
TIMEOUT_MS = 15_000


HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e/ is a browser test: marked ``e2e`` here, before
    ``-m`` selects, so ``-m "not e2e"`` (``make test-fast``) leaves them all out."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item: the ``pages`` fixture looks
    at it on teardown to decide whether to leave artifacts behind."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def chromium():
    """One headless Chromium for the whole e2e package (started once: ~1 s)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs Chromium (Debian)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    # Playwright's sync API runs an asyncio event loop in this thread; Django
    # refuses database queries while one runs unless told that this is safe.
    # It is here: the loop only drives the browser, the queries are the
    # test's own. Only while the browser runs: a subprocess started by
    # another test (`check --deploy`) must not inherit it.
    unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = unsafe


class SerialApp:
    """A WSGI app that answers one request at a time, under ``lock``."""

    def __init__(self, app, lock):
        self.app, self.lock = app, lock

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            # The body is read inside the lock too (a streamed one may query),
            # and closing the response ends the request (request_finished).
            try:
                body = b"".join(response)
            finally:
                if hasattr(response, "close"):
                    response.close()
        return [body]


@pytest.fixture
def server(live_server, transactional_db):
    """pytest-django's live server, answering one request at a time."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, SerialApp):
        app = SerialApp(app, threading.Lock())
        httpd.set_app(app)
    live_server.lock = app.lock
    return live_server


class Pages:
    """Opens pages for a test, each in a fresh browser context, and keeps
    what went wrong in them (uncaught script errors, CSP refusals)."""

    def __init__(self, browser, server):
        self.browser = browser
        self.base_url = server.url
        self.lock = server.lock
        self.contexts = []
        self.problems: list[str] = []

    def new(self, *, javascript: bool = True, viewport: dict | None = None, locale: str = "en-US"):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or DESKTOP,
            java_script_enabled=javascript,
            locale=locale,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        return self._watch(context.new_page())

    def new_tab(self, page):
        """Another tab beside ``page``: the same browser context, so the same
        person signed in with the same cookies (two windows of one person)."""
        return self._watch(page.context.new_page())

    def _watch(self, page):
        page.console_lines = []
        page.on("console", lambda msg, page=page: self._console(page, msg))
        page.on("pageerror", lambda error: self.problems.append(f"uncaught script error: {error}"))
        # A reload with an unsaved change asks first (beforeunload); going on
        # lets the test see what was saved instead of waiting for ever.
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    def _console(self, page, msg):
        page.console_lines.append(f"[{msg.type}] {msg.text}")
        if msg.type == "error" and "Content Security Policy" in msg.text:
            self.problems.append(f"CSP refused something: {msg.text}")

    @contextmanager
    def quiet(self):
        """The server between two requests, for the test to use the database."""
        with self.lock:
            yield

    def pages(self):
        return [page for context in self.contexts for page in context.pages]

    @staticmethod
    def artifacts_of(test_name: str) -> Path:
        return ARTIFACTS / "failures" / re.sub(r"[^\w.-]+", "_", test_name)

    def leave_artifacts(self, test_name: str) -> Path:
        folder = self.artifacts_of(test_name)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        if self.problems:
            (folder / "problems.txt").write_text("\n".join(self.problems) + "\n")
        for n, page in enumerate(self.pages(), start=1):
            stem = folder / f"page-{n}"
            try:
                stem.with_suffix(".url").write_text(page.url + "\n")
                page.screenshot(path=str(stem.with_suffix(".png")), full_page=True, timeout=10_000)
                stem.with_suffix(".html").write_text(page.content())
            except Exception as error:  # a crashed page still leaves its console
                stem.with_suffix(".error.txt").write_text(repr(error))
            stem.with_suffix(".console.txt").write_text("\n".join(page.console_lines) + "\n")
        return folder

    def close(self):
        for context in self.contexts:
            context.close()
        self.contexts = []
        with self.quiet():
            pass  # a request the browser left behind is answered before the flush


@pytest.fixture
def pages(request, chromium, server):
    pages = Pages(chromium, server)
    yield pages
    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    try:
        if failed:
            folder = pages.leave_artifacts(request.node.nodeid)
            print(f"\nBrowser artifacts of the failed test: {folder}")
        else:  # what an earlier failure left would mislead
            shutil.rmtree(pages.artifacts_of(request.node.nodeid), ignore_errors=True)
    finally:
        problems = list(pages.problems)
        pages.close()
    if problems and not failed:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems))


@pytest.fixture
def page(pages):
    """One page in its own context, desktop width, JavaScript on."""
    return pages.new()


# --- single sign-on -----------------------------------------------------------

# The provider's users: the cast engineer's and the manager's verified e-mail
# (tests/factories.py: "<username>@example.com"), and one nobody here has.
OIDC_USERS = [
    ("eko.sso", "provider-pass-1", "engineer@example.com"),
    ("stranger", "provider-pass-2", "stranger@elsewhere.example"),
    ("maya.sso", "provider-pass-3", "manager@example.com"),
]
OIDC_CALLBACK = "/accounts/oidc/oidc/login/callback/"


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """A real OpenID Connect provider (django-oauth-toolkit) in a second
    process, whose registered client calls back to the live server."""
    from tests.oidc_provider import process

    provider = process.start(
        tmp_path_factory.mktemp("oidc-provider"),
        redirect_uri=live_server.url + OIDC_CALLBACK,
        users=OIDC_USERS,
    )
    yield provider
    provider.stop()


@pytest.fixture
def sso(settings, oidc_provider):
    """SkillGap's OIDC settings pointed at the provider, as config/settings.py
    builds them from OIDC_SERVER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET."""
    settings.OIDC_SERVER_URL = oidc_provider.server_url
    settings.OIDC_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.client_secret
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "oidc",
                    "name": settings.OIDC_NAME,
                    "client_id": oidc_provider.client_id,
                    "secret": oidc_provider.client_secret,
                    "settings": {"server_url": oidc_provider.server_url},
                }
            ],
        }
    }
    # config/settings.py lets forms be sent on to the provider (CSP form-action).
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(oidc_provider.server_url))
    policy["DIRECTIVES"]["form-action"].append(origin)
    settings.CONTENT_SECURITY_POLICY = policy
    return oidc_provider
