"""Answers the fuzzer found off the schema or as 500s, kept as plain regression tests."""

import pytest
from rest_framework.test import APIClient

from playbook.models import Rule
from slas.models import BusinessCalendar
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api():
    client = APIClient()
    client.force_login(UserFactory(role="admin"))
    return client


def test_an_api_path_matching_no_route_is_a_json_404(admin_api):
    response = admin_api.get("/api/v1/templates/not-a-number/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_rule_posted_as_a_form_with_mistyped_fields_is_a_400_naming_them(admin_api):
    count = Rule.objects.count()
    response = admin_api.post("/api/v1/rules/", {"name": "x" * 121, "enabled": "maybe"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "enabled"}
    assert Rule.objects.count() == count


def test_a_json_null_in_form_data_is_refused_before_the_database(admin_api):
    response = admin_api.post("/api/v1/sla/calendars/", {"name": "Nights", "weekly_hours": "null"}, format="multipart")
    assert response.status_code == 400 and set(response.json()) == {"weekly_hours"}
    assert not BusinessCalendar.objects.filter(name="Nights").exists()
