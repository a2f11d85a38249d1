"""Network secrets, from the environment only. Never stored in the database, never shown back."""

import os

from django.conf import settings


def secret(name: str, account=None) -> str:
    """``NAME__<credentials_key>`` for the account if set, else the global setting ``NAME``."""
    key = getattr(account, "credentials_key", "")
    if key:
        value = os.environ.get(f"{name}__{key}")
        if value:
            return value
    return os.environ.get(name) or getattr(settings, name, "") or ""
