"""SLA policies, business-hours calendars, clocks, supervisor alerts, crisis episodes and surveys."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendar import Calendar, CalendarError, build_calendar


class Metric(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


METRICS = tuple(Metric.values)
PRIORITY_KEYS = ("P1", "P2", "P3", "P4")
ACTION_TYPES = ("notify_supervisors", "raise_priority", "route_to_team", "add_tag")


class BusinessCalendar(models.Model):
    """A brand's service hours: weekly hours in a time zone, country holidays and its own closed days."""

    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(max_length=64, default="Europe/Madrid")
    weekly_hours = models.JSONField(default=dict, blank=True, help_text=_('{"mon": [["09:00", "18:00"]], …}'))
    country = models.CharField(max_length=2, blank=True, help_text=_("ISO code for public holidays, e.g. ES."))
    subdivision = models.CharField(max_length=8, blank=True, help_text=_("Region for regional holidays, e.g. MD."))
    always_open = models.BooleanField(default=False, help_text=_("Open 24/7: hours and holidays are ignored."))
    is_default = models.BooleanField(default=False)
    accounts = models.ManyToManyField("inbox.ChannelAccount", blank=True, related_name="business_calendars")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                               name="one_default_calendar")]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            self.as_calendar()
        except CalendarError as error:
            raise ValidationError({"weekly_hours": str(error)}) from error

    def as_calendar(self) -> Calendar:
        own = [h.date for h in self.holidays.all()] if self.pk else []
        return build_calendar(time_zone=self.time_zone, weekly_hours=self.weekly_hours, country=self.country,
                              subdivision=self.subdivision, extra_holidays=own, always_open=self.always_open)


class Holiday(models.Model):
    """A day the brand is closed beyond the country's public holidays."""

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="holiday_once_per_calendar")]


def validate_targets(value) -> None:
    """``{"first_response": {"P1": 30, …}, …}`` in minutes; every metric and priority present and positive."""
    if not isinstance(value, dict):
        raise ValidationError(_("targets: expected an object keyed by metric"))
    for metric in METRICS:
        per_priority = value.get(metric)
        if not isinstance(per_priority, dict):
            raise ValidationError(_("targets: %(metric)s is missing") % {"metric": metric})
        for key in PRIORITY_KEYS:
            minutes = per_priority.get(key)
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                raise ValidationError(_("targets: %(metric)s %(priority)s must be a positive number of minutes")
                                      % {"metric": metric, "priority": key})


def validate_actions(value) -> None:
    """A list of ``{"type": …}`` escalation actions; route_to_team needs "team", add_tag needs "tag"."""
    if not isinstance(value, list):
        raise ValidationError(_("actions: expected a list"))
    for index, action in enumerate(value):
        kind = action.get("type") if isinstance(action, dict) else None
        if kind not in ACTION_TYPES:
            raise ValidationError(_("actions[%(i)s]: type must be one of %(types)s")
                                  % {"i": index, "types": ", ".join(ACTION_TYPES)})
        needed = {"route_to_team": "team", "add_tag": "tag"}.get(kind)
        if needed and not str(action.get(needed) or "").strip():
            raise ValidationError(_("actions[%(i)s]: %(kind)s needs %(field)s") % {"i": index, "kind": kind, "field": needed})


class SlaPolicy(models.Model):
    """Promised times per metric and priority, when to warn, and what to do on warning and breach."""

    key = models.SlugField(max_length=64, unique=True, help_text=_("The name playbook rules use (set_sla_policy)."))
    name = models.CharField(max_length=100)
    network = models.CharField(max_length=16, blank=True, help_text=_("Only for this network (blank: all)."))
    interaction_type = models.CharField(max_length=32, blank=True, help_text=_("Only for this type (blank: all)."))
    business_hours_only = models.BooleanField(
        default=True, help_text=_("Clocks run only inside the account's business hours; off means 24/7."),
    )
    targets = models.JSONField(validators=[validate_targets])
    warning_threshold = models.PositiveSmallIntegerField(
        default=75, help_text=_("Warn when this percentage of the target has passed."),
    )
    warning_actions = models.JSONField(default=list, blank=True, validators=[validate_actions])
    breach_actions = models.JSONField(default=list, blank=True, validators=[validate_actions])
    survey_scale = models.CharField(
        max_length=4, blank=True, choices=[("nps", _("0–10 (NPS)")), ("csat", _("1–5 (CSAT)"))],
        help_text=_("Send the customer a satisfaction survey when a conversation is resolved (blank: none)."),
    )
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_sla_policy"),
            models.CheckConstraint(condition=Q(warning_threshold__gte=1, warning_threshold__lte=99),
                                   name="sla_warning_threshold_percent"),
        ]

    def __str__(self):
        return self.name

    def target(self, metric: str, priority: int) -> timedelta:
        return timedelta(minutes=self.targets[metric][f"P{priority}"])


class SlaClock(models.Model):
    """One promise on one conversation: due time, pauses, and whether it was met or breached.

    A clock is *open* until ``stopped_at`` is set (an agent replied, or the conversation was resolved);
    a breached clock stays open, and breached, until then.
    """

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        MET = "met", _("Met")
        BREACHED = "breached", _("Breached")

    conversation = models.ForeignKey("inbox.Conversation", on_delete=models.CASCADE, related_name="sla_clocks")
    metric = models.CharField(max_length=16, choices=Metric.choices)
    policy = models.ForeignKey(SlaPolicy, null=True, on_delete=models.SET_NULL, related_name="clocks")
    priority = models.PositiveSmallIntegerField()
    business_hours = models.BooleanField(default=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.RUNNING)
    target = models.DurationField()
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty while paused."))
    warn_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    remaining = models.DurationField(null=True, blank=True, help_text=_("Open time left when paused."))
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "metric"], condition=Q(stopped_at__isnull=True),
                                    name="one_open_clock_per_metric"),
            models.UniqueConstraint(fields=["conversation"], condition=Q(metric="first_response"),
                                    name="one_first_response_clock"),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="slaclock_state_due"),
            # What the sweep reads: only running clocks, by due time (and by warning time).
            models.Index(fields=["due_at"], name="slaclock_running_due", condition=Q(state="running")),
            models.Index(fields=["warn_at"], name="slaclock_running_warn",
                         condition=Q(state="running", warned_at__isnull=True)),
            models.Index(fields=["conversation", "metric"], name="slaclock_conversation"),
        ]

    def __str__(self):
        return f"{self.metric} #{self.conversation_id} {self.state}"

    @property
    def is_open(self) -> bool:
        return self.stopped_at is None


class SupervisorAlert(models.Model):
    """An in-app notice for supervisors: an SLA warning or breach, or a crisis episode."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("SLA warning")
        BREACH = "breach", _("SLA breach")
        CRISIS = "crisis", _("Crisis")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    conversation = models.ForeignKey("inbox.Conversation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="sla_alerts")
    clock = models.ForeignKey(SlaClock, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    account = models.ForeignKey("inbox.ChannelAccount", null=True, blank=True, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database, not the sweeper, guarantees one alert per clock and kind.
            models.UniqueConstraint(fields=["clock", "kind"], condition=Q(clock__isnull=False),
                                    name="one_alert_per_clock_and_kind"),
        ]


class CrisisEpisode(models.Model):
    """A surge of negative mentions for an account far above its recent baseline; alerted once."""

    account = models.ForeignKey("inbox.ChannelAccount", on_delete=models.CASCADE, related_name="crisis_episodes")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    negative_count = models.PositiveIntegerField()
    baseline = models.FloatField(help_text=_("Negative mentions per window in the recent past."))
    top_message_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["account"], condition=Q(ended_at__isnull=True),
                                               name="one_open_crisis_per_account")]


def _survey_token() -> str:
    return secrets.token_urlsafe(24)


class Survey(models.Model):
    """A satisfaction survey sent on resolve: a public link, one score and a comment."""

    class Scale(models.TextChoices):
        NPS = "nps", _("0–10 (NPS)")
        CSAT = "csat", _("1–5 (CSAT)")

    conversation = models.OneToOneField("inbox.Conversation", on_delete=models.CASCADE, related_name="survey")
    token = models.CharField(max_length=64, unique=True, default=_survey_token)
    scale = models.CharField(max_length=4, choices=Scale.choices, default=Scale.CSAT)
    sent_at = models.DateTimeField(default=timezone.now)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["answered_at"], name="survey_answered")]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(scale="nps", score__lte=10) | Q(scale="csat", score__gte=1, score__lte=5),
                name="survey_score_in_scale",
            ),
        ]

    @property
    def score_range(self) -> range:
        return range(0, 11) if self.scale == self.Scale.NPS else range(1, 6)


def supervisors():
    """Active users who hold the supervisor or admin role."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).filter(
        Q(groups__name__in=("supervisor", "admin")) | Q(is_superuser=True)).distinct()

