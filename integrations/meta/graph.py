"""A small typed Graph API client on requests (why not facebook-sdk: docs/integrations.md)."""

import hashlib
import hmac
from dataclasses import dataclass, field

import requests
from django.conf import settings

from integrations.http import network_timeout


@dataclass
class GraphError(Exception):
    status: int
    code: int | None
    subcode: int | None
    message: str
    usage: dict = field(default_factory=dict)  # the *-Usage headers of the answer (throttling estimates)

    def __str__(self):
        return f"Graph error {self.code}/{self.subcode} (HTTP {self.status}): {self.message}"


class GraphClient:
    def __init__(self, access_token: str, *, app_secret: str = "", base_url: str | None = None,
                 version: str | None = None, session: requests.Session | None = None):
        self.access_token = access_token
        self.app_secret = app_secret
        self.base = f"{(base_url or settings.META_GRAPH_URL).rstrip('/')}/{version or settings.META_GRAPH_VERSION}"
        self.session = session or requests.Session()
        self.last_usage: dict = {}

    def get(self, path: str, **params) -> dict:
        return self._request("GET", path, params=params)

    def post(self, path: str, *, json: dict | None = None, **form) -> dict:
        return self._request("POST", path, data=form or None, json=json)

    def _request(self, method: str, path: str, *, params=None, data=None, json=None) -> dict:
        params = {**(params or {}), "access_token": self.access_token}
        if self.app_secret:
            params["appsecret_proof"] = hmac.new(self.app_secret.encode(), self.access_token.encode(),
                                                 hashlib.sha256).hexdigest()
        response = self.session.request(method, f"{self.base}/{path.lstrip('/')}", params=params, data=data,
                                        json=json, timeout=network_timeout())
        self.last_usage = {k: v for k, v in response.headers.items() if k.lower().endswith("-usage")}
        try:
            body = response.json()
        except ValueError:
            body = None
        error = body.get("error") if isinstance(body, dict) else None
        if error or not response.ok or not isinstance(body, dict):
            error = error if isinstance(error, dict) else {}
            raise GraphError(status=response.status_code, code=error.get("code"), subcode=error.get("error_subcode"),
                             message=str(error.get("message") or (response.text[:200] if not body else "unexpected answer")),
                             usage=self.last_usage)
        return body
