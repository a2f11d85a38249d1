import requests
import tweepy
from django.conf import settings

from integrations.credentials import secret
from integrations.http import RebasedAdapter

PUBLIC_BASE = "https://api.twitter.com"


def x_client(account=None) -> tweepy.Client:
    """A real tweepy Client for the account, aimed at X_API_BASE_URL, returning raw responses."""
    client = tweepy.Client(
        bearer_token=secret("X_BEARER_TOKEN", account),
        consumer_key=secret("X_CONSUMER_KEY", account),
        consumer_secret=secret("X_CONSUMER_SECRET", account),
        access_token=secret("X_ACCESS_TOKEN", account),
        access_token_secret=secret("X_ACCESS_TOKEN_SECRET", account),
        return_type=requests.Response,  # keeps ids as strings and exposes rate-limit headers
        wait_on_rate_limit=False,  # retries are scheduled by Celery, never slept on
    )
    client.session.mount(PUBLIC_BASE, RebasedAdapter(PUBLIC_BASE, settings.X_API_BASE_URL))
    return client
