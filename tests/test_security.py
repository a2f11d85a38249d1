import os
import secrets
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_deploy_checks_pass_with_production_settings():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "escucha.example.com"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "false"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_pages_forbid_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()  # only <script src=…>


def test_login_is_locked_after_repeated_failures(client):
    UserFactory(username="jo", role="agent")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "jo", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "jo", "password": "pw-for-tests-1"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_right_password_logs_in_before_the_limit(client):
    UserFactory(username="ana", role="agent")
    client.post("/accounts/login/", {"username": "ana", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "ana", "password": "pw-for-tests-1"})
    assert response.status_code == 302 and client.session["_auth_user_id"]


def test_api_docs_are_served_without_any_cdn(client):
    client.force_login(UserFactory(role="agent"))
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower()
    assert client.get("/api/schema/").status_code == 200


def test_csrf_is_enforced_on_browser_forms():
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(role="agent"))
    assert browser.post("/inbox/me/availability/", {"available": "on"}).status_code == 403
