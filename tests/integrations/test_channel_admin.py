from datetime import timedelta

import pytest
from django.utils import timezone

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


def test_agents_cannot_manage_channels(client):
    client.force_login(UserFactory(role="agent"))
    response = client.get("/admin/inbox/channelaccount/")
    assert response.status_code in (302, 403)
