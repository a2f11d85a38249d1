"""Triage: the playbook applied to an inbound message, and the writes that go with it."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from helpdesk.memo import batch_memo, memoised
from inbox.models import Conversation, Event, Message, Team

from .classify import Classification, classify
from .conditions import Facts
from .engine import CompiledRule, Triage, compile_rules, run_rules
from .hours import inside_business_hours, next_opening_text, service_hours_text
from .models import ConversationTriage, Department, Escalation, Rule, Template

log = logging.getLogger(__name__)
TRAIL_LIMIT = 50  # entries kept per conversation
# Without a matching rule, the brand playbook's two levels still apply.
FALLBACK_PRIORITY = {"high": 2, "low": 4}

_compiled_cache: dict = {"key": None, "rules": []}


def active_rules() -> list[CompiledRule]:
    """The enabled rules, compiled; recompiled only when a rule changed (checked once per batch)."""
    return memoised("playbook-rules", _active_rules)


def _active_rules() -> list[CompiledRule]:
    key = tuple(Rule.objects.aggregate(n=Count("id"), last=Max("updated_at")).values())
    if _compiled_cache["key"] != key:
        _compiled_cache["rules"] = compile_rules(rule.spec() for rule in Rule.objects.enabled())
        _compiled_cache["key"] = key
    return _compiled_cache["rules"]


def classify_message(message: Message) -> Classification:
    customer = message.customer or message.conversation.customer
    return classify(
        message.text, network=message.network, visibility=message.visibility,
        followers=customer.followers if customer else 0, verified=bool(customer and customer.verified),
        brand_handle=f"@{message.conversation.account.handle}",
        engagement=_engagement(message.raw),
    )


def _engagement(raw) -> int:
    """Likes + shares + replies when the network reported them (X public_metrics, Graph counts)."""
    if not isinstance(raw, dict):
        return 0
    metrics = raw.get("public_metrics") or {}
    total = 0
    for key in ("retweet_count", "like_count", "reply_count", "quote_count", "shares", "reactions"):
        value = metrics.get(key, raw.get(key, 0))
        total += value if isinstance(value, int) else 0
    return total


def facts_for(message: Message, classification: Classification) -> Facts:
    conversation = message.conversation
    customer = message.customer or conversation.customer
    return Facts(
        network=message.network, account=conversation.account.handle, visibility=message.visibility,
        interaction_type=classification.interaction_type, sentiment=classification.sentiment,
        language=classification.language, influence=classification.influence,
        followers=customer.followers if customer else 0, verified=bool(customer and customer.verified),
        crisis_risk=classification.crisis_risk, expects_reply=classification.expects_reply,
        customer_tags=tuple(customer.tags or ()) if customer else (), text=message.text,
        inside_business_hours=inside_business_hours(message.created_at, conversation.account),
    )


def triage_messages(message_ids: list[int]) -> int:
    """Triage the messages not triaged yet, each in its own transaction, sharing one batch's lookups."""
    done = 0
    with batch_memo():
        for pk in Message.objects.filter(pk__in=message_ids, triaged_at__isnull=True).order_by("pk").values_list(
                "pk", flat=True):
            done += triage_message(Message(pk=pk))
    return done


def triage_message(message: Message, *, retriage: bool = False) -> bool:
    """Classify the message, run the playbook, write the result to its conversation. Idempotent.

    Returns False when there was nothing to do (already triaged, or the agent set the priority by hand
    and this is a re-triage). A priority an agent set by hand is never changed.
    """
    with transaction.atomic():
        # The message and its conversation, locked in one statement.
        message = (Message.objects.select_for_update(of=("self", "conversation"))
                   .select_related("conversation__account", "conversation__customer", "customer")
                   .get(pk=message.pk))
        if message.triaged_at and not retriage:
            return False
        conversation = message.conversation
        if retriage and conversation.priority_overridden:
            return False
        classification = classify_message(message)
        facts = facts_for(message, classification)
        triage = run_rules(active_rules(), facts)
        _apply(conversation, message, classification, facts, triage, retriage=retriage)
        message.triaged_at = timezone.now()
        message.save(update_fields=["triaged_at"])
    return True


def _apply(conversation, message, classification, facts, triage: Triage, *, retriage: bool) -> None:
    outcome = triage.outcome
    first = conversation.triaged_at is None
    fields = {"interaction_type": classification.interaction_type, "sentiment": classification.sentiment,
              "language": classification.language, "expects_reply": classification.expects_reply,
              "influence": classification.influence_score,
              "crisis_risk": classification.crisis_risk or (conversation.crisis_risk and not retriage)}
    if not conversation.priority_overridden:
        priority = outcome.priority or FALLBACK_PRIORITY[classification.priority]
        # A follow-up never lowers a conversation's priority; a first triage or a re-triage sets it.
        fields["priority"] = priority if (first or retriage) else min(priority, conversation.priority)
    if outcome.sla_policy:
        fields["sla_policy_key"] = outcome.sla_policy
    if outcome.team and conversation.team_id is None:
        fields["team_id"] = memoised(("team", outcome.team), lambda: Team.objects.filter(name=outcome.team)
                                     .values_list("pk", flat=True).first())
    if outcome.assignee and conversation.assignee_id is None:
        fields["assignee_id"] = (get_user_model().objects.filter(username=outcome.assignee, is_active=True)
                                 .values_list("pk", flat=True).first())
    tags = list(conversation.tags or [])
    fields["tags"] = tags + [tag for tag in outcome.tags if tag not in tags]
    at = timezone.now().isoformat()
    entries = [{**entry.as_json(), "message_id": message.pk, "at": at} for entry in triage.trail]
    if not entries:
        entries = [{"rule_id": None, "rule": "", "reasons": [], "effects": [], "stopped": False, "message_id": message.pk,
                    "at": at, "text": f"P{fields.get('priority', conversation.priority)} — no rule matched "
                                      f"({classification.interaction_type}, {classification.sentiment})"}]
    fields["triage_trail"] = (list(conversation.triage_trail or []) + entries)[-TRAIL_LIMIT:]
    fields["triaged_at"] = conversation.triaged_at or timezone.now()
    for name, value in fields.items():
        setattr(conversation, name, value)
    conversation.save(update_fields=[name.removesuffix("_id") if name.endswith("_id") else name for name in fields]
                      + ["updated_at"])
    # One upsert (not get_or_create + save): the record is rewritten by every triage anyway.
    ConversationTriage.objects.bulk_create(
        [ConversationTriage(conversation=conversation, classification=asdict(classification),
                            suggested_templates=suggest_templates(outcome.templates, classification))],
        update_conflicts=True, unique_fields=["conversation"],
        update_fields=["classification", "suggested_templates", "updated_at"])
    Event.objects.create(conversation=conversation, kind="retriaged" if retriage else "triaged",
                         data={"message": message.pk, "priority": conversation.priority,
                               "interaction_type": classification.interaction_type,
                               "trail": [entry["text"] for entry in entries]})
    for escalation in outcome.escalations:
        escalate(conversation, department_key=escalation.department, note=escalation.note, rule_name=escalation.rule)
    if outcome.auto_acknowledge and not facts.inside_business_hours and not retriage:
        record = ConversationTriage.objects.get(conversation=conversation)
        if record.auto_acknowledged_at is None:
            auto_acknowledge(conversation, record, template_key=outcome.auto_acknowledge)


def suggest_templates(rule_keys: list[str], classification: Classification) -> list[str]:
    """Template keys to offer the agent: the rules' suggestions first, then those meant for the message's type."""
    keys = list(rule_keys)
    templates = memoised("active-templates", lambda: list(Template.objects.filter(is_active=True)
                                                          .values_list("key", "interaction_types")))
    for key, interaction_types in templates:
        if classification.interaction_type in (interaction_types or []) and key not in keys:
            keys.append(key)
    return keys


def template_for(key: str, language: str) -> Template | None:
    """The template ``key`` in ``language``, else in Spanish, else any."""
    candidates = {t.language: t for t in Template.objects.filter(key=key, is_active=True)}
    return candidates.get(language) or candidates.get("es") or next(iter(candidates.values()), None)


def template_values(conversation: Conversation) -> dict[str, str]:
    customer = conversation.customer
    return {
        "customer_name": (customer.name or customer.handle or "").split(" ")[0],
        "handle": customer.handle,
        "case_number": str(conversation.pk),
        "service_hours": service_hours_text(conversation.account, conversation.language or "es"),
        "next_opening": next_opening_text(None, conversation.account, "en" if conversation.language == "en" else "es"),
        "brand": conversation.account.name or conversation.account.handle,
    }


def render_template(template: Template, conversation: Conversation, *, count_use: bool = True) -> str:
    """Fill a template for a conversation (the agent edits it before sending) and count the use."""
    if count_use:
        Template.objects.filter(pk=template.pk).update(usage_count=F("usage_count") + 1)
    return template.render(template_values(conversation))


def escalate(conversation: Conversation, *, department_key: str, note: str = "", rule_name: str = "",
             actor=None) -> Escalation | None:
    """Hand a conversation to a department (its in-app queue) and e-mail it the full context, once."""
    department = Department.objects.filter(key=department_key, is_active=True).first()
    if department is None:
        log.warning("escalation to unknown department %r skipped", department_key)
        return None
    escalation, created = Escalation.objects.get_or_create(
        conversation=conversation, department=department,
        defaults={"note": note, "rule_name": rule_name, "context": escalation_context(conversation, note)},
    )
    if created:
        Event.objects.create(conversation=conversation, kind="escalated", actor=actor,
                             data={"department": department.key, "note": note, "rule": rule_name})
        if department.email:
            transaction.on_commit(lambda: _email_escalation(escalation.pk))
    return escalation


def escalation_context(conversation: Conversation, note: str) -> str:
    """Plain-text hand-over: who, where, what was said, how it was triaged and why."""
    customer = conversation.customer
    lines = [
        f"Conversation #{conversation.pk} on {conversation.account} ({conversation.visibility})",
        f"Customer: {customer.name} @{customer.handle} — {customer.followers:,} followers"
        + (", verified" if customer.verified else ""),
        f"Priority P{conversation.priority}, {conversation.interaction_type}, {conversation.sentiment}, "
        f"language {conversation.language}" + (", CRISIS RISK" if conversation.crisis_risk else ""),
    ]
    if note:
        lines += ["", f"Note: {note}"]
    lines += ["", "Messages:"]
    for message in conversation.messages.order_by("-created_at")[:20][::-1]:
        who = "customer" if message.direction == Message.Direction.INBOUND else "brand"
        lines.append(f"[{message.created_at:%Y-%m-%d %H:%M}] {who}: {message.text}")
    lines += ["", "Triage:"] + [f"- {entry.get('text', '')}" for entry in conversation.triage_trail or []]
    return "\n".join(lines)


def _email_escalation(escalation_id: int) -> None:
    escalation = Escalation.objects.select_related("department", "conversation").get(pk=escalation_id)
    if escalation.emailed_at:
        return
    subject = f"[Escucha] Escalation: conversation #{escalation.conversation_id} (P{escalation.conversation.priority})"
    send_mail(subject, escalation.context, settings.DEFAULT_FROM_EMAIL, [escalation.department.email])
    Escalation.objects.filter(pk=escalation_id).update(emailed_at=timezone.now())


def auto_acknowledge(conversation: Conversation, record: ConversationTriage, *, template_key: str) -> Message | None:
    """Queue an out-of-hours acknowledgement saying when the customer will be answered (once per conversation)."""
    template = template_for(template_key, conversation.language)
    if template is None:
        return None
    text = render_template(template, conversation)
    reply = Message.objects.create(
        conversation=conversation, network=conversation.account.network, direction=Message.Direction.OUTBOUND,
        visibility=conversation.visibility, text=text, delivery_state=Message.Delivery.QUEUED,
        template_key=template.key,
    )
    record.auto_acknowledged_at = timezone.now()
    record.save(update_fields=["auto_acknowledged_at"])
    Event.objects.create(conversation=conversation, kind="auto_acknowledged", data={"message": reply.pk})
    _enqueue_delivery(reply)
    return reply


def _enqueue_delivery(reply: Message) -> None:
    """Hand the reply to the inbox's delivery task when it exists (the workspace owns sending)."""
    try:
        from inbox import tasks as inbox_tasks
    except ImportError:  # pragma: no cover
        return
    deliver = getattr(inbox_tasks, "deliver_message", None)
    if deliver is not None:
        from helpdesk.queue import enqueue_on_commit

        enqueue_on_commit(deliver, reply.pk)
