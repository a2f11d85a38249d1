"""The playbook's data: rules and their revisions, templates, departments, escalations, re-triage runs."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conditions import RuleValidationError
from .engine import RuleSpec


class RuleQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("order", "id")

    def enabled(self):
        return self.filter(enabled=True).in_order()


class Rule(models.Model):
    """One rule of the playbook: when its conditions match, its actions apply. Lower order runs first."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    actions = models.JSONField(_("actions"), default=list)
    stop_processing = models.BooleanField(_("stop processing"), default=False,
                                          help_text=_("Later rules are skipped when this one matches."))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = RuleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    def spec(self) -> RuleSpec:
        return RuleSpec(id=self.pk, name=self.name, conditions=self.conditions or {}, actions=self.actions or [],
                        enabled=self.enabled, stop_processing=self.stop_processing)

    def clean(self):
        try:
            self.spec().validate(**known_references())
        except RuleValidationError as error:
            raise ValidationError({"conditions" if path.startswith("conditions") else
                                   "actions" if path.startswith("actions") else "name": f"{path}: {message}"
                                   for path, message in error.errors.items()}) from error

    def snapshot(self) -> dict:
        return {"name": self.name, "description": self.description, "order": self.order, "enabled": self.enabled,
                "conditions": self.conditions, "actions": self.actions, "stop_processing": self.stop_processing}


def known_references() -> dict[str, list[str]]:
    """Names rule actions may refer to, for validation."""
    from inbox.models import Team
    from slas.models import SlaPolicy

    return {
        "sla_policies": list(SlaPolicy.objects.values_list("key", flat=True)),
        "teams": list(Team.objects.values_list("name", flat=True)),
        "departments": list(Department.objects.values_list("key", flat=True)),
        "templates": list(Template.objects.values_list("key", flat=True).distinct()),
        "users": list(_user_model().objects.filter(is_active=True).values_list("username", flat=True)),
    }


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


class RuleRevision(models.Model):
    """A saved version of a rule: who changed what, when. Rolling back copies a revision onto the rule."""

    rule = models.ForeignKey(Rule, null=True, on_delete=models.SET_NULL, related_name="revisions")
    rule_name = models.CharField(max_length=120)
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    summary = models.CharField(max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "number"], name="rule_revision_number")]


class Department(models.Model):
    """Where conversations are escalated (legal, marketing, communications…): an in-app queue and an e-mail."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Escalation(models.Model):
    """A conversation handed to a department with its full context (the department's in-app queue)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CLOSED = "closed", _("Closed")

    conversation = models.ForeignKey("inbox.Conversation", on_delete=models.CASCADE, related_name="escalations")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="escalations")
    note = models.TextField(blank=True)
    context = models.TextField(help_text=_("Everything the department needs, written when escalated."))
    rule_name = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["conversation", "department"], name="escalation_once")]


_VARIABLE = re.compile(r"\{(\w+)\}")
TEMPLATE_VARIABLES = ("customer_name", "handle", "case_number", "service_hours", "next_opening", "brand")


class Template(models.Model):
    """A canned response in one language, with {variables}; agents always edit it before sending."""

    key = models.SlugField(_("key"), max_length=64)
    language = models.CharField(_("language"), max_length=8, default="es")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("body"), max_length=2_000)
    interaction_types = models.JSONField(_("suggested for"), default=list, blank=True)
    usage_count = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["key", "language"]
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="template_key_language")]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def clean(self):
        unknown = sorted(set(_VARIABLE.findall(self.body)) - set(TEMPLATE_VARIABLES))
        if unknown:
            raise ValidationError({"body": _("Unknown variables: %(names)s. Use %(known)s.") % {
                "names": ", ".join(unknown), "known": ", ".join("{%s}" % v for v in TEMPLATE_VARIABLES)}})

    def render(self, values: dict[str, str]) -> str:
        """The body with known {variables} filled in; unknown ones are left as written (no str.format)."""
        return _VARIABLE.sub(lambda m: str(values.get(m.group(1), m.group(0))), self.body)


class ConversationTriage(models.Model):
    """What the playbook decided for a conversation beyond its own fields: the classification and suggestions."""

    conversation = models.OneToOneField("inbox.Conversation", on_delete=models.CASCADE, related_name="playbook")
    classification = models.JSONField(default=dict)
    suggested_templates = models.JSONField(default=list)
    auto_acknowledged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class RetriageRun(models.Model):
    """An admin's re-run of the playbook over open conversations, with progress."""

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    skipped_manual = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)
