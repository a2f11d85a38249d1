"""Shared fixtures: real PostgreSQL and Redis when configured, a real Celery worker, factories."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from kombu import pools as kombu_pools
from django.conf import settings

from helpdesk.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
# Password hashing at production strength costs ~0.3 s a user on this machine; tests need none of it.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REQUIRE_SERVICES = os.environ.get("ESCUCHA_REQUIRE_SERVICES") == "1"
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
ON_REDIS = settings.CELERY_BROKER_URL.startswith("redis")


def _skip_or_fail(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (ESCUCHA_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if "postgres" in item.keywords and not ON_POSTGRES:
        _skip_or_fail("needs DATABASE_URL pointing at PostgreSQL")
    if "celery_worker" in item.keywords and not ON_REDIS:
        _skip_or_fail("needs CELERY_BROKER_URL pointing at Redis")


# Each test process gets its own key space in the shared Redis so parallel runs never steal tasks.
KEY_PREFIX = f"{os.environ.get('CELERY_KEY_PREFIX', '')}t-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:8]}-"


@pytest.fixture(autouse=True, scope="session")
def _isolated_broker_keyspace():
    if ON_REDIS:
        use_broker(settings.CELERY_BROKER_URL)
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Spanish leaves Spanish active in the thread (LocaleMiddleware); the next test starts afresh."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def use_broker(url: str) -> None:
    """Point this process's task publishing at ``url`` (with the session's key prefix)."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {"global_keyprefix": KEY_PREFIX}
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()  # producer pools are cached process-wide per broker URL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for_subprocess() -> str:
    """The URL of the database this test runs on (the test database, not the configured one)."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"].endswith("postgresql"):
        return f"postgres://{s['USER'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"


class WorkerProcess:
    """A real ``celery worker`` subprocess on the test database and this session's Redis key space."""

    def __init__(self, broker_url: str, *, beat: bool = False, extra_env: dict | None = None):
        self.broker_url = broker_url
        self.beat = beat
        self.extra_env = extra_env or {}
        self.process = None
        self.log = ROOT / "test-artifacts" / f"worker-{uuid.uuid4().hex[:8]}.log"

    def start(self, wait_ready: bool = True):
        self.log.parent.mkdir(exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_subprocess(),
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_KEY_PREFIX": KEY_PREFIX,
            "ESCUCHA_VAR_DIR": str(ROOT / "test-artifacts" / "var"),
            "CONN_MAX_AGE": "0",
            **self.extra_env,
        }
        cmd = [sys.executable, "-m", "celery", "-A", "helpdesk", "worker", "-Q", "ingest,triage,sla,deliver",
               "--pool", "prefork", "--concurrency", "2", "--loglevel", "INFO", "--without-gossip",
               "--without-mingle", "--hostname", f"test-{uuid.uuid4().hex[:6]}@%h"]
        if self.beat:
            cmd += ["--beat", "--schedule", str(self.log.with_suffix(".beat"))]
        self.output = open(self.log, "w")
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.output, stderr=subprocess.STDOUT)
        if wait_ready:
            self.wait_for_log("ready.")
        return self

    def wait_for_log(self, text: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log.read_text()}")
            time.sleep(0.1)
        raise TimeoutError(f"worker never logged {text!r}:\n{self.log.read_text()[-3000:]}")

    def restart_if_exited(self) -> None:
        """What a process manager does: start the worker again if it has exited."""
        if self.process.poll() is not None:
            self.output.close()
            self.log = self.log.with_name(f"{self.log.stem}-restarted.log")
            self.start()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.output.close()


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start a real Celery worker on the configured Redis; stopped after the test."""
    if not ON_REDIS:
        _skip_or_fail("needs CELERY_BROKER_URL pointing at Redis")
    worker = WorkerProcess(settings.CELERY_BROKER_URL).start()
    yield worker
    worker.stop()


class RedisServer:
    """A private redis-server on a free port, for tests that stop and start the broker."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        if not binary:
            _skip_or_fail("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def private_redis():
    server = RedisServer()
    yield server
    server.stop()
    if ON_REDIS:
        use_broker(settings.CELERY_BROKER_URL)


def wait_until(predicate, timeout: float = 30, interval: float = 0.1):
    """Poll ``predicate`` until it returns truthy; fail the test with its last value on timeout."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout}s (last value: {value!r})")


from tests.networks import fake_graph, fake_x, instagram, network_settings, page, x_account  # noqa: E402,F401  fixtures


@pytest.fixture
def browser(live_server, transactional_db):
    """A Chromium (Playwright); ``agent_page(user, locale=...)`` opens a logged-in page for ``user``."""
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
                log_in(context, user, live_server.url)
            page = context.new_page()
            page.dialogs = []
            page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
            return page

        chromium.agent_page = agent_page
        yield chromium
        for context in contexts:
            context.close()
        chromium.close()


def log_in(context, user, url: str) -> None:
    """Give a Playwright browser context ``user``'s session cookie."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}])


@pytest.fixture
def browser_page(browser, live_server):
    """One Chromium page on the live server; ``page.login(user)`` gives it that user's session."""
    page = browser.agent_page(width=1400, height=1000)

    def login(user):
        log_in(page.context, user, live_server.url)
        return page

    page.login = login
    return page
