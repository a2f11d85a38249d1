"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis), against a live server.

Every operation gets generated requests, valid and invalid, as an admin (who may use every endpoint). No
answer may be a 500, and every answer must match the schema: status code, content type and body.
"""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance,
)

from tests.factories import ConversationFactory, MessageFactory, UserFactory

pytestmark = [pytest.mark.fault, pytest.mark.postgres]

# Bounded so the whole run stays within a few minutes on two busy cores.
EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The schema /api/schema/ serves (test_the_served_schema_is_the_fuzzed_one), built at collection time so each
# operation is its own test.
SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(SCHEMA)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                                max_examples=EXAMPLES_PER_OPERATION, deterministic=True, database="none")


@pytest.fixture
def admin_token(transactional_db):
    admin = UserFactory(username="fuzz-admin", role="admin")
    for _ in range(2):  # something to read, reply to and change
        MessageFactory(conversation=ConversationFactory())
    return Token.objects.create(user=admin).key


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True, database=None)
def test_no_request_gets_a_500_or_an_answer_off_schema(case, live_server, admin_token):
    case.call_and_validate(base_url=live_server.url, headers={"Authorization": f"Token {admin_token}"},
                           checks=CHECKS)


def test_the_served_schema_is_the_fuzzed_one(live_server, admin_token):
    import requests

    served = requests.get(f"{live_server.url}/api/schema/?format=json",
                          headers={"Authorization": f"Token {admin_token}"}, timeout=30)
    assert served.status_code == 200
    assert served.json()["paths"].keys() == SCHEMA["paths"].keys()
