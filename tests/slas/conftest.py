from datetime import datetime, timezone

import pytest

from slas.defaults import install_defaults
from slas.models import BusinessCalendar, SlaPolicy
from tests.factories import ChannelAccountFactory, UserFactory

UTC = timezone.utc
# Wednesday 18 Nov 2026, 10:00 in Madrid: inside the default hours (Mon–Fri 09:00–18:00).
WEDNESDAY_TEN = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


@pytest.fixture
def sla_defaults(db):
    """The default calendar and policies (a transactional test elsewhere may have flushed the migration's copy)."""
    install_defaults(BusinessCalendar, SlaPolicy)


@pytest.fixture
def brand(sla_defaults):
    return ChannelAccountFactory(handle="MovilNova", network="x")


@pytest.fixture
def agent(db):
    return UserFactory(role="agent")


@pytest.fixture
def supervisor(db):
    return UserFactory(role="supervisor", email="boss@example.com")
