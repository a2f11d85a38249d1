"""Admins changing the playbook: save with a revision, reorder, enable, roll back, dry-run, re-triage."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from inbox.models import Conversation, Message

from .conditions import RuleValidationError
from .engine import RuleSpec, compile_rules, run_rules
from .models import RetriageRun, Rule, RuleRevision, known_references
from .services import FALLBACK_PRIORITY, active_rules, classify_message, facts_for, triage_message

EDITABLE = ("name", "description", "enabled", "conditions", "actions", "stop_processing")
DRY_RUN_SIZE = 500


def save_rule(rule: Rule | None, data: dict, *, author, summary: str = "") -> Rule:
    """Create or update a rule from ``data`` (keys of ``EDITABLE``) and record a revision.

    Raises ``RuleValidationError`` naming each bad field path; nothing is written then.
    """
    rule = rule or Rule()
    before = rule.snapshot() if rule.pk else {}
    candidate = RuleSpec(name=str(data.get("name", rule.name) or "").strip(),
                         conditions=data.get("conditions", rule.conditions),
                         actions=data.get("actions", rule.actions))
    candidate.validate(**known_references())
    with transaction.atomic():
        for name in EDITABLE:
            if name in data:
                setattr(rule, name, data[name])
        rule.name = candidate.name
        if not rule.pk:
            rule.order = (Rule.objects.aggregate(top=Max("order"))["top"] or 0) + 10
        rule.updated_by = author
        rule.save()
        changed = [name for name in EDITABLE if before.get(name) != rule.snapshot()[name]] if before else ["created"]
        _revision(rule, author, summary or ("Created" if not before else "Changed " + ", ".join(changed)))
    return rule


def _revision(rule: Rule, author, summary: str) -> RuleRevision:
    number = (rule.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    return RuleRevision.objects.create(rule=rule, rule_name=rule.name, number=number, snapshot=rule.snapshot(),
                                       summary=summary[:500], author=author)


def set_enabled(rule: Rule, enabled: bool, *, author) -> Rule:
    return save_rule(rule, {"enabled": enabled}, author=author, summary="Enabled" if enabled else "Disabled")


def move_rule(rule: Rule, direction: str, *, author) -> None:
    """Swap the rule with its neighbour above ("up") or below ("down"); orders are renumbered 10, 20, …"""
    with transaction.atomic():
        rules = list(Rule.objects.select_for_update().in_order())
        index = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(rules):
            return
        rules[index], rules[other] = rules[other], rules[index]
        for position, item in enumerate(rules, start=1):
            if item.order != position * 10:
                Rule.objects.filter(pk=item.pk).update(order=position * 10, updated_at=timezone.now())
        moved = Rule.objects.get(pk=rule.pk)
        _revision(moved, author, f"Moved {direction} to position {other + 1}")


def rollback(rule: Rule, revision: RuleRevision, *, author) -> Rule:
    """Make the rule what it was at ``revision`` (its place in the order is kept)."""
    if revision.rule_id != rule.pk:
        raise RuleValidationError({"revision": "belongs to another rule"})
    data = {name: revision.snapshot[name] for name in EDITABLE if name in revision.snapshot}
    return save_rule(rule, data, author=author, summary=f"Rolled back to revision {revision.number}")


@dataclass
class DryRunExample:
    message_id: int
    conversation_id: int
    text: str
    reasons: list[str]
    priority_before: int
    priority_after: int


@dataclass
class DryRun:
    total: int = 0
    matched: int = 0
    examples: list[DryRunExample] = field(default_factory=list)
    priorities: dict[str, int] = field(default_factory=dict)  # resulting priority of the matched → count


def dry_run(candidate: RuleSpec, *, replacing: int | None = None, limit: int = DRY_RUN_SIZE,
            examples: int = 10) -> DryRun:
    """How ``candidate`` would have acted on the last ``limit`` inbound messages, inside today's playbook."""
    candidate.validate(**known_references())
    enabled_candidate = RuleSpec(**{**candidate.__dict__, "enabled": True})
    others = [(rule.order, rule.spec()) for rule in Rule.objects.in_order() if rule.pk != replacing]
    order = Rule.objects.filter(pk=replacing).values_list("order", flat=True).first() if replacing else None
    if order is None:
        order = max((o for o, _ in others), default=0) + 10
    with_candidate = [spec for _, spec in sorted(others + [(order, enabled_candidate)], key=lambda pair: pair[0])]
    before_rules, after_rules = active_rules(), compile_rules(with_candidate)
    only_candidate = compile_rules([enabled_candidate])
    result = DryRun()
    messages = (Message.objects.filter(direction=Message.Direction.INBOUND)
                .select_related("conversation__account", "conversation__customer", "customer")
                .order_by("-received_at", "-id")[:limit])
    for message in messages:
        result.total += 1
        classification = classify_message(message)
        facts = facts_for(message, classification)
        matched, reasons = only_candidate[0].predicate(facts)
        if not matched:
            continue
        result.matched += 1
        fallback = FALLBACK_PRIORITY[classification.priority]
        after = run_rules(after_rules, facts).outcome.priority or fallback
        label = f"P{after}"
        result.priorities[label] = result.priorities.get(label, 0) + 1
        if len(result.examples) < examples:
            before = run_rules(before_rules, facts).outcome.priority or fallback
            result.examples.append(DryRunExample(message.pk, message.conversation_id, message.text[:280], reasons,
                                                 before, after))
    return result


def start_retriage(*, author) -> RetriageRun:
    """Create a re-triage run and queue it (the task calls ``run_retriage``)."""
    from helpdesk.queue import enqueue_on_commit

    from .tasks import retriage_open_conversations

    run = RetriageRun.objects.create(started_by=author, total=Conversation.objects.active().count())
    enqueue_on_commit(retriage_open_conversations, run.pk)
    return run


def run_retriage(run: RetriageRun, *, batch: int = 25) -> RetriageRun:
    """Re-run the playbook on every open conversation's latest customer message; hand-set priorities are skipped."""
    conversations = Conversation.objects.active().order_by("pk").values_list("pk", "priority_overridden")
    done = changed = skipped = 0
    for pk, overridden in conversations.iterator():
        if overridden:
            skipped += 1
        else:
            latest = (Message.objects.filter(conversation_id=pk, direction=Message.Direction.INBOUND)
                      .order_by("-created_at", "-id").first())
            if latest is not None:
                before = Conversation.objects.filter(pk=pk).values_list("priority", flat=True).first()
                triage_message(latest, retriage=True)
                changed += Conversation.objects.filter(pk=pk).exclude(priority=before).exists()
        done += 1
        if done % batch == 0:
            RetriageRun.objects.filter(pk=run.pk).update(done=done, changed=changed, skipped_manual=skipped)
    RetriageRun.objects.filter(pk=run.pk).update(done=done, total=max(done, run.total), changed=changed,
                                                 skipped_manual=skipped, finished_at=timezone.now())
    run.refresh_from_db()
    return run
