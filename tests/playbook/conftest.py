import pytest


@pytest.fixture
def default_playbook(db):
    """The default playbook; a transactional test elsewhere may have flushed the migration's copy."""
    from playbook.defaults import install_default_playbook

    install_default_playbook()


@pytest.fixture
def browser_page(live_server, transactional_db):
    """A Chromium page (Playwright) on the live server; ``login(user)`` gives it that user's session."""
    import os

    from django.test import Client
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
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
