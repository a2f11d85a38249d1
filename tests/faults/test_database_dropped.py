"""PostgreSQL drops the connection mid-request: the sender gets a 503 to retry, nothing half-stored."""

import pytest
from django.db import connection, connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from inbox.models import Conversation, Message
from tests.factories import ChannelAccountFactory, UserFactory

pytestmark = [pytest.mark.fault, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def kill_this_connection():
    """Terminate our own backend from a second connection, as a failover or network cut would."""
    pid = connection.connection.info.backend_pid if hasattr(connection.connection, "info") else connection.connection.get_backend_pid()
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


def test_dropped_connection_answers_503_and_the_retry_stores_once(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    ChannelAccountFactory(network="x", handle="AcmeHelp")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory(role='admin')).key}")
    mention = {"network": "x", "account": "AcmeHelp", "external_id": "drop-1",
               "author": {"external_id": "42"}, "text": "¿hay alguien?"}
    connection.ensure_connection()
    kill_this_connection()

    first = client.post("/api/v1/mentions/", mention, format="json")
    assert first.status_code == 503
    assert first["Retry-After"] == "5"

    connection.close()  # the next request opens a fresh connection, as Django does between requests
    second = client.post("/api/v1/mentions/", mention, format="json")
    assert second.status_code == 201
    assert Message.objects.filter(external_id="drop-1").count() == 1
    assert Conversation.objects.count() == 1
