from datetime import datetime, timezone

import pytest

from slas.defaults import install_defaults
from slas.models import BusinessCalendar, SlaPolicy
from tests.factories import ChannelAccountFactory, UserFactory

UTC = timezone.utc
# Wednesday 18 Nov 2026, 10:00 in Madrid: inside the default hours (Mon–Fri 09:00–18:00).
WEDNESDAY_TEN = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


@pytest.fixture
def sla_defaults(db):
    """The default calendar and policies (a transactional test elsewhere may have flushed the migration's copy)."""
    install_defaults(BusinessCalendar, SlaPolicy)


@pytest.fixture
def brand(sla_defaults):
    return ChannelAccountFactory(handle="MovilNova", network="x")


@pytest.fixture
def agent(db):
    return UserFactory(role="agent")


@pytest.fixture
def supervisor(db):
    return UserFactory(role="supervisor", email="boss@example.com")


@pytest.fixture
def browser_page(live_server, transactional_db):
    """A Chromium page (Playwright) on the live server; ``login(user)`` gives it that user's session."""
    import os

    from django.test import Client
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1400, "height": 1000})
        page = context.new_page()

        def login(user):
            client = Client()
            client.force_login(user)
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                  "url": live_server.url}])
            return page

        page.login = login
        yield page
        context.close()
        browser.close()
