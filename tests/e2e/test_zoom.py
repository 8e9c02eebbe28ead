"""The rating page at 400 % zoom (a 1280 × 1024 screen: 320 × 256 CSS px) and
on a phone: the progress bar never covers what has focus, and at 400 % it
scrolls away instead of taking the screen (WCAG 1.4.10, 2.4.11)."""

import pytest

from tests.e2e.helpers import sign_in
from tests.factories import draft

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ZOOM_400 = {"width": 320, "height": 256}
PHONE = {"width": 390, "height": 844}

# Where the focused control is (a radio by its label: the input itself is
# drawn by its label) and where the progress bar ends.
GEOMETRY = """() => {
  const el = document.activeElement;
  const shown = el.type === 'radio' && el.labels.length ? el.labels[0] : el;
  const box = shown.getBoundingClientRect();
  const aside = document.querySelector('.rate-aside');
  return {inRows: !!el.closest('.rate-fields [data-autosave]'), id: el.id,
          top: box.top, bottom: box.bottom, viewport: window.innerHeight,
          asideBottom: aside.getBoundingClientRect().bottom,
          position: getComputedStyle(aside).position};
}"""


@pytest.mark.parametrize("viewport", [ZOOM_400, PHONE], ids=["zoom-400", "phone"])
def test_the_progress_bar_never_covers_the_focused_field(pages, engineer, viewport):
    assessment = draft(engineer)
    page = pages.new(viewport=viewport)
    sign_in(page, "engineer")
    page.goto(f"/assessments/{assessment.pk}/")
    page.mouse.move(0, 0)
    # Scrolling to the focus at once (no smooth scroll): where it ends is measured.
    page.emulate_media(reduced_motion="reduce")
    # Down the first area with Tab, as a keyboard user goes: each level group
    # and each evidence field, in view and clear of the bar.
    seen = set()
    for _press in range(80):
        page.keyboard.press("Tab")
        at = page.evaluate(GEOMETRY)
        if not at["inRows"]:
            if seen:
                break  # past the first area's rows
            continue
        seen.add(at["id"])
        # On screen: its top in view (a browser scrolls no further for a field
        # already in sight), ...
        assert 0 <= at["top"] <= at["viewport"] - 16, at
        # ... and none of it under the bar.
        if at["position"] == "sticky":
            assert at["top"] >= at["asideBottom"] - 1, at
    assert len(seen) >= 6
    if viewport is ZOOM_400:
        # Scrolled down, the bar has gone: the whole screen is the page's.
        assert at["position"] == "static"
        assert at["asideBottom"] <= 0
