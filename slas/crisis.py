"""Crisis watch: negative mentions of an account far above their recent baseline open an episode, alerted once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from helpdesk.queue import enqueue_on_commit
from inbox.models import ChannelAccount, Message

from .models import CrisisEpisode, SupervisorAlert


@dataclass(frozen=True)
class CrisisRule:
    window: timedelta = timedelta(minutes=15)      # recent period compared
    baseline_span: timedelta = timedelta(hours=24)  # the past it is compared with
    factor: float = 4.0                            # how many times the baseline is "far above"
    minimum: int = 5                               # and never fewer negative mentions than this

    def threshold(self, baseline: float) -> float:
        return max(self.minimum, self.factor * baseline)


def rule() -> CrisisRule:
    return CrisisRule(**getattr(settings, "ESCUCHA_CRISIS_RULE", {}))


def _negative_mentions():
    return Message.objects.filter(direction=Message.Direction.INBOUND, conversation__sentiment="negative")


def watch_for_crises(*, now: datetime | None = None, crisis_rule: CrisisRule | None = None) -> list[CrisisEpisode]:
    """Open an episode (and alert supervisors) for each account over its threshold; close the ones back under it."""
    now = now or timezone.now()
    crisis_rule = crisis_rule or rule()
    recent_since, past_since = now - crisis_rule.window, now - crisis_rule.window - crisis_rule.baseline_span
    windows = crisis_rule.baseline_span / crisis_rule.window
    rows = (_negative_mentions().filter(created_at__gte=past_since, created_at__lt=now)
            .values("conversation__account")
            .annotate(recent=Count("pk", filter=Q(created_at__gte=recent_since)),
                      past=Count("pk", filter=Q(created_at__lt=recent_since)))
            .order_by())
    counts = {row["conversation__account"]: (row["recent"], row["past"] / windows) for row in rows}
    opened = []
    for account_id, (recent, baseline) in counts.items():
        if recent >= crisis_rule.threshold(baseline):
            episode = _open_episode(account_id, recent, baseline, now, recent_since)
            if episode:
                opened.append(episode)
    for episode in CrisisEpisode.objects.filter(ended_at__isnull=True):
        recent, baseline = counts.get(episode.account_id, (0, 0.0))
        if recent < crisis_rule.threshold(baseline) / 2:
            CrisisEpisode.objects.filter(pk=episode.pk, ended_at__isnull=True).update(ended_at=now)
    return opened


def _open_episode(account_id: int, recent: int, baseline: float, now: datetime, since: datetime) -> CrisisEpisode | None:
    top = list(_negative_mentions().filter(conversation__account_id=account_id, created_at__gte=since, created_at__lt=now)
               .order_by("-customer__followers", "-created_at").values_list("pk", flat=True)[:5])
    try:
        with transaction.atomic():
            episode = CrisisEpisode.objects.create(account_id=account_id, started_at=now, negative_count=recent,
                                                   baseline=round(baseline, 2), top_message_ids=top)
            account = ChannelAccount.objects.get(pk=account_id)
            alert = SupervisorAlert.objects.create(
                kind=SupervisorAlert.Kind.CRISIS, account=account, created_at=now,
                title=f"Possible crisis on {account}: {recent} negative mentions in {rule().window.seconds // 60} min "
                      f"(usual {baseline:.1f})",
                body="\n".join(f"@{m.customer.handle if m.customer else '?'}: {m.text}" for m in top_messages(episode)),
            )
            from .tasks import email_alerts

            enqueue_on_commit(email_alerts, [alert.pk])
    except IntegrityError:  # an episode is already open for this account: alerted once per episode
        return None
    return episode


def top_messages(episode: CrisisEpisode) -> list[Message]:
    """The messages driving an episode, most-followed authors first."""
    by_id = Message.objects.select_related("customer").in_bulk(episode.top_message_ids)
    return [by_id[pk] for pk in episode.top_message_ids if pk in by_id]
