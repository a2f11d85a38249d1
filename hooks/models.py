"""Outgoing webhooks: URLs that receive signed JSON events, and the log of every delivery."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EVENTS = [
    ("conversation.created", _("Conversation created")),
    ("conversation.priority_changed", _("Priority changed")),
    ("conversation.resolved", _("Conversation resolved")),
    ("sla.warned", _("SLA warning")),
    ("sla.breached", _("SLA breached")),
]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, blank=True, help_text=_("Event names to send; empty means all."))
    secret = models.CharField(max_length=100, default=new_secret, editable=False,
                              help_text=_("Signs each delivery (X-Escucha-Signature)."))
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.url

    def wants(self, event: str) -> bool:
        return self.is_active and (not self.events or event in self.events)


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="hook_delivery_state")]
