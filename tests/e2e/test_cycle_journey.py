"""A review cycle in a browser, with its e-mail delivered to a real SMTP
server (aiosmtpd on loopback): the manager opens it through the form, the
engineer reads the e-mail in Indonesian, follows it to their home page and
draft, confirms an area unchanged, and turns reminders off with the link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from cycles.models import Cycle, Preferences
from tests.e2e.helpers import axe_violations, sign_in, sign_out
from tests.factories import submitted
from tests.smtp import serving

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp(settings, server):
    settings.SITE_URL = server.url
    with serving(settings) as inbox:
        yield inbox


def test_open_a_cycle_read_the_mail_follow_it_confirm_an_area_unsubscribe(
    pages, smtp, engineer, manager, team
):
    with pages.quiet():
        engineer.language = "id"
        engineer.save()
        submitted(engineer, level=3)
    page = pages.new()
    sign_in(page, "manager")
    page.goto("/?lang=en")
    page.get_by_role("link", name="Open a review cycle").click()
    assert axe_violations(page) == []
    today = timezone.localdate()
    page.get_by_label("Name").fill("Q4 2026")
    page.get_by_label("Platform AI").check()
    page.get_by_label("Self-assessment due").fill((today + timedelta(days=7)).isoformat())
    page.get_by_label("Review due").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Open the cycle").click()
    expect(page.locator("h1")).to_contain_text("Review cycle Q4 2026")
    expect(page.locator("#members")).to_contain_text("Eko Engineer")
    assert axe_violations(page) == []
    page.goto("/cycles/preferences/")
    assert axe_violations(page) == []
    sign_out(page)

    with pages.quiet():
        cycle = Cycle.objects.get()
        [message] = smtp.to(engineer.email)
    assert message["Subject"] == "Siklus tinjauan Q4 2026: penilaian diri Anda"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Halo Eko Engineer" in text
    ics = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    content = ics.get_content()
    event = Calendar.from_ical(content if isinstance(content, bytes) else content.encode()).walk(
        "VEVENT"
    )[0]
    assert event.decoded("dtstart") == cycle.self_due

    # The e-mail's button leads home, where the cycle and its due date are.
    html = message.get_body(preferencelist=("html",)).get_content()
    link = re.search(r'class="button" href="([^"]+)"', html).group(1)
    sign_in(page, "engineer")
    page.goto(link)
    expect(page.locator(f"#home-cycle-{cycle.pk}")).to_contain_text("Q4 2026")
    assert axe_violations(page) == []
    page.locator(f"#home-cycle-{cycle.pk} a").click()
    confirm = page.locator(".area-confirm button").first
    expect(confirm).to_contain_text("Tidak ada yang berubah di area ini")
    confirm.click()
    expect(page.locator("[data-area-confirmed]").first).to_contain_text("Dikonfirmasi")

    # One click on the link of the e-mail turns reminders off.
    unsubscribe = str(message["List-Unsubscribe"]).strip().strip("<>")
    page.goto(unsubscribe)
    assert axe_violations(page) == []
    page.locator("#unsubscribe-button").click()
    expect(page.locator("#unsubscribed")).to_be_visible()
    with pages.quiet():
        assert Preferences.objects.get(user=engineer).reminders is False
