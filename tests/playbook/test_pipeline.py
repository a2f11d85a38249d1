"""A mention posted to the API is triaged by a real Celery worker through the playbook."""

import pytest
from rest_framework.test import APIClient

from inbox.models import Conversation
from tests.conftest import wait_until
from tests.factories import ChannelAccountFactory, UserFactory


@pytest.mark.celery_worker
def test_worker_triages_an_api_mention_with_the_playbook(celery_worker_process):
    from playbook.defaults import install_default_playbook

    install_default_playbook()
    ChannelAccountFactory(network="x", handle="AeroSur")
    client = APIClient()
    client.force_authenticate(UserFactory(role="admin"))
    mention = {"network": "x", "account": "AeroSur", "external_id": "t-1", "visibility": "public",
               "author": {"external_id": "u-1", "handle": "viajera", "name": "Ana", "followers": 120},
               "text": "@AeroSur me habéis perdido la maleta en Barajas y nadie me dice nada. Necesito que me la traigan hoy",
               "created_at": "2026-11-17T11:00:00Z"}
    assert client.post("/api/v1/mentions/", mention, format="json").status_code == 201
    conversation = wait_until(lambda: Conversation.objects.filter(triaged_at__isnull=False).first())
    assert conversation.priority == 2 and conversation.sentiment == "negative"
    assert conversation.triage_trail[0]["text"].startswith("P2 — rule ")
