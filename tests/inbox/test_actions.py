import pytest

from inbox.models import AgentStatus, Conversation, Event, Message
from inbox.services import (
    ActionError, ReplyCollision, add_note, assign, auto_assign, change_priority, escalate, mark_viewing,
    other_viewers, retry_reply, send_reply, set_availability, set_status,
)
from playbook.models import Department, Escalation
from tests.factories import ChannelAccountFactory, ConversationFactory, MessageFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return UserFactory(username="ana", role="agent")


@pytest.fixture
def conversation():
    conversation = ConversationFactory()
    MessageFactory(conversation=conversation, external_id="tweet-1", text="@brand where is my order?")
    return conversation


def kinds(conversation):
    return list(Event.objects.filter(conversation=conversation).values_list("kind", flat=True))


def test_assign_records_who_gave_it_to_whom_and_opens_a_new_conversation(conversation, agent):
    boss = UserFactory(role="supervisor")
    assign(conversation, assignee=agent, by=boss)

    conversation.refresh_from_db()
    assert conversation.assignee == agent and conversation.status == "open"
    event = Event.objects.get(conversation=conversation, kind="assigned")
    assert event.actor == boss and event.data == {"previous": None, "assignee": "ana"}


def test_assigning_to_a_user_without_a_role_is_refused(conversation, agent):
    with pytest.raises(ActionError, match="assignee"):
        assign(conversation, assignee=UserFactory(), by=agent)
    assert Conversation.objects.get(pk=conversation.pk).assignee is None


def test_resolve_then_reopen_stamps_and_clears_resolved_at(conversation, agent):
    set_status(conversation, status="resolved", by=agent)
    conversation.refresh_from_db()
    assert conversation.status == "resolved" and conversation.resolved_at is not None

    set_status(conversation, status="open", by=agent)
    conversation.refresh_from_db()
    assert conversation.status == "open" and conversation.resolved_at is None
    assert kinds(conversation)[-2:] == ["resolved", "reopened"]


def test_unknown_status_and_impossible_transition_are_refused(conversation, agent):
    with pytest.raises(ActionError, match="status: must be one of"):
        set_status(conversation, status="deleted", by=agent)
    set_status(conversation, status="resolved", by=agent)
    with pytest.raises(ActionError, match="resolved conversation cannot become pending"):
        set_status(conversation, status="pending", by=agent)


def test_manual_priority_is_marked_as_overridden(conversation, agent):
    change_priority(conversation, priority="1", by=agent)
    conversation.refresh_from_db()
    assert (conversation.priority, conversation.priority_overridden) == (1, True)
    assert Event.objects.get(kind="priority_changed").data == {"previous": 3, "priority": 1, "manual": True}
    with pytest.raises(ActionError, match="priority"):
        change_priority(conversation, priority=7, by=agent)


def test_note_records_mentioned_colleagues_only(conversation, agent):
    luis = UserFactory(username="luis", role="agent")
    note = add_note(conversation, author=agent, text="@luis can you check? cc @nobody, mail me at a@luis.com")

    assert list(note.mentions.all()) == [luis]
    assert Event.objects.get(kind="note_added").data["mentions"] == ["luis"]
    with pytest.raises(ActionError, match="empty"):
        add_note(conversation, author=agent, text="   ")


def test_reply_is_queued_threaded_to_the_last_mention_and_takes_the_conversation(conversation, agent):
    reply = send_reply(conversation, author=agent, text="Hola, lo miramos", visibility="private", template_key="ack")

    assert (reply.direction, reply.delivery_state, reply.visibility) == ("out", "queued", "private")
    assert reply.parent_external_id == "tweet-1" and reply.network == "x" and reply.template_key == "ack"
    conversation.refresh_from_db()
    assert conversation.assignee == agent and conversation.first_response_at is not None
    assert Event.objects.get(kind="replied").data["message"] == reply.pk


def test_public_reply_over_the_x_limit_is_refused_and_nothing_is_stored(conversation, agent):
    with pytest.raises(ActionError, match="281 characters, x public replies take at most 280"):
        send_reply(conversation, author=agent, text="a" * 281, visibility="public")
    assert not Message.objects.outbound().exists()
    assert send_reply(conversation, author=agent, text="a" * 280, visibility="public").pk


def test_reply_after_a_colleagues_reply_needs_confirmation(conversation, agent):
    colleague = UserFactory(role="agent")
    seen = send_reply(conversation, author=agent, text="first", visibility="public").pk
    send_reply(conversation, author=colleague, text="colleague answered", visibility="public")

    with pytest.raises(ReplyCollision) as collision:
        send_reply(conversation, author=agent, text="second", seen_reply_id=seen)
    assert [m.text for m in collision.value.replies] == ["colleague answered"]
    assert send_reply(conversation, author=agent, text="second", seen_reply_id=seen, confirmed=True).pk


def test_only_a_failed_reply_can_be_retried(conversation, agent):
    reply = send_reply(conversation, author=agent, text="hola")
    with pytest.raises(ActionError, match="only a failed reply"):
        retry_reply(reply, by=agent)
    Message.objects.filter(pk=reply.pk).update(delivery_state="failed", last_error="403 duplicate")
    assert retry_reply(reply, by=agent).delivery_state == "queued"
    assert Event.objects.get(kind="reply_retried").data["error"] == "403 duplicate"


def test_escalation_goes_to_an_existing_department_once(conversation, agent):
    Department.objects.create(key="legal-x", name="Legal")
    escalate(conversation, department="legal-x", note="threatens to sue", by=agent)
    escalate(conversation, department="legal-x", note="again", by=agent)

    assert Escalation.objects.get().note == "threatens to sue"
    assert Event.objects.get(kind="escalated").actor == agent
    with pytest.raises(ActionError, match="department"):
        escalate(conversation, department="nope", note="", by=agent)


def test_round_robin_skips_away_and_full_agents_and_rotates():
    team = TeamFactory()
    ana, ben, cai = (UserFactory(username=n, role="agent") for n in ("ana", "ben", "cai"))
    team.members.add(ana, ben, cai)
    set_availability(ana, available=True, capacity=1)
    set_availability(ben, available=True)
    set_availability(cai, available=False)
    account = ChannelAccountFactory()
    conversations = [ConversationFactory(team=team, account=account) for _ in range(4)]

    assert [auto_assign(c) for c in conversations] == [ana, ben, ben, ben]
    assert AgentStatus.objects.get(user=ben).last_assigned_at is not None


def test_triaged_conversation_with_a_team_is_auto_assigned(conversation, agent):
    team = TeamFactory()
    team.members.add(agent)
    set_availability(agent, available=True)
    Conversation.objects.filter(pk=conversation.pk).update(team=team)
    conversation.refresh_from_db()
    Event.objects.create(conversation=conversation, kind="triaged")

    conversation.refresh_from_db()
    assert conversation.assignee == agent


def test_presence_lists_the_other_recent_viewers(conversation, agent):
    luis = UserFactory(username="luis", role="agent")
    mark_viewing(conversation, user=agent)
    mark_viewing(conversation, user=luis)
    mark_viewing(conversation, user=luis)

    assert list(other_viewers(conversation, user=agent)) == [luis]
    assert list(other_viewers(conversation, user=luis)) == [agent]


def test_agent_coming_back_takes_the_most_urgent_unassigned_work_of_their_team_up_to_capacity():
    team = TeamFactory()
    ana = UserFactory(username="ana", role="agent")
    team.members.add(ana)
    account = ChannelAccountFactory()
    low, urgent, high = (ConversationFactory(team=team, account=account, priority=p) for p in (4, 1, 2))
    other_team = ConversationFactory(team=TeamFactory(), account=account, priority=1)

    set_availability(ana, available=True, capacity=2)

    assigned = set(Conversation.objects.filter(assignee=ana).values_list("pk", flat=True))
    assert assigned == {urgent.pk, high.pk}
    assert Conversation.objects.get(pk=other_team.pk).assignee is None
    assert Conversation.objects.get(pk=low.pk).assignee is None
