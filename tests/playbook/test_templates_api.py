"""Templates and departments through the API: agents read, admins edit with the admin's own validation."""

import pytest
from auditlog.models import LogEntry
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from playbook.models import Department, Template
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def api(role):
    client = APIClient()
    client.force_authenticate(UserFactory(role=role))
    return client


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


GREETING = {"key": "greet", "language": "en", "title": "Greeting", "body": "Hi {customer_name}, we are on it.",
            "interaction_types": ["question"]}


def test_agents_list_and_filter_templates_but_cannot_change_them():
    Template.objects.create(key="greet", language="es", title="Saludo", body="Hola {customer_name}")
    Template.objects.create(key="greet", language="en", title="Greeting", body="Hi {customer_name}")
    agent = api("agent")

    listed = agent.get("/api/v1/templates/", {"key": "greet", "language": "en"}).json()
    assert [t["title"] for t in listed["results"]] == ["Greeting"]
    assert agent.post("/api/v1/templates/", GREETING, format="json").status_code == 403
    pk = listed["results"][0]["id"]
    assert agent.patch(f"/api/v1/templates/{pk}/", {"title": "x"}, format="json").status_code == 403
    assert agent.delete(f"/api/v1/templates/{pk}/").status_code == 403


def test_an_admin_creates_edits_and_deletes_a_template_and_the_audit_log_names_them():
    boss = UserFactory(username="boss", role="admin")
    client = token_client(boss)  # a token, not a session: the audit log must still know who it was

    created = client.post("/api/v1/templates/", GREETING, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    edited = client.patch(f"/api/v1/templates/{pk}/", {"body": "Hello {handle}, we are on it."}, format="json")
    assert edited.status_code == 200 and edited.json()["body"] == "Hello {handle}, we are on it."
    assert client.delete(f"/api/v1/templates/{pk}/").status_code == 204
    assert not Template.objects.filter(pk=pk).exists()

    entries = LogEntry.objects.filter(content_type__model="template", object_pk=str(pk)).order_by("timestamp", "id")
    assert [(e.get_action_display(), e.actor.username) for e in entries] == [
        ("create", "boss"), ("update", "boss"), ("delete", "boss")]
    assert entries[1].changes_dict["body"][1] == "Hello {handle}, we are on it."


def test_a_template_with_an_unknown_variable_is_refused_naming_the_body():
    response = api("admin").post("/api/v1/templates/", {**GREETING, "body": "Hi {first_name}"}, format="json")
    assert response.status_code == 400
    assert "first_name" in response.json()["body"][0]
    assert not Template.objects.filter(key="greet").exists()


def test_a_template_key_and_language_are_unique_and_types_must_be_known():
    admin = api("admin")
    assert admin.post("/api/v1/templates/", GREETING, format="json").status_code == 201
    again = admin.post("/api/v1/templates/", GREETING, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    wrong = admin.post("/api/v1/templates/", {**GREETING, "language": "es", "interaction_types": ["rant"]},
                       format="json")
    assert wrong.status_code == 400 and set(wrong.json()) == {"interaction_types"}
    assert Template.objects.filter(key="greet").count() == 1


def test_departments_are_listed_for_agents_and_edited_by_admins():
    Department.objects.all().delete()  # the default playbook's, when the migration's copy is there
    legal = Department.objects.create(key="legal", name="Legal", email="legal@example.com")
    assert [d["key"] for d in api("agent").get("/api/v1/departments/").json()["results"]] == ["legal"]
    admin = api("admin")
    assert admin.patch(f"/api/v1/departments/{legal.pk}/", {"email": "not-an-email"}, format="json").json() == {
        "email": ["Enter a valid email address."]}
    assert admin.patch(f"/api/v1/departments/{legal.pk}/", {"is_active": False}, format="json").status_code == 200
    created = admin.post("/api/v1/departments/", {"key": "press", "name": "Press"}, format="json")
    assert created.status_code == 201
    assert admin.post("/api/v1/departments/", {"key": "press", "name": "Again"}, format="json").json() == {
        "key": ["department with this key already exists."]}
    assert admin.delete(f"/api/v1/departments/{legal.pk}/").status_code == 405
    assert list(Department.objects.order_by("key").values_list("key", "is_active")) == [("legal", False), ("press", True)]
