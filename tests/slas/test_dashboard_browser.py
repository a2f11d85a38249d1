"""A supervisor's dashboard picks up a new breach without a reload (real Chromium through Playwright)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inbox.models import Conversation
from inbox.services import ingest_message
from slas import services
from slas.models import SlaClock
from tests.factories import inbound

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.browser


def test_dashboard_shows_a_new_breach_without_reload(browser_page, brand, supervisor, agent):
    page = browser_page.login(supervisor)
    page.goto("/sla/")
    expect(page.get_by_role("heading", name="SLA dashboard")).to_be_visible()
    expect(page.locator("#sla-live")).to_contain_text("Nothing breached")
    page.evaluate("window.__marker = 'same page'")

    conversation = ingest_message(inbound(brand, created_at=timezone.now() - timedelta(days=4)),
                                  enqueue_triage=False).message.conversation
    Conversation.objects.filter(pk=conversation.pk).update(assignee=agent)
    assert services.sweep().breached >= 1
    clock = SlaClock.objects.get(conversation=conversation, metric="first_response")

    row = page.locator(f'tr[data-clock="{clock.pk}"]')
    expect(row).to_be_visible(timeout=5000)  # the dashboard promises to update within 5 s
    expect(row).to_contain_text(agent.username)
    expect(page.locator('[data-count="breached"]')).not_to_have_text("0")
    assert page.evaluate("window.__marker") == "same page"  # no reload happened
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sla-dashboard.png"), full_page=True)


def test_agent_gets_403_in_the_browser(browser_page, sla_defaults, agent):
    page = browser_page.login(agent)
    response = page.goto("/sla/")
    assert response.status == 403


def test_customer_answers_a_survey_and_sees_service_hours_without_logging_in(browser_page, brand):
    from inbox.models import Conversation as Conv
    from slas.models import Survey

    conversation = ingest_message(inbound(brand, created_at=timezone.now()), enqueue_triage=False).message.conversation
    Conv.objects.filter(pk=conversation.pk).update(status="resolved")
    survey = Survey.objects.create(conversation=conversation, scale="nps")
    page = browser_page
    page.goto(f"/hours/{brand.handle}/")
    expect(page.get_by_role("heading", name="Service hours")).to_be_visible()
    expect(page.locator("table.hours")).to_contain_text("09:00–18:00")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sla-service-hours.png"), full_page=True)

    page.goto(f"/survey/{survey.token}/")
    page.get_by_label("9", exact=True).check()
    page.get_by_label("Anything you want to tell us?").fill("Muy rápidos, gracias")
    page.screenshot(path=str(ARTIFACTS / "sla-survey.png"), full_page=True)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (9, "Muy rápidos, gracias")
