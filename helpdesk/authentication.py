"""API token authentication that the audit log can see."""

from auditlog.context import auditlog_value
from rest_framework.authentication import TokenAuthentication


class AuditedTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, naming the token's user as the audit log's actor.

    AuditlogMiddleware records ``request.user`` before DRF authenticates a token, so without this every
    change made with a token would be logged with no actor.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            try:
                auditlog_value.get()["actor"] = result[0]
            except LookupError:  # outside AuditlogMiddleware (e.g. a test's APIRequestFactory)
                pass
        return result
