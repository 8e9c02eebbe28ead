"""What the journeys share: signing in and out through the real forms,
screenshots at desktop and phone widths, axe-core, the Nu HTML Checker, and a
keyboard walk."""

from __future__ import annotations

import html
import importlib.resources
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.factories import PASSWORD, draft

SCREENSHOTS = ARTIFACTS / "screenshots"
SERIOUS = ("serious", "critical")


# --- signing in and out -------------------------------------------------------


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page (its field names are the sign-in form's)."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def password_step(page, username: str, password: str = PASSWORD) -> None:
    """The password on the sign-in page of someone with a second factor: the
    second step (``/accounts/2fa/authenticate/``) follows."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")


def sign_out(page) -> None:
    page.locator("form[action$='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url("**/accounts/login/")


def rate_path_id(page) -> int:
    """The assessment id in the URL of its rating page, report or plan."""
    match = re.search(r"/assessments/(\d+)/", page.url)
    assert match, f"not on an assessment page: {page.url}"
    return int(match.group(1))


def first_row_of_new_draft(pages, engineer):
    """A new draft of ``engineer``, a new page signed in as them on its rating
    page, and that page's first row: ``(page, row)``."""
    assessment = draft(engineer)
    page = pages.new()
    sign_in(page, engineer.username)
    page.goto(f"/assessments/{assessment.pk}/")
    return page, page.locator("[data-autosave]").first


def submit_through_confirmation(page) -> None:
    """From the rating page: "Review and submit" (saves the page), then the
    confirmation's "Submit assessment"."""
    page.get_by_role("button", name="Review and submit").click()
    page.wait_for_url("**/submit/")
    page.get_by_role("heading", name="What submitting freezes").wait_for()
    page.get_by_role("button", name="Submit assessment").click()


# --- screenshots --------------------------------------------------------------


# Long pages repeat one row thirty times: their top says how they look, and
# capturing 27,000 px of phone page takes seconds for nothing more.
SCREENSHOT_MAX_HEIGHT = 6000


def save_screenshots(page, name: str) -> list[Path]:
    """A full-page screenshot (the top 6000 px of longer pages) at desktop
    (1280 px) and phone (390 px) width, in tests/e2e/artifacts/screenshots/
    (ignored by git), and the gallery page that shows them side by side.
    The page is left at desktop width."""
    if os.environ.get("SKILLGAP_SCREENSHOTS", "1") == "0":
        return []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = []
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        height = page.evaluate("() => document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": viewport["width"]}
        clip["height"] = max(viewport["height"], min(height, SCREENSHOT_MAX_HEIGHT))
        path = SCREENSHOTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True, clip=clip)
        paths.append(path)
    page.set_viewport_size(DESKTOP)
    _write_gallery()
    return paths


def _write_gallery() -> None:
    names = sorted({p.name.rsplit("-", 1)[0] for p in SCREENSHOTS.glob("*-desktop.png")})
    rows = "\n".join(
        f'<section><h2>{html.escape(n)}</h2><a href="{html.escape(n)}-desktop.png">'
        f'<img src="{html.escape(n)}-desktop.png" alt="{html.escape(n)}, desktop" width="640"></a> '
        f'<a href="{html.escape(n)}-phone.png"><img src="{html.escape(n)}-phone.png" '
        f'alt="{html.escape(n)}, phone" width="195"></a></section>'
        for n in names
    )
    (SCREENSHOTS / "index.html").write_text(
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>SkillGap screenshots</title>'
        "<style>body{font-family:sans-serif}img{vertical-align:top;border:1px solid #ccc}"
        "section{margin-bottom:2em}</style><h1>SkillGap screenshots</h1>\n" + rows + "\n</html>\n"
    )


# --- axe-core -----------------------------------------------------------------


def axe_source() -> str:
    """axe-core's script, as shipped by the axe-playwright-python package."""
    try:
        files = importlib.resources.files("axe_playwright_python")
    except ModuleNotFoundError:
        pytest.skip("axe-playwright-python (axe-core) is not installed: `make install`")
    return (files / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, impacts=SERIOUS) -> list[str]:
    """Run axe-core on the page as it is; one line per violation of the given
    impact. ``evaluate`` is not subject to the page's CSP, a script tag would be."""
    page.evaluate(axe_source())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    width = page.viewport_size["width"]
    return [
        f"{page.url} at {width}px: {v['impact']} {v['id']} ({v['help']}): "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        + (f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else "")
        for v in result["violations"]
        if v["impact"] in impacts
    ]


# --- the Nu HTML Checker -------------------------------------------------------

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
# htmx's attributes are written as hx-* (htmx's own spelling, and what the
# product's templates and tests use); the checker does not know them. Only
# that message is set aside: every other error counts.
HTMX_ATTRIBUTE = re.compile(
    r"^Attribute “hx-[a-z-]+” not allowed on element “[a-z0-9]+” at this point\.$"
)


def nu_errors(documents: dict[str, str]) -> list[str]:
    """The Nu HTML Checker's errors in whole HTML documents (name → markup),
    checked in one run of the checker; one line per error."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.skip("the Nu HTML Checker needs Java and vnu.jar: `make checkers`")
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for index, (name, markup) in enumerate(documents.items()):
            path = Path(folder) / f"{index:03d}.html"
            path.write_text(markup, encoding="utf-8")
            names[path.name] = name
        run = subprocess.run(
            [
                java,
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                "--exit-zero-always",
                *(Path(folder) / f"{i:03d}.html" for i in range(len(documents))),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{names.get(str(m.get('url', '')).rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        f" — {m.get('extract', '').strip()[:120]!r}"
        for m in messages
        if m.get("type") == "error" and not HTMX_ATTRIBUTE.match(m["message"])
    ]


# --- keyboard -----------------------------------------------------------------

# The look of an element and of its labels: focus must change it visibly.
_LOOK = """(el) => [el, ...(el.labels ? Array.from(el.labels) : [])].map((e) => {
  const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
          s.backgroundColor, s.textDecorationLine, s.color].join('|');
}).join('#')"""

_DESCRIBE = """(el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "'
  + (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 60) + '"'"""

_START = f"""() => {{
  const look = {_LOOK};
  const describe = {_DESCRIBE};
  const stopOf = (el) => el.type === 'radio' ? 'radio:' + el.name : el.dataset.e2eStop;
  if (document.activeElement) document.activeElement.blur();
  const expected = new Map();
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  document.querySelectorAll(selector).forEach((el, i) => {{
    if (el.disabled || el.type === 'hidden' || el.tabIndex < 0) return;
    if (el.closest('[inert], [aria-hidden="true"]')) return;
    if (!el.checkVisibility({{visibilityProperty: true}})) return;
    el.dataset.e2eStop = String(i);
    el.dataset.e2eLook = look(el);
    if (!expected.has(stopOf(el))) expected.set(stopOf(el), describe(el));
  }});
  window.e2eFocus = [];
  document.addEventListener('focusin', (event) => {{
    const el = event.target;
    window.e2eFocus.push({{
      stop: el.dataset && el.dataset.e2eStop !== undefined ? stopOf(el) : null,
      changed: el.dataset && el.dataset.e2eLook !== undefined && el.dataset.e2eLook !== look(el),
      describe: describe(el),
    }});
  }}, true);
  return Object.fromEntries(expected);
}}"""


def keyboard_walk(page, max_steps: int = 400, batch: int = 25) -> tuple[list[str], list[str]]:
    """Tab through the page once round. Returns the controls Tab never reached
    (a radio group counts once: arrows move inside it) and the controls whose
    look did not change when they had focus (no visible focus indicator).
    Call it on a freshly loaded page with the mouse away: the look of each
    control without focus is taken at the start."""
    page.mouse.move(0, 0)
    expected = page.evaluate(_START)
    reached, invisible, first = set(), [], None
    for _batch in range(max_steps // batch):
        for _press in range(batch):
            page.keyboard.press("Tab")
        done = False
        for focused in page.evaluate("() => window.e2eFocus.splice(0)"):
            stop = focused["stop"]
            if stop is not None and stop == first:
                done = True  # round the page once
                break
            if stop is not None:
                first = first or stop
                reached.add(stop)
            if not focused["changed"] and focused["describe"] not in invisible:
                invisible.append(focused["describe"])
        if done:
            break
    missing = [describe for stop, describe in expected.items() if stop not in reached]
    return missing, invisible
