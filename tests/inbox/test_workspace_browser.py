"""Agents working in a real Chromium: live inbox, reply with a template, resolve, collisions, escaping."""

import os
import re
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from inbox.models import Conversation, Message
from playbook.defaults import install_default_playbook
from slas.defaults import install_defaults
from slas.models import BusinessCalendar, SlaPolicy
from tests.conftest import WorkerProcess
from tests.factories import ChannelAccountFactory, UserFactory
from tests.inbox.conftest import ingest_and_triage, workday_history
from tests.networks import X_SECRET, post_x, tweet_event

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# The README's screenshots are refreshed with ESCUCHA_SCREENSHOTS_DIR=docs/screenshots; a plain run leaves docs alone.
SCREENSHOTS = Path(os.environ.get("ESCUCHA_SCREENSHOTS_DIR") or ARTIFACTS / "screenshots")
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
LIVE = 10_000  # ms to wait for a live update (the page polls every 3–4 s)


@pytest.fixture
def brand(transactional_db):
    install_default_playbook()
    return ChannelAccountFactory(network="x", handle="MovilNova", external_id="1500", name="Movil Nova")


def network_env(fake_x) -> dict:
    """What the worker subprocess needs to talk to the fake X server."""
    return {"X_API_BASE_URL": fake_x.url, "X_CONSUMER_SECRET": X_SECRET, "X_CONSUMER_KEY": "ck",
            "X_BEARER_TOKEN": "bearer", "X_ACCESS_TOKEN": "at", "X_ACCESS_TOKEN_SECRET": "ats"}


@pytest.mark.celery_worker
def test_agent_sees_a_mention_live_replies_privately_with_an_edited_template_and_resolves(browser, client, fake_x,
                                                                                          x_account):
    install_default_playbook()
    install_defaults(BusinessCalendar, SlaPolicy)  # an earlier transactional test flushed the migration's policies
    ana = UserFactory(username="ana", role="agent")
    worker = WorkerProcess(settings.CELERY_BROKER_URL, extra_env=network_env(fake_x)).start()
    try:
        page = browser.agent_page(ana)
        page.goto("/inbox/")
        expect(page.locator("tbody#inbox-rows")).to_contain_text("No conversations here")

        # The mention comes in through the signed webhook; the worker ingests and triages it.
        now = datetime.now(dt_timezone.utc)
        tweet = tweet_event(tweet_id="9101", text="@AcmeHelp llevo tres días sin fibra en casa, ¿qué pasa?",
                            created_at=now.strftime("%a %b %d %H:%M:%S +0000 %Y"),
                            timestamp_ms=str(int(now.timestamp() * 1000)))
        assert post_x(client, tweet).status_code == 200
        row = page.locator("tr[data-row]", has_text="llevo tres días sin fibra")
        expect(row).to_be_visible(timeout=30_000)  # arrived without a reload
        expect(row).to_have_class(re.compile("fresh"))
        message = Message.objects.get(external_id="9101")

        page.keyboard.press("j")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/inbox/{message.conversation_id}/")
        expect(page.locator("#thread")).to_contain_text("sin fibra en casa")

        page.check("input[name=visibility][value=private]")
        expect(page.locator("[data-counter]")).to_have_text("0 / 10000")
        template_key = page.locator("[data-template-pick] option").nth(1).get_attribute("value")
        page.select_option("[data-template-pick]", template_key)
        filled = page.input_value("#reply-text")
        assert filled and "{customer_name}" not in filled
        page.locator("#reply-text").press("End")
        page.keyboard.type(" Te escribe Ana.")
        edited = page.input_value("#reply-text").strip()
        expect(page.locator("[data-counter]")).to_have_text(f"{len(edited)} / 10000")
        page.click("#composer button.primary")

        # The worker delivers it as a DM to the customer; the thread shows it sent.
        expect(page.locator("#thread .msg.out")).to_contain_text("Te escribe Ana.", timeout=LIVE)
        expect(page.locator("#thread .msg.out .delivery")).to_contain_text("Sent", timeout=30_000)
    finally:
        worker.stop()
    [dm] = fake_x.received("POST", "/2/dm_conversations/with/42/messages")
    assert dm.body == {"text": edited}
    reply = Message.objects.outbound().get(conversation=message.conversation)
    assert (reply.visibility, reply.template_key, reply.author_user, reply.delivery_state) == \
        ("private", template_key, ana, "sent")
    conversation = Conversation.objects.get(pk=message.conversation_id)
    assert conversation.assignee == ana
    clock = conversation.sla_clocks.get(metric="first_response")  # the slas app's clock, stopped by the reply
    assert clock.stopped_at is not None and clock.state == "met"

    page.keyboard.press("Escape")
    page.keyboard.press("e")
    expect(page.locator(".flash")).to_contain_text("Resolved.")
    assert Conversation.objects.get(pk=conversation.pk).status == "resolved"
    page.screenshot(path=str(ARTIFACTS / "workspace-resolved.png"), full_page=True)


def test_two_agents_see_each_other_and_a_late_reply_asks_for_confirmation(browser, brand):
    conversation = ingest_and_triage(brand, text="@MovilNova ¿me devolvéis el dinero?").conversation
    ana, luis = UserFactory(username="ana", role="agent"), UserFactory(username="luis", role="agent")
    ana_page, luis_page = browser.agent_page(ana), browser.agent_page(luis)
    ana_page.goto(f"/inbox/{conversation.pk}/")
    luis_page.goto(f"/inbox/{conversation.pk}/")

    expect(ana_page.locator("#presence")).to_contain_text("luis is also viewing", timeout=LIVE)
    expect(luis_page.locator("#presence")).to_contain_text("ana is also viewing", timeout=LIVE)

    ana_page.fill("#reply-text", "Hola, te lo miramos ahora mismo.")
    ana_page.click("#composer button.primary")
    expect(ana_page.locator("#thread .msg.out")).to_contain_text("te lo miramos", timeout=LIVE)

    luis_page.fill("#reply-text", "Hola! Ya lo tienes.")
    luis_page.click("#composer button.primary")
    expect(luis_page.locator("#composer .collision")).to_contain_text("Another agent already replied")
    expect(luis_page.locator("#composer .collision")).to_contain_text("te lo miramos")
    assert Message.objects.outbound().count() == 1
    luis_page.screenshot(path=str(ARTIFACTS / "workspace-collision.png"), full_page=True)
    luis_page.click("text=Send mine anyway")
    expect(luis_page.locator("#thread")).to_contain_text("Ya lo tienes", timeout=LIVE)
    assert Message.objects.outbound().count() == 2


def test_hostile_mention_shows_as_text_everywhere(browser, brand):
    conversation = ingest_and_triage(brand, text=HOSTILE).conversation
    page = browser.agent_page(UserFactory(role="agent"))
    for url in ("/inbox/", f"/inbox/{conversation.pk}/", "/inbox/?q=script"):
        page.goto(url)
        expect(page.locator("main")).to_contain_text("<script>alert(1)</script>")
    page.goto(f"/inbox/{conversation.pk}/")
    page.wait_for_timeout(4500)  # one live refresh of the thread and presence
    expect(page.locator("#thread")).to_contain_text("<img src=x onerror=alert(2)>")
    assert page.dialogs == []
    assert page.locator("main img").count() == 0
    page.keyboard.press("?")
    expect(page.locator("dialog#help")).to_be_visible()


def test_agent_cannot_reach_admin_only_pages(browser, brand):
    page = browser.agent_page(UserFactory(role="agent"))
    page.goto("/admin/inbox/conversation/")
    assert "/admin/login/" in page.url  # Django's admin sends non-staff users to its own login
    expect(page.locator("body")).to_contain_text("not authorized to access this page")
    for url in ("/playbook/rules/", "/playbook/rules/new/"):
        assert page.goto(url).status == 403


def test_screenshots_of_the_workspace_in_english_and_spanish(browser):
    history = workday_history()
    agent, supervisor, conversation = history["agent"], history["supervisor"], history["conversation"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for language, locale in (("en", "en-GB"), ("es", "es-ES")):
        page = browser.agent_page(agent, locale=locale)
        page.goto("/inbox/")
        page.wait_for_selector("tr[data-row]")
        expect(page.locator("#availability .pill")).to_have_text("Available" if language == "en" else "Disponible")
        expect(page.locator("h1")).to_have_text("Inbox" if language == "en" else "Bandeja de entrada")
        page.screenshot(path=str(SCREENSHOTS / f"inbox-{language}.png"))
        page.goto(f"/inbox/{conversation.pk}/")
        expect(page.locator("#thread .msg.out .delivery")).to_contain_text("Sent" if language == "en" else "Enviada")
        expect(page.locator("#availability .pill")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / f"conversation-{language}.png"), full_page=True)
        if language == "en":  # a small laptop: the conversation falls back to one column below 1,000 px
            laptop = browser.agent_page(agent, locale=locale, width=1024, height=700)
            laptop.goto(f"/inbox/{conversation.pk}/")
            laptop.screenshot(path=str(ARTIFACTS / "conversation-1024.png"))
            laptop.goto("/inbox/")
            laptop.screenshot(path=str(ARTIFACTS / "inbox-1024.png"))
        boss = browser.agent_page(supervisor, locale=locale)
        boss.goto("/sla/?period=7d")
        expect(boss.locator(".crisis-alert")).to_be_visible()
        expect(boss.locator("#availability .pill")).to_be_visible()
        boss.screenshot(path=str(SCREENSHOTS / f"dashboard-{language}.png"), full_page=True)
