"""Crisis watch: a surge of negative mentions over the account's baseline alerts once per episode."""

from datetime import datetime, timedelta, timezone

import pytest

from slas.crisis import CrisisRule, watch_for_crises
from slas.models import CrisisEpisode, SupervisorAlert
from tests.factories import ChannelAccountFactory, ConversationFactory, CustomerFactory, MessageFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=timezone.utc)
RULE = CrisisRule(window=timedelta(minutes=15), baseline_span=timedelta(hours=24), factor=4, minimum=5)


def negative(account, when, followers=100):
    conversation = ConversationFactory(account=account, sentiment="negative",
                                       customer=CustomerFactory(followers=followers))
    return MessageFactory(conversation=conversation, created_at=when, direction="in", text="Vergüenza de servicio")


def test_surge_over_baseline_opens_one_episode_with_the_top_messages():
    account, quiet = ChannelAccountFactory(handle="AeroSur"), ChannelAccountFactory(handle="Quiet")
    for hour in range(1, 24, 2):  # a normal day: 12 negatives in 24 h → baseline 0.125 per 15 min
        negative(account, NOW - timedelta(hours=hour))
    surge = [negative(account, NOW - timedelta(minutes=m), followers=1000 * m) for m in range(1, 9)]
    negative(quiet, NOW - timedelta(minutes=3))

    opened = watch_for_crises(now=NOW, crisis_rule=RULE)
    assert [e.account for e in opened] == [account]
    episode = opened[0]
    assert episode.negative_count == 8 and episode.baseline == 0.12
    assert episode.top_message_ids == [m.pk for m in sorted(surge, key=lambda m: -m.customer.followers)[:5]]
    alert = SupervisorAlert.objects.get(kind="crisis")
    assert "AeroSur" in alert.title and "Vergüenza" in alert.body

    # Still surging a minute later: the same episode, no second alert.
    assert watch_for_crises(now=NOW + timedelta(minutes=1), crisis_rule=RULE) == []
    assert SupervisorAlert.objects.filter(kind="crisis").count() == 1


def test_episode_ends_when_the_surge_passes_and_a_new_one_alerts_again():
    account = ChannelAccountFactory(handle="VoltaMotors")
    for m in range(1, 7):
        negative(account, NOW - timedelta(minutes=m))
    assert len(watch_for_crises(now=NOW, crisis_rule=RULE)) == 1
    later = NOW + timedelta(hours=2)
    assert watch_for_crises(now=later, crisis_rule=RULE) == []
    assert CrisisEpisode.objects.get().ended_at == later
    for m in range(1, 30):
        negative(account, later + timedelta(hours=1) - timedelta(seconds=m * 20))
    assert len(watch_for_crises(now=later + timedelta(hours=1), crisis_rule=RULE)) == 1
    assert SupervisorAlert.objects.filter(kind="crisis").count() == 2


def test_a_few_negatives_on_a_quiet_account_are_not_a_crisis():
    account = ChannelAccountFactory()
    for m in range(1, 5):
        negative(account, NOW - timedelta(minutes=m))
    assert watch_for_crises(now=NOW, crisis_rule=RULE) == []
