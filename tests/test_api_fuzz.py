"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis), against a live server.

Every operation gets generated requests, valid and invalid, as an admin (who may use every endpoint). No
answer may be a 500, and every answer must match the schema: status code, content type and body.

Left out on purpose: schemathesis's stateful checks (use_after_free, ensure_resource_availability), which
chain creates and deletes across operations, and negative_data_rejection, which would call accepting an
unknown query parameter a failure (DRF ignores them by design). Deletes still run: even generated ids hit
stored rows, so the fuzzer deletes templates, calendars and endpoints in its own test database.
"""

import pytest
import schemathesis
from django.contrib.auth.models import User
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance,
)

from hooks.models import Endpoint
from inbox.models import Conversation, Customer
from playbook.defaults import install_default_playbook
from playbook.models import Department, Rule, Template
from slas.defaults import install_defaults
from slas.models import BusinessCalendar, SlaPolicy
from tests.factories import ConversationFactory, MessageFactory, UserFactory

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

# Bounded so the whole run stays within a few minutes on two busy cores.
EXAMPLES_PER_OPERATION = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The schema /api/schema/ serves (test_the_served_schema_is_the_fuzzed_one), built at collection time so each
# operation is its own test.
SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=EXAMPLES_PER_OPERATION, deterministic=True, database="none")


# Detail routes → the model behind {id}: an even generated id is swapped for a stored object's, so updates and
# deletes run against real rows, not only 404s.
MODELS = {"conversations": Conversation, "customers": Customer, "rules": Rule, "templates": Template,
          "departments": Department, "policies": SlaPolicy, "calendars": BusinessCalendar, "endpoints": Endpoint,
          "users": User}


@pytest.fixture
def admin_token(transactional_db):
    admin = UserFactory(username="fuzz-admin", role="admin")
    UserFactory(username="fuzz-agent", role="agent")
    for _ in range(2):  # something to read, reply to and change
        MessageFactory(conversation=ConversationFactory())
    install_default_playbook()
    install_defaults(BusinessCalendar, SlaPolicy)
    Template.objects.get_or_create(key="fuzz", language="en", defaults={"title": "Fuzz", "body": "Hi {handle}"})
    Department.objects.get_or_create(key="fuzz", defaults={"name": "Fuzz"})
    Endpoint.objects.create(url="https://crm.example.com/escucha")
    return Token.objects.create(user=admin).key


def aim_at_stored_rows(case) -> None:
    generated = case.path_parameters.get("id") if case.path_parameters else None
    if not isinstance(generated, int) or isinstance(generated, bool) or generated % 2:
        return
    collection = next((part for part in reversed(case.operation.path.split("/")) if part in MODELS), None)
    ids = list(MODELS[collection].objects.order_by("pk").values_list("pk", flat=True)) if collection else []
    if ids:
        case.path_parameters["id"] = ids[generated // 2 % len(ids)]


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True, database=None)
def test_no_request_gets_a_500_or_an_answer_off_schema(case, live_server, admin_token):
    aim_at_stored_rows(case)
    case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Token {admin_token}"},
                           checks=CHECKS)


def test_the_served_schema_is_the_fuzzed_one(live_server, admin_token):
    import requests

    served = requests.get(f"{live_server.url}/api/schema/?format=json",
                          headers={"Authorization": f"Token {admin_token}"}, timeout=30)
    assert served.status_code == 200
    assert served.json()["paths"].keys() == SCHEMA["paths"].keys()
