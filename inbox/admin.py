from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ChannelAccount, Conversation, Customer, Message, RawEvent, Team


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    """Channels and their health. Tokens are never stored here: only the name of their environment variables."""

    list_display = ("handle", "network", "external_id", "is_active", "health", "last_webhook_at", "last_polled_at",
                    "rate_limited_until", "last_error_at")
    list_filter = ("network", "is_active", "needs_reauth")
    search_fields = ("handle", "name", "external_id")
    readonly_fields = ("last_polled_at", "last_webhook_at", "last_error", "last_error_at", "rate_limited_until",
                       "poll_positions")
    fieldsets = (
        (None, {"fields": ("network", "external_id", "handle", "name", "is_active", "credentials_key")}),
        ("Health", {"fields": ("needs_reauth", "last_webhook_at", "last_polled_at", "poll_positions",
                               "rate_limited_until", "last_error", "last_error_at")}),
    )

    @admin.display(description="Health")
    def health(self, account):
        from django.utils import timezone

        if account.needs_reauth:
            return "needs re-authentication"
        if account.rate_limited_until and account.rate_limited_until > timezone.now():
            return "rate limited"
        if account.last_error_at and account.last_error_at >= max(
                filter(None, [account.last_webhook_at, account.last_polled_at]), default=account.last_error_at):
            return "failing"
        return "ok"

    @admin.display(description=_("Polled up to"))
    def poll_positions(self, account):
        """Each polled stream's cursor: the newest X id, or for Meta the time (epoch seconds), already stored."""
        return "; ".join(f"{cursor.get_stream_display()}: {cursor.position}"
                         for cursor in account.poll_cursors.all()) or "-"


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    filter_horizontal = ("members",)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("handle", "network", "name", "followers", "verified")
    list_filter = ("network", "verified")
    search_fields = ("handle", "name", "external_id")


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "customer", "status", "priority", "interaction_type", "assignee", "sla_due_at")
    list_filter = ("status", "priority", "account__network")
    raw_id_fields = ("customer", "assignee")


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("id", "network", "external_id", "direction", "visibility", "delivery_state", "created_at")
    list_filter = ("network", "direction", "delivery_state")
    raw_id_fields = ("conversation", "customer", "raw_event")


@admin.register(RawEvent)
class RawEventAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "received_at", "processed_at", "attempts", "error")
    list_filter = ("source",)
