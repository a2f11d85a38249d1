from django.conf import settings
import logging

from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import JsonResponse


def _too_large():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return JsonResponse({"detail": f"Request body is larger than the limit of {limit} bytes."}, status=413)


class RequestBodyLimitMiddleware:
    """Answer 413, not Django's generic 400, when a body is over DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return _too_large()
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return _too_large()
        return None


logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A lost database connection is a 503 with Retry-After: the sender retries, nothing half-stored.

    Ingest writes are one transaction each, so a connection dropped mid-request rolled back whole.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError):
            logger.error("Database unavailable during %s %s", request.method, request.path, exc_info=exception)
            response = JsonResponse({"detail": "The database is unavailable; retry shortly."}, status=503)
            response["Retry-After"] = "5"
            return response
        return None


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY on every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
