"""What can go wrong at a network, in terms the delivery state machine and the agent understand."""

from datetime import datetime


class MalformedPayload(ValueError):
    """A webhook body or API answer that does not have the shape the network documents."""


class RetryLater(Exception):
    """Transient: rate limit, throttling, a 5xx or a timeout. ``at`` is when to try again, if known.

    ``maybe_posted`` means the network may have acted before failing (a read timeout, a 5xx): the
    next attempt must read back before posting.
    """

    def __init__(self, reason: str, at: datetime | None = None, *, maybe_posted: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.at = at
        self.maybe_posted = maybe_posted


class PermanentFailure(Exception):
    """Retrying will not help; ``reason`` is shown to the agent. ``needs_reauth`` flags the channel."""

    def __init__(self, reason: str, *, needs_reauth: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.needs_reauth = needs_reauth
