"""Fixtures of the workspace tests: a Chromium per agent on the live server, and a realistic demo inbox."""

import json
import os
import random

import pytest


@pytest.fixture
def browser(live_server, transactional_db):
    """A Chromium (Playwright); ``agent_page(user, locale=...)`` opens a logged-in page for ``user``."""
    from django.test import Client
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's ORM calls stay synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        contexts = []

        def agent_page(user=None, *, locale="en-GB", width=1280, height=860):
            context = chromium.new_context(base_url=live_server.url, locale=locale,
                                           viewport={"width": width, "height": height})
            contexts.append(context)
            if user is not None:
                client = Client()
                client.force_login(user)
                context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                      "url": live_server.url}])
            page = context.new_page()
            page.dialogs = []
            page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
            return page

        chromium.agent_page = agent_page
        yield chromium
        for context in contexts:
            context.close()
        chromium.close()


def ingest_and_triage(account, **overrides):
    """Ingest one mention for ``account`` and triage it now (no worker needed)."""
    from inbox.services import ingest_message
    from playbook.services import triage_message
    from tests.factories import inbound

    message = ingest_message(inbound(account, **overrides), enqueue_triage=False).message
    triage_message(message)
    message.conversation.refresh_from_db()
    return message


def demo_inbox(count: int = 40, seed: int = 7):
    """Seed the demo accounts and users and ingest ``count`` labelled mentions through ingest and triage."""
    from django.core.management import call_command

    from inbox.demo import load_samples, mention_from_sample
    from inbox.serializers import parse_mentions_body
    from inbox.services import ingest_message
    from playbook.defaults import install_default_playbook
    from playbook.services import triage_message

    from slas.defaults import install_defaults
    from slas.models import BusinessCalendar, SlaPolicy

    install_default_playbook()
    install_defaults(BusinessCalendar, SlaPolicy)  # a transactional test before this one flushed the migration's copy
    call_command("seed_demo", verbosity=0)
    rng = random.Random(seed)
    samples = rng.sample(load_samples(), count)
    mentions = [mention_from_sample(sample, rng) for sample in samples]
    messages = []
    for inbound in parse_mentions_body(json.dumps(mentions).encode()):
        message = ingest_message(inbound, enqueue_triage=False).message
        triage_message(message)
        messages.append(message)
    return messages
