"""Every page, in every state a user meets it, in both languages: axe-core
finds no violation at 1,366 px and at 320 px, and the Nu HTML Checker finds no
error in its markup (htmx's hx-* attributes set aside, tests/e2e/helpers.py).

The pages that only a form post shows (a refused sign-in, a submit with
ratings missing) are reached through their forms."""

import pytest

from assessments import services
from tests.e2e.helpers import axe_source, axe_violations, nu_errors, sign_in
from tests.factories import draft, review, submitted

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 320)
LANGUAGES = ("en", "id")
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.fixture
def states(engineer, teammate, manager, outsider, team, other_team):
    """The engineer: an acknowledged review, a completed one waiting to be
    read, a draft; the teammate: an assessment in review and a draft with
    nothing rated; the outsider: nothing yet, in a team of their own."""
    acknowledged = submitted(engineer, level=1)
    services.review_complete(user=manager, assessment=acknowledged, agree_remaining=True)
    services.assessment_acknowledge(user=engineer, assessment=acknowledged, comment="Agreed.")
    reviewed = submitted(engineer, levels={"programming.python": 1, "ai-ml.fine-tuning": 4})
    review(manager, reviewed, "programming.python", 3, comment="Seen in the RAG service review.")
    review(manager, reviewed, "database.sql", 0)
    services.review_complete(user=manager, assessment=reviewed, agree_remaining=True)
    services.goal_save(
        user=engineer,
        assessment=reviewed,
        competency_code="database.sql",
        text="Pair on the query tuning of the reporting service.",
        due_date=None,
        status="in_progress",
        revision=0,
    )
    rating = draft(engineer)
    in_review = submitted(teammate, "enterprise-prompt-rag", level=3)
    review(manager, in_review, "programming.python", 1)
    unrated = draft(teammate)  # nothing to carry over: every competency unrated
    return {
        "unrated": unrated,
        "acknowledged": acknowledged,
        "reviewed": reviewed,
        "draft": rating,
        "in_review": in_review,
        "team": team,
        "other_team": other_team,
    }


def every_page(s):
    """(name, who is signed in, path, status) of every page in each state."""
    a = {k: v.pk for k, v in s.items()}
    return [
        ("sign-in", None, "/accounts/login/", 200),
        ("sign-in-expired", None, "/accounts/login/?expired=1&next=/", 200),
        ("home-engineer", "engineer", "/", 200),
        ("home-manager", "manager", "/", 200),
        ("home-first-time", "outsider", "/", 200),
        ("start", "engineer", "/assessments/new/", 200),
        ("rating", "engineer", f"/assessments/{a['draft']}/", 200),
        ("report-draft", "engineer", f"/assessments/{a['draft']}/report/", 200),
        ("report-to-read", "engineer", f"/assessments/{a['reviewed']}/report/", 200),
        ("report-acknowledged", "engineer", f"/assessments/{a['acknowledged']}/report/", 200),
        ("report-in-review", "manager", f"/assessments/{a['in_review']}/report/", 200),
        ("plan", "engineer", f"/assessments/{a['reviewed']}/plan/", 200),
        ("history", "engineer", "/assessments/history/", 200),
        ("history-empty", "outsider", "/assessments/history/", 200),
        ("review-in-review", "manager", f"/assessments/{a['in_review']}/review/", 200),
        ("review-completed", "manager", f"/assessments/{a['reviewed']}/review/", 200),
        ("team", "manager", f"/teams/{a['team']}/", 200),
        ("team-reviewed-only", "manager", f"/teams/{a['team']}/?ratings=reviewed", 200),
        ("team-nobody-assessed", "othermanager", f"/teams/{a['other_team']}/", 200),
        ("not-found", "engineer", "/assessments/999999/report/", 404),
    ]


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def check(page, name: str, lang: str, documents: dict, problems: list) -> None:
    documents[f"{name} ({lang})"] = page.content()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"{name} ({lang}): {v}" for v in axe_violations(page, EVERY_IMPACT)]
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_every_page_and_state_passes_axe_and_the_html_checker_in_both_languages(pages, states):
    axe_source()  # skips at once when axe-core is not installed
    documents, problems, signed_in = {}, [], {}
    for name, username, path, status in every_page(states):
        if username not in signed_in:
            signed_in[username] = pages.new()
            if username:
                sign_in(signed_in[username], username)
        page = signed_in[username]
        for lang in LANGUAGES:
            response = page.goto(with_lang(path, lang))
            assert response.status == status, f"{name}: {path} answered {response.status}"
            documents[f"{name} ({lang}) as served"] = response.text()
            check(page, name, lang, documents, problems)

    # What only a form post shows.
    for lang in LANGUAGES:
        page = pages.new()
        page.goto(with_lang("/accounts/login/", lang))
        page.locator("input[name=login]").fill("engineer")
        page.locator("input[name=password]").fill("not the password")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("main .alert-danger").count() >= 1
        check(page, "sign-in-refused", lang, documents, problems)

        page = signed_in.get("teammate") or pages.new()
        if "teammate" not in signed_in:
            sign_in(page, "teammate")
            signed_in["teammate"] = page
        page.goto(with_lang(f"/assessments/{states['unrated'].pk}/", lang))
        page.locator("button[formaction$='/submit/']").first.click()
        page.wait_for_load_state()
        assert "not rated" in page.content() or "belum dinilai" in page.content()
        check(page, "submit-incomplete", lang, documents, problems)

    problems += nu_errors(documents)
    assert not problems, "\n".join(problems)
