"""KPIs against values worked out by hand on a small fixed data set."""

from datetime import date, datetime, timedelta, timezone

import pytest

from inbox.models import Message
from slas.kpis import Scope, agents, backlog, first_response_time, network_volume, resolution_time, response_rate, \
    satisfaction, sentiment_over_time, sla_compliance, summary
from slas.models import SlaClock, Survey
from tests.factories import ChannelAccountFactory, ConversationFactory, MessageFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = timezone.utc
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def data():
    """Five conversations on two accounts (see the comments for what each contributes)."""
    x = ChannelAccountFactory(network="x", handle="Acme")
    fb = ChannelAccountFactory(network="facebook", handle="AcmePage")
    ana, ben = UserFactory(username="ana", role="agent"), UserFactory(username="ben", role="agent")
    team = TeamFactory(name="Care")

    def conversation(account, **fields):
        return ConversationFactory(account=account, **fields)

    def inbound(conv, when):
        return MessageFactory(conversation=conv, created_at=when, direction="in")

    def reply(conv, agent, when):
        return Message.objects.create(conversation=conv, network=conv.account.network, direction="out",
                                      author_user=agent, text="ok", created_at=when)

    # c1: open P1, negative; answered after 30 min, then a second message left unanswered.
    c1 = conversation(x, status="open", priority=1, sentiment="negative", assignee=ana, team=team,
                      created_at=at(18, 9), first_response_at=at(18, 9, 30))
    inbound(c1, at(18, 9)), reply(c1, ana, at(18, 9, 30)), inbound(c1, at(18, 10))
    # c2: resolved P4, positive; first reply after 2 h, resolved 4 h after the first message.
    c2 = conversation(x, status="resolved", priority=4, sentiment="positive", assignee=ben,
                      created_at=at(17, 10), first_response_at=at(17, 12), resolved_at=at(17, 14))
    inbound(c2, at(17, 10)), reply(c2, ben, at(17, 12))
    # c3: new P3 on Facebook, neutral, no reply expected.
    c3 = conversation(fb, status="new", priority=3, sentiment="neutral", expects_reply=False, created_at=at(18, 11, 30))
    inbound(c3, at(18, 11, 30))
    # c4: resolved P2 on Facebook, negative; reply after 1 h, resolved after 8 h.
    c4 = conversation(fb, status="resolved", priority=2, sentiment="negative", assignee=ana,
                      created_at=at(16, 12), first_response_at=at(16, 13), resolved_at=at(16, 20))
    inbound(c4, at(16, 12)), reply(c4, ana, at(16, 13))
    # c5: open P3 from before the period, never answered.
    c5 = conversation(x, status="open", priority=3, created_at=at(1, 10))
    inbound(c5, at(1, 10))

    def clock(conv, metric, state, **fields):
        SlaClock.objects.create(conversation=conv, metric=metric, state=state, priority=conv.priority,
                                target=timedelta(hours=1), started_at=conv.created_at, **fields)

    clock(c1, "first_response", "met", stopped_at=at(18, 9, 30))
    clock(c2, "first_response", "met", stopped_at=at(17, 12))
    clock(c4, "first_response", "breached", breached_at=at(16, 12, 30), stopped_at=at(16, 13))
    clock(c2, "resolution", "met", stopped_at=at(17, 14))
    clock(c4, "resolution", "breached", breached_at=at(16, 16), stopped_at=at(16, 20))
    clock(c5, "resolution", "running", due_at=at(30, 10))

    Survey.objects.create(conversation=c2, scale="nps", score=10, answered_at=at(17, 15))
    Survey.objects.create(conversation=c4, scale="nps", score=3, answered_at=at(17, 9))
    Survey.objects.create(conversation=c1, scale="nps")  # sent, never answered
    for score in (5, 2):
        Survey.objects.create(conversation=conversation(x, status="closed", expects_reply=False, created_at=at(17, 8)),
                              scale="csat", score=score, answered_at=at(17, 18))
    return {"x": x, "fb": fb, "ana": ana, "ben": ben, "team": team}


def week(**filters):
    return Scope.for_period("7d", now=NOW, **filters)


def test_response_rate_counts_messages_expecting_a_reply(data):
    # Expecting: c1 ×2, c2, c4 (c3 expects none, c5 is older); answered: c1's first, c2, c4.
    assert response_rate(week()) == {"expecting": 4, "answered": 3, "rate": 0.75}


def test_first_response_average_and_median(data):
    # 30 min, 2 h, 1 h.
    assert first_response_time(week()) == {"average": timedelta(minutes=70), "median": timedelta(hours=1), "count": 3}


def test_resolution_time(data):
    assert resolution_time(week()) == {"average": timedelta(hours=6), "median": timedelta(hours=6), "count": 2}


def test_sla_compliance_per_metric(data):
    result = sla_compliance(week())
    assert result["first_response"] == {"met": 2, "breached": 1, "compliance": 2 / 3}
    assert result["resolution"] == {"met": 1, "breached": 1, "compliance": 0.5}
    assert result["next_response"] == {"met": 0, "breached": 0, "compliance": None}


def test_backlog_by_priority_and_age(data):
    table = backlog(week())
    assert table[1] == {"<1h": 0, "1–4h": 1, "4–24h": 0, ">24h": 0}  # c1, 3 h old
    assert table[3] == {"<1h": 1, "1–4h": 0, "4–24h": 0, ">24h": 1}  # c3 and c5
    assert sum(sum(row.values()) for row in table.values()) == 3


def test_agent_load_and_answered(data):
    rows = [(r["username"], r["load"], r["answered"]) for r in agents(week())]
    assert rows == [("ana", 1, 2), ("ben", 0, 1)]


def test_network_volume(data):
    assert network_volume(week()) == {"facebook": 2, "x": 3}


def test_sentiment_per_local_day(data):
    assert sentiment_over_time(week()) == [
        {"day": date(2026, 11, 16), "positive": 0, "neutral": 0, "negative": 1},
        {"day": date(2026, 11, 17), "positive": 1, "neutral": 0, "negative": 0},
        {"day": date(2026, 11, 18), "positive": 0, "neutral": 1, "negative": 2},
    ]


def test_nps_and_csat(data):
    result = satisfaction(week())
    # NPS: one promoter (10), one detractor (3) → 0. CSAT: 5 and 2 → half satisfied, average 3.5.
    assert (result["nps_total"], result["promoters"], result["detractors"], result["nps"]) == (2, 1, 1, 0)
    assert (result["csat_total"], result["csat"], float(result["csat_average"])) == (2, 0.5, 3.5)


def test_filters_by_account_network_and_team(data):
    assert response_rate(week(account_ids=(data["fb"].pk,))) == {"expecting": 1, "answered": 1, "rate": 1.0}
    assert network_volume(week(network="x")) == {"x": 3}
    team_backlog = backlog(week(team_id=data["team"].pk))
    assert team_backlog[1]["1–4h"] == 1 and team_backlog[3][">24h"] == 0


def test_today_starts_at_local_midnight_and_summary_has_everything(data):
    today = Scope.for_period("today", now=NOW)
    assert today.since == datetime(2026, 11, 17, 23, 0, tzinfo=UTC)  # 00:00 in Madrid
    assert network_volume(today) == {"facebook": 1, "x": 2}
    assert set(summary(today)) == {"response_rate", "first_response", "resolution", "sla", "backlog", "agents",
                                   "networks", "sentiment", "satisfaction"}
    with pytest.raises(ValueError, match="period"):
        Scope.for_period("1y", now=NOW)
