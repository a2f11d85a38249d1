"""Meta webhook: subscription verification (GET) and signed Page / Instagram events (POST)."""

import hmac

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from integrations.credentials import secret
from integrations.signatures import meta_signature, signature_matches
from integrations.webhook import accept_delivery, body_too_large, refuse

from .normalise import parse_webhook


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta_webhook(request):
    if request.method == "GET":
        verify_token = secret("META_VERIFY_TOKEN")
        given = request.GET.get("hub.verify_token", "")
        if (request.GET.get("hub.mode") != "subscribe" or not verify_token
                or not hmac.compare_digest(given.encode(), verify_token.encode())):
            return refuse(403, "Verification token mismatch")
        return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
    app_secret = secret("META_APP_SECRET")
    if not app_secret:
        return refuse(503, "META_APP_SECRET is not configured")
    if body_too_large(request):
        return refuse(413, "Body is larger than WEBHOOK_MAX_BODY_BYTES")
    body = request.body
    if not signature_matches(meta_signature(app_secret, body), request.headers.get("X-Hub-Signature-256")):
        return refuse(403, "Bad or missing X-Hub-Signature-256")
    return accept_delivery(source="meta", body=body, parse=parse_webhook,
                           network_of_account=("facebook", "instagram"))
