"""Where the keyboard is, every control shows it: a solid ring with at least
3:1 contrast against the page (WCAG 2.4.7 and 1.4.11), not Bootstrap's pale
shadow."""

import pytest

from tests.e2e.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RING = """(selector) => {
  const el = document.querySelector(selector);
  el.focus({focusVisible: true});
  const s = getComputedStyle(el);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
          shadow: s.boxShadow};
}"""


def luminance(rgb: str) -> float:
    parts = [int(float(p)) for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]

    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_on_white(rgb: str) -> float:
    return 1.05 / (luminance(rgb) + 0.05)


def test_buttons_fields_and_links_show_a_solid_ring_of_3_to_1(pages, engineer):
    page = pages.new()
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")  # keyboard modality, as a keyboard user has it
    for selector in ("input[name=login]", "main form button[type=submit]", "#language-select"):
        ring = page.evaluate(RING, selector)
        assert ring["style"] == "solid" and ring["width"] >= 2, (selector, ring)
        assert contrast_on_white(ring["color"]) >= 3, (selector, ring)
    sign_in(page, "engineer")
    page.keyboard.press("Tab")
    ring = page.evaluate(RING, "nav .nav-link")
    assert ring["style"] == "solid" and contrast_on_white(ring["color"]) >= 3, ring
    pages.close()
