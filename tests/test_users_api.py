"""Users and their roles through the API (admins); every role change is in the audit log."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from helpdesk.roles import role_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss():
    return UserFactory(username="boss", role="admin")


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_admins_list_users_with_their_role(boss):
    UserFactory(username="ana", role="agent")
    UserFactory(username="nobody")
    users = token_client(boss).get("/api/v1/users/").json()["results"]
    assert [(u["username"], u["role"]) for u in users] == [("ana", "agent"), ("boss", "admin"), ("nobody", None)]
    assert "password" not in str(users)


def test_a_role_change_through_the_api_takes_effect_and_is_audited(boss):
    jo = UserFactory(username="jo", role="agent")
    client = token_client(boss)

    response = client.patch(f"/api/v1/users/{jo.pk}/", {"role": "supervisor"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "supervisor"
    jo.refresh_from_db()
    assert role_of(jo) == "supervisor"

    entries = client.get("/api/v1/audit/", {"object_type": "user"}).json()["results"]
    by_boss = [e["changes"]["groups"] for e in entries
               if e["object_id"] == str(jo.pk) and e["actor"] == "boss" and "groups" in (e["changes"] or {})]
    assert {"type": "m2m", "operation": "add", "objects": ["supervisor"]} in by_boss
    assert {"type": "m2m", "operation": "delete", "objects": ["agent"]} in by_boss  # the old role's removal too


def test_bad_role_changes_are_refused_naming_the_role(boss):
    client = token_client(boss)
    jo = UserFactory(username="jo", role="agent")
    root = UserFactory(username="root", is_superuser=True)
    assert client.patch(f"/api/v1/users/{jo.pk}/", {"role": "owner"}, format="json").json().keys() == {"role"}
    assert "your own role" in client.patch(f"/api/v1/users/{boss.pk}/", {"role": "agent"}, format="json").json()["role"][0]
    assert "superuser" in client.patch(f"/api/v1/users/{root.pk}/", {"role": "agent"}, format="json").json()["role"][0]
    assert client.patch(f"/api/v1/users/{jo.pk}/", {"role": None}, format="json").json()["role"] is None
    assert role_of(boss) == "admin"
