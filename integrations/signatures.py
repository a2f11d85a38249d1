"""Webhook signatures, checked in constant time."""

import base64
import hashlib
import hmac


def x_signature(secret: str, payload: bytes) -> str:
    """X Account Activity: ``sha256=`` + base64(HMAC-SHA256(consumer secret, payload))."""
    digest = hmac.new(secret.encode(), payload, hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode()


def meta_signature(secret: str, payload: bytes) -> str:
    """Meta: ``sha256=`` + lowercase hex HMAC-SHA256(app secret, raw body)."""
    return "sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def signature_matches(expected: str, given: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(expected.encode(), given.strip().encode())
