"""Where polling got to, per channel account and stream."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PollCursor(models.Model):
    """The newest item of one polled stream of an account that is already stored.

    ``position`` is an X id (a number) or, for Meta, epoch seconds; 0 means nothing polled yet. It
    only moves forward, with a conditional update, so overlapping polls can never move it back.
    """

    class Stream(models.TextChoices):
        MENTIONS = "mentions", _("X mentions")
        DIRECT_MESSAGES = "direct_messages", _("X direct messages")
        PAGE_COMMENTS = "page_comments", _("Facebook page comments")
        MEDIA_COMMENTS = "media_comments", _("Instagram comments")

    account = models.ForeignKey("inbox.ChannelAccount", on_delete=models.CASCADE, related_name="poll_cursors")
    stream = models.CharField(max_length=32, choices=Stream.choices)
    position = models.BigIntegerField(default=0)
    advanced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "stream"], name="poll_cursor_once_per_stream")]
        ordering = ["account", "stream"]

    def __str__(self):
        return f"{self.account} {self.get_stream_display()}: {self.position}"

    @classmethod
    def position_of(cls, account, stream: str) -> int:
        return cls.objects.filter(account=account, stream=stream).values_list("position", flat=True).first() or 0

    @classmethod
    def advance(cls, account, stream: str, position: int) -> bool:
        """Move the cursor to ``position`` if that is further on; returns whether it moved."""
        if position <= 0:
            return False
        cls.objects.get_or_create(account=account, stream=stream)
        return bool(cls.objects.filter(account=account, stream=stream, position__lt=position)
                    .update(position=position, advanced_at=timezone.now()))
