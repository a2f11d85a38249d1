from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.models import PollCursor
from tests.factories import ChannelAccountFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_sees_channel_health_and_no_tokens(client, monkeypatch):
    monkeypatch.setenv("META_PAGE_TOKEN__ACME", "EAAG-super-secret-token")
    admin = UserFactory(is_staff=True, is_superuser=True)
    ChannelAccountFactory(network="facebook", handle="Acme", credentials_key="ACME", needs_reauth=True)
    ChannelAccountFactory(network="x", handle="AcmeHelp", rate_limited_until=timezone.now() + timedelta(minutes=5))
    client.force_login(admin)

    page = client.get("/admin/inbox/channelaccount/").content.decode()
    assert "needs re-authentication" in page and "rate limited" in page
    assert "EAAG-super-secret-token" not in page


def test_admin_sees_how_far_each_stream_was_polled(client):
    account = ChannelAccountFactory(network="x", handle="AcmeHelp")
    PollCursor.advance(account, PollCursor.Stream.MENTIONS, 1790000000000000002)
    PollCursor.advance(account, PollCursor.Stream.DIRECT_MESSAGES, 1790000000000000600)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/inbox/channelaccount/{account.pk}/change/").content.decode()
    assert "X mentions: 1790000000000000002" in page and "X direct messages: 1790000000000000600" in page


def test_agents_cannot_manage_channels(client):
    client.force_login(UserFactory(role="agent"))
    response = client.get("/admin/inbox/channelaccount/")
    assert response.status_code in (302, 403)
