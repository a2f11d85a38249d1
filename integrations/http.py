"""HTTP plumbing shared by the network clients."""

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter


def network_timeout() -> tuple[float, float]:
    """(connect, read) seconds for calls to the networks; the client libraries set none."""
    return settings.NETWORK_CONNECT_TIMEOUT, settings.NETWORK_READ_TIMEOUT


class RebasedAdapter(HTTPAdapter):
    """Send requests for ``public_base`` to ``base_url`` instead, with a default timeout.

    tweepy hard-codes https://api.twitter.com; mounting this on the session lets the same code talk
    to the real API or to our fake server, with tweepy's signing, error mapping and parsing intact.
    """

    def __init__(self, public_base: str, base_url: str):
        super().__init__(max_retries=0)
        self.public_base = public_base.rstrip("/")
        self.base_url = base_url.rstrip("/")

    def send(self, request, **kwargs):
        if request.url.startswith(self.public_base) and self.base_url != self.public_base:
            request.url = self.base_url + request.url[len(self.public_base):]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = network_timeout()
        return super().send(request, **kwargs)


def session_for(public_base: str, base_url: str) -> requests.Session:
    session = requests.Session()
    adapter = RebasedAdapter(public_base, base_url)
    session.mount(public_base, adapter)
    if not base_url.startswith(public_base):
        session.mount(base_url, adapter)
    return session
