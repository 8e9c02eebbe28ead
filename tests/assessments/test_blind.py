"""Blind ratings (``assessments/blind.py``), as the people involved see them.

- The rating page shows a competency's target, and its gap, only once the
  engineer has rated it.
- A manager reviewing an assessment does not see the engineer's self-rating of
  a competency until a manager level is saved for it: not on the review page,
  not in its htmx answers, not in report.json, not in the PDF. The evidence is
  there from the start; a saved level reveals the self-rating with the
  blind-spot flag; once the review is completed everything is visible. The
  engineer always sees their own ratings.

"Does not see" is tested as "what is shown does not depend on it": the same
page with another hidden self-rating is the same page.
"""

import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from assessments import services
from assessments.models import Rating
from roles.models import ProfileTarget
from tests.factories import competency_count, draft, rate, rate_all, review, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

CODE = "programming.python"  # the competency whose self-rating is watched
OTHER = "database.sql"
EVIDENCE = "Shipped the retrieval service https://example.com/rag"
HTMX = {"HTTP_HX_REQUEST": "true"}
CSRF = re.compile(r"\b[A-Za-z0-9]{64}\b")  # the page's CSRF tokens, masked anew each time


@pytest.fixture
def assessment(engineer, team):
    """Submitted: Python rated 4 with evidence, everything else 1."""
    a = submitted(engineer, level=1, levels={CODE: 4})
    Rating.objects.filter(assessment=a, competency__code=CODE).update(evidence=EVIDENCE)
    return a


def set_self_rating(assessment, level, code=CODE):
    """Change a self-rating behind the page's back (the assessment is
    submitted: no service would), to see whether anything shown follows it."""
    Rating.objects.filter(assessment=assessment, competency__code=code).update(level=level)
    cache.clear()


def review_url(assessment):
    return reverse("assessments:review", args=[assessment.pk])


def review_save_url(assessment, code):
    return reverse("assessments:review_save", args=[assessment.pk, code])


def review_page(client, assessment) -> str:
    response = client.get(review_url(assessment))
    assert response.status_code == 200
    return CSRF.sub("", response.text)


def self_cell(page: str, code: str = CODE) -> str:
    """The review row's "Self-rating" value, as HTML."""
    match = re.search(rf'<dd id="self-{re.escape(code)}"[^>]*>(.*?)</dd>', page, re.S)
    assert match, f"no self-rating cell for {code}"
    return match.group(1)


def json_self(client, assessment, code=CODE):
    response = client.get(reverse("assessments:report_json", args=[assessment.pk]))
    assert response.status_code == 200
    return next(c for c in response.json()["competencies"] if c["code"] == code)["self"]


def pdf_text(client, assessment) -> str:
    response = client.get(reverse("assessments:report_pdf", args=[assessment.pk]) + "?lang=en")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- the review page, before the manager rates ------------------------------------


def test_the_review_page_does_not_show_a_self_rating_before_the_manager_rates_it(
    client_for, manager, assessment
):
    client = client_for(manager)
    page = review_page(client, assessment)
    assert "shown once you save your rating" in self_cell(page)
    assert "<strong>" not in self_cell(page)
    assert "Blind spot" not in page
    # Nothing on the page depends on it: with another self-rating, the same page.
    set_self_rating(assessment, 0)
    assert review_page(client, assessment) == page


def test_the_evidence_is_visible_from_the_start(client_for, manager, assessment):
    page = review_page(client_for(manager), assessment)
    assert '<a href="https://example.com/rag"' in page
    assert "Shipped the retrieval service" in page


def test_an_htmx_answer_does_not_carry_a_self_rating_not_rated_yet(client_for, manager, assessment):
    """Saving another row answers with the page's progress and that row only."""

    def answer():
        response = client_for(manager).post(
            review_save_url(assessment, OTHER), {"level": "2", "revision": "0"}, **HTMX
        )
        assert response.status_code == 200
        Rating.objects.filter(assessment=assessment, competency__code=OTHER).update(
            manager_level=None, manager_revision=0, reviewed_by=None
        )
        return response.text

    first = answer()
    assert f'id="self-{CODE}"' not in first
    set_self_rating(assessment, 0)
    assert answer() == first


def test_a_form_shown_again_with_an_error_does_not_show_it_either(client_for, manager, assessment):
    """Without JavaScript: a comment without a rating is refused, the page shown again."""
    response = client_for(manager).post(
        review_url(assessment), {f"{CODE}-comment": "Nice work", f"{CODE}-revision": "0"}
    )
    assert response.status_code == 400
    assert "shown once you save your rating" in self_cell(response.text)


def test_report_json_says_self_null_to_the_manager(client_for, manager, assessment):
    client = client_for(manager)
    assert json_self(client, assessment) is None
    assert json_self(client, assessment, OTHER) is None


def test_the_pdf_does_not_show_it_to_the_manager(client_for, engineer, manager, assessment):
    engineers = pdf_text(client_for(engineer), assessment)  # cached: the engineer's copy
    managers = pdf_text(client_for(manager), assessment)
    assert managers != engineers  # never the engineer's copy from the cache
    assert (
        f"self-ratings of {competency_count()} competencies are hidden until a manager has rated them"
        in managers
    )
    assert "are hidden" not in engineers
    set_self_rating(assessment, 0)
    assert pdf_text(client_for(manager), assessment) == managers
    set_self_rating(assessment, 4)
    # ... nor the manager's blind copy to the engineer.
    assert pdf_text(client_for(engineer), assessment) == engineers


def test_the_engineer_always_sees_their_own(client_for, engineer, manager, assessment):
    client = client_for(engineer)
    assert json_self(client, assessment) == 4
    report = client.get(reverse("assessments:report", args=[assessment.pk])).text
    row = report[report.index(f'id="competency-{CODE}"') :]
    assert re.search(r'data-field="self"[^>]*>\s*4\b', row)
    review(manager, assessment, OTHER, 3)  # in review now: still all there
    assert json_self(client, assessment) == 4
    assert json_self(client, assessment, OTHER) == 1


# --- a level saved reveals it ---------------------------------------------------------


def test_saving_a_level_reveals_the_self_rating_with_the_blind_spot_flag_out_of_band(
    client_for, manager, assessment
):
    response = client_for(manager).post(
        review_save_url(assessment, CODE), {"level": "1", "revision": "0"}, **HTMX
    )
    assert response.status_code == 200
    answer = response.text
    cell = re.search(rf'<dd id="self-{re.escape(CODE)}"[^>]*hx-swap-oob="true">(.*?)</dd>', answer)
    assert cell and "<strong>4</strong> · Expert" in cell.group(1)
    assert "Blind spot: two or more levels apart" in answer
    # The page says so too, and only that row is revealed.
    page = review_page(client_for(manager), assessment)
    assert "<strong>4</strong> · Expert" in self_cell(page)
    assert "shown once you save your rating" in self_cell(page, OTHER)
    assert json_self(client_for(manager), assessment) == 4
    assert json_self(client_for(manager), assessment, OTHER) is None


def test_a_revealed_self_rating_is_marked_on_the_managers_level_buttons(
    client_for, manager, assessment
):
    client = client_for(manager)
    before = review_page(client, assessment)
    assert "◆</span> self-rating" not in before
    response = client.post(
        review_save_url(assessment, CODE), {"level": "1", "revision": "0"}, **HTMX
    )
    mark = re.search(
        rf'<span class="review-self-mark" id="self-mark-{re.escape(CODE)}-(\d)" hx-swap-oob="true">(.*?)</span>(?=</label>|$|<)',
        response.text,
    )
    assert mark and mark.group(1) == "4" and "self-rating" in response.text
    page = review_page(client, assessment)
    labels = re.findall(rf'<label[^>]* for="{re.escape(CODE)}-level-(\d)">(.*?)</label>', page)
    marked = [level for level, label in labels if "self-rating" in label]
    assert marked == ["4"]  # on the engineer's own level, and on no other row's
    assert page.count("◆</span> self-rating") == 1


def test_without_javascript_a_saved_level_reveals_it_on_the_page(client_for, manager, assessment):
    client = client_for(manager)
    response = client.post(review_url(assessment), {f"{CODE}-level": "3", f"{CODE}-revision": "0"})
    assert response.status_code == 302
    page = review_page(client, assessment)
    assert "<strong>4</strong> · Expert" in self_cell(page)
    assert "Blind spot" not in page  # 3 against 4: one level apart


def test_the_pdf_shows_a_rated_one_and_a_fresh_copy_is_made(client_for, manager, assessment):
    client = client_for(manager)
    before = pdf_text(client, assessment)
    review(manager, assessment, CODE, 1, comment="Let us look at the packaging work.")
    after = pdf_text(client, assessment)
    assert "Blind spots" not in before
    assert "Blind spots" in after and "Let us look at the packaging work." in after
    assert f"self-ratings of {competency_count() - 1} competencies are hidden" in after


# --- completed: everything visible -------------------------------------------------


def test_after_the_review_is_completed_everything_is_visible(
    client_for, engineer, manager, assessment
):
    review(manager, assessment, OTHER, 3)
    client = client_for(manager)
    response = client.post(
        reverse("assessments:review_complete", args=[assessment.pk]), {"agree_remaining": "1"}
    )
    assert response.status_code == 302
    page = review_page(client, assessment)
    assert "shown once you save your rating" not in page
    assert "<strong>4</strong> · Expert" in self_cell(page)
    assert "<strong>1</strong>" in self_cell(page, OTHER)
    assert json_self(client, assessment) == 4
    assert json_self(client, assessment, OTHER) == 1
    # The manager's copy of the PDF now says what the engineer's says.
    assert pdf_text(client, assessment) == pdf_text(client_for(engineer), assessment)


# --- the rating page: the target once rated -------------------------------------------


def rate_page(client, assessment) -> str:
    response = client.get(reverse("assessments:rate", args=[assessment.pk]))
    assert response.status_code == 200
    return response.text


def row_of(page: str, code: str = CODE) -> str:
    dom_id = code.replace(".", "--")
    row = page[page.index(f'id="row-{dom_id}"') :]
    return row[: row.index("</article>")]


def python_target(assessment) -> ProfileTarget:
    return ProfileTarget.objects.get(profile=assessment.role_profile, competency__code=CODE)


def test_the_rating_page_hides_a_target_until_the_competency_is_rated(client_for, engineer):
    assessment = draft(engineer)
    client = client_for(engineer)
    row = row_of(rate_page(client, assessment))
    assert "Target for your role" not in row and "below target" not in row
    assert "Your target appears once you rate this competency." in row
    # Nothing in the row depends on the target: with another one, the same row.
    ProfileTarget.objects.filter(pk=python_target(assessment).pk).update(target=0)
    assert row_of(rate_page(client, assessment)) == row


def test_an_htmx_save_reveals_the_target_and_the_gap_out_of_band(client_for, engineer):
    assessment = draft(engineer)
    target = python_target(assessment).target
    response = client_for(engineer).post(
        reverse("assessments:rating_save", args=[assessment.pk, CODE]),
        {"level": "0", "revision": "0"},
        **HTMX,
    )
    assert response.status_code == 200
    answer = response.text
    head = re.search(
        r'<p class="mb-0 rating-target" id="row-programming--python-target" '
        r'hx-swap-oob="true">(.*?)</p>',
        answer,
    )
    assert head, answer
    assert f"Target for your role: {target}" in head.group(1)
    assert f"{target} levels below target" in head.group(1)
    mark = f'id="programming--python-target-mark-{target}" hx-swap-oob="true">'
    assert mark + ' <span class="level-target">target</span>' in answer
    # The other levels' marks are emptied, whichever the page showed.
    assert 'id="programming--python-target-mark-4" hx-swap-oob="true"></span>' in answer


def test_after_a_plain_post_the_page_shows_the_target_of_the_rated_row_only(client_for, engineer):
    assessment = draft(engineer)
    target = python_target(assessment).target
    client = client_for(engineer)
    response = client.post(
        reverse("assessments:rating_save", args=[assessment.pk, CODE]),
        {"level": str(target), "revision": "0"},
    )
    assert response.status_code == 302
    page = rate_page(client, assessment)
    assert f"Target for your role: {target}" in row_of(page)
    assert "target reached" in row_of(page)
    assert "Target for your role" not in row_of(page, OTHER)


def test_a_reassessment_prefilled_from_the_last_one_shows_its_targets(
    client_for, engineer, manager, team
):
    first = submitted(engineer, level=2)
    services.review_complete(user=manager, assessment=first, agree_remaining=True)
    again = draft(engineer)
    page = rate_page(client_for(engineer), again)
    assert page.count("Target for your role:") == competency_count()
    assert "Your target appears once you rate" not in page


def test_a_whole_page_save_without_javascript_reveals_the_targets_it_rated(client_for, engineer):
    assessment = draft(engineer)
    rate_all(assessment, level=None)
    rate(engineer, assessment, OTHER, 2)
    client = client_for(engineer)
    response = client.post(
        reverse("assessments:rate", args=[assessment.pk]),
        {f"{CODE}-level": "1", f"{CODE}-revision": "0", f"initial-{CODE}-level": ""},
    )
    assert response.status_code == 302
    page = rate_page(client, assessment)
    assert "Target for your role" in row_of(page)
    assert "Target for your role" in row_of(page, OTHER)
    assert "Target for your role" not in row_of(page, "programming.javascript")
