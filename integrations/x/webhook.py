"""X Account Activity webhook: CRC challenge (GET) and signed events (POST)."""

import base64
import hashlib
import hmac

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from integrations.credentials import secret
from integrations.signatures import signature_matches, x_signature
from integrations.webhook import accept_delivery, body_too_large, refuse

from .normalise import parse_account_activity


@csrf_exempt
@require_http_methods(["GET", "POST"])
def x_webhook(request):
    consumer_secret = secret("X_CONSUMER_SECRET")
    if not consumer_secret:
        return refuse(503, "X_CONSUMER_SECRET is not configured")
    if request.method == "GET":
        token = request.GET.get("crc_token")
        if not token:
            return refuse(400, "crc_token is required")
        digest = hmac.new(consumer_secret.encode(), token.encode(), hashlib.sha256).digest()
        return JsonResponse({"response_token": "sha256=" + base64.b64encode(digest).decode()})
    if body_too_large(request):
        return refuse(413, "Body is larger than WEBHOOK_MAX_BODY_BYTES")
    body = request.body
    if not signature_matches(x_signature(consumer_secret, body), request.headers.get("x-twitter-webhooks-signature")):
        return refuse(403, "Bad or missing x-twitter-webhooks-signature")
    return accept_delivery(source="x", body=body, parse=parse_account_activity, network_of_account=("x",))
