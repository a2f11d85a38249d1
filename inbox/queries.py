"""Reads of the inbox: querysets the views, API and tasks share."""

from base64 import urlsafe_b64decode, urlsafe_b64encode
from datetime import datetime, timedelta, timezone as dt_timezone

from django.apps import apps
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone


# The inbox sorts conversations without a running clock last; giving them this due time keeps the sort
# key non-null, so one multicolumn index and one row comparison serve ordering and paging.
FAR_FUTURE = datetime(9999, 12, 31, tzinfo=dt_timezone.utc)


def due_key():
    return Coalesce(models.F("sla_due_at"), models.Value(FAR_FUTURE, output_field=models.DateTimeField()))


class RowAfter(models.Expression):
    """``(a, b, c) > (x, y, z)``: a row comparison (PostgreSQL and SQLite) that a btree index can seek."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, left: list, right: list):
        super().__init__()
        self.left, self.right = list(left), list(right)

    def get_source_expressions(self):
        return self.left + self.right

    def set_source_expressions(self, expressions):
        self.left, self.right = expressions[:len(self.left)], expressions[len(self.left):]

    def as_sql(self, compiler, connection):
        sides, params = [], []
        for side in (self.left, self.right):
            parts = []
            for expression in side:
                sql, part_params = compiler.compile(expression)
                parts.append(sql)
                params.extend(part_params)
            sides.append("(" + ", ".join(parts) + ")")
        return f"{sides[0]} > {sides[1]}", params


class ConversationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=("new", "open", "pending"))

    def in_inbox_order(self):
        # A conversation with no running clock waits behind those with one (its key is the far future).
        return self.order_by("priority", due_key(), "id")

    def with_last_text(self):
        Message = apps.get_model("inbox", "Message")
        latest = Message.objects.filter(conversation=models.OuterRef("pk"), direction="in").order_by("-created_at", "-id")
        return self.annotate(last_text=models.Subquery(latest.values("text")[:1]))

    def inbox(self):
        return (
            self.active().select_related("account", "customer", "assignee", "team").with_last_text().in_inbox_order()
        )

    def after(self, cursor: "InboxCursor"):
        """The rows after ``cursor`` in inbox order (keyset pagination: as fast on page 1,000 as on page 1).

        One row comparison on the inbox index's own columns, so PostgreSQL starts the index scan at the
        cursor instead of reading and discarding every earlier row.
        """
        priority, due, pk = cursor
        key = models.Value(due or FAR_FUTURE, output_field=models.DateTimeField())
        return self.filter(RowAfter([models.F("priority"), due_key(), models.F("id")],
                                    [models.Value(priority), key, models.Value(pk)]))

    def search(self, text: str):
        """Conversations whose customer or any message matches ``text`` (case-insensitive)."""
        Message = apps.get_model("inbox", "Message")
        Customer = apps.get_model("inbox", "Customer")
        text = text.strip()
        in_messages = Message.objects.filter(text__icontains=text).order_by().values("conversation_id")
        customers = Customer.objects.filter(
            models.Q(handle__icontains=text.lstrip("@")) | models.Q(name__icontains=text)).values("pk")
        if in_messages[:SELECTIVE_SEARCH + 1].count() <= SELECTIVE_SEARCH:
            # Few matches (found through the trigram indexes of migration 0005): start from them and sort.
            of_customers = self.model.objects.filter(customer__in=customers).order_by().values("pk")
            return self.filter(pk__in=in_messages.union(of_customers))
        # Many matches: walk the inbox in order and test each row against the hashed set of matches.
        return self.filter(models.Q(pk__in=in_messages) | models.Q(customer__in=customers))

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def unassigned(self):
        return self.filter(assignee__isnull=True)

    def due_within(self, minutes: int):
        return self.filter(sla_due_at__lte=timezone.now() + timedelta(minutes=minutes))

    def breached(self):
        return self.filter(sla_due_at__lt=timezone.now())


SELECTIVE_SEARCH = 5_000  # message matches up to which a search starts from the matches
InboxCursor = tuple  # (priority, sla_due_at or None, id) of the last row shown


def encode_cursor(conversation) -> str:
    due = conversation.sla_due_at.isoformat() if conversation.sla_due_at else ""
    return urlsafe_b64encode(f"{conversation.priority}|{due}|{conversation.pk}".encode()).decode().rstrip("=")


def decode_cursor(value: str) -> InboxCursor | None:
    """The cursor, or None when ``value`` is not one we made."""
    try:
        raw = urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        priority, due, pk = raw.split("|")
        return int(priority), (datetime.fromisoformat(due) if due else None), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


class MessageQuerySet(models.QuerySet):
    def inbound(self):
        return self.filter(direction="in")

    def outbound(self):
        return self.filter(direction="out")

    def awaiting_triage(self, older_than: timedelta):
        return self.filter(direction="in", triaged_at__isnull=True, received_at__lt=timezone.now() - older_than)
