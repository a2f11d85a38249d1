"""Outgoing webhook endpoints and their delivery log through the API (admins)."""

import pytest
from rest_framework.test import APIClient

from hooks.models import Delivery, Endpoint
from hooks.services import emit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api():
    client = APIClient()
    client.force_login(UserFactory(role="admin", username="boss"))
    return client


def test_the_signing_secret_is_shown_once_on_creation_and_never_again(admin_api):
    created = admin_api.post("/api/v1/hooks/endpoints/", {"url": "https://crm.example.com/escucha",
                                                          "events": ["conversation.created"]}, format="json")
    assert created.status_code == 201, created.content
    endpoint = Endpoint.objects.get()
    assert created.json()["secret"] == endpoint.secret and created.json()["created_by"] == "boss"

    shown = [admin_api.get("/api/v1/hooks/endpoints/").content, admin_api.get(f"/api/v1/hooks/endpoints/{endpoint.pk}/").content,
             admin_api.patch(f"/api/v1/hooks/endpoints/{endpoint.pk}/", {"is_active": False}, format="json").content]
    assert all(endpoint.secret.encode() not in body for body in shown)
    assert admin_api.patch(f"/api/v1/hooks/endpoints/{endpoint.pk}/", {"secret": "mine"}, format="json").status_code == 200
    endpoint.refresh_from_db()
    assert endpoint.secret != "mine" and endpoint.is_active is False


def test_a_bad_url_or_event_is_refused_naming_the_field(admin_api):
    bad = admin_api.post("/api/v1/hooks/endpoints/", {"url": "not a url", "events": ["conversation.exploded"]},
                         format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"url", "events"}
    assert not Endpoint.objects.exists()


def test_the_delivery_log_lists_each_delivery_and_filters_by_state(admin_api):
    endpoint = Endpoint.objects.create(url="https://crm.example.com/escucha")
    emit("conversation.resolved", {"id": 7})
    Delivery.objects.create(endpoint=endpoint, event="sla.breached", payload={}, state="failed", attempts=8,
                            last_error="HTTP 500")
    log = admin_api.get("/api/v1/hooks/deliveries/").json()
    assert [d["event"] for d in log["results"]] == ["sla.breached", "conversation.resolved"]
    failed = admin_api.get("/api/v1/hooks/deliveries/", {"state": "failed"}).json()["results"]
    assert [(d["attempts"], d["last_error"]) for d in failed] == [(8, "HTTP 500")]
    assert "secret" not in str(log)


def test_an_endpoint_without_a_creator_shows_created_by_null_after_a_patch(admin_api):
    endpoint = Endpoint.objects.create(url="https://crm.example.com/escucha")
    response = admin_api.patch(f"/api/v1/hooks/endpoints/{endpoint.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["created_by"] is None


def test_an_endpoint_with_no_events_listed_gets_them_all(admin_api):
    created = admin_api.post("/api/v1/hooks/endpoints/", {"url": "https://crm.example.com/all", "events": []},
                             format="json")
    assert created.status_code == 201, created.content
    assert Endpoint.objects.get(pk=created.json()["id"]).wants("sla.breached")
