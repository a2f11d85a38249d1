import pytest
from rest_framework.test import APIClient

from playbook.models import Rule
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_playbook")]


def api(role="admin"):
    client = APIClient()
    client.force_authenticate(UserFactory(role=role))
    return client


def test_invalid_rule_json_gets_400_naming_each_bad_field():
    count = Rule.objects.count()
    response = api().post("/api/v1/rules/", {
        "name": "Bad", "conditions": {"any": [{"field": "sentiment", "op": "eq", "value": "furious"},
                                              {"not": {"field": "text", "op": "matches", "value": "(a+)+"}}]},
        "actions": [{"type": "escalate", "department": "nowhere"}]}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"conditions.any[0].value", "conditions.any[1].not.value",
                                              "actions[0].department"}
    assert Rule.objects.count() == count


def test_admin_creates_and_patches_a_rule_with_revisions():
    client = api()
    response = client.post("/api/v1/rules/", {"name": "VIP", "conditions": {
        "field": "customer_tags", "op": "contains", "value": "vip"}, "actions": [{"type": "set_priority", "value": "P1"}]},
        format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert client.patch(f"/api/v1/rules/{pk}/", {"enabled": False}, format="json").json()["enabled"] is False
    assert client.patch(f"/api/v1/rules/{pk}/", {"colour": "red"}, format="json").json() == {
        "errors": {"colour": "unknown field"}}
    assert [r.summary for r in Rule.objects.get(pk=pk).revisions.all()] == ["Changed enabled", "Created"]
    assert [r["name"] for r in client.get("/api/v1/rules/").json()][-1] == "VIP"


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_non_admins_cannot_read_or_write_rules(role):
    assert api(role).get("/api/v1/rules/").status_code == 403
    assert api(role).post("/api/v1/rules/", {}, format="json").status_code == 403


def test_sla_policy_named_by_a_rule_must_exist():
    response = api().post("/api/v1/rules/", {"name": "SLA", "conditions": {}, "actions": [
        {"type": "set_sla_policy", "value": "no-such-policy"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"actions[0].value": "no SLA policy named 'no-such-policy'"}
