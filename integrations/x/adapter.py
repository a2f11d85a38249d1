"""Replies on X: public replies with in_reply_to_tweet_id, private replies as DMs."""

from contextlib import contextmanager
from datetime import datetime, timezone

import requests
import tweepy

from integrations.adapters import PostedReply, ReplyTarget
from integrations.errors import PermanentFailure, RetryLater

from .client import x_client


class XReplies:
    def post(self, account, target: ReplyTarget) -> PostedReply:
        client = x_client(account)
        with _x_errors():
            if target.visibility == "private":
                data = client.create_direct_message(participant_id=target.recipient, text=target.text).json()["data"]
                return PostedReply(external_id=str(data["dm_event_id"]))
            response = client.create_tweet(text=target.text, in_reply_to_tweet_id=target.reply_to or None)
            tweet_id = str(response.json()["data"]["id"])
        return PostedReply(external_id=tweet_id, url=f"https://x.com/{account.handle}/status/{tweet_id}")

    def find_posted(self, account, target: ReplyTarget) -> PostedReply | None:
        """Read back the account's recent replies: was this one already posted?"""
        client = x_client(account)
        with _x_errors():
            if target.visibility == "private":
                events = client.get_direct_message_events(participant_id=target.recipient, max_results=100,
                                                          dm_event_fields=["id", "text", "sender_id"]).json()
                for event in events.get("data") or []:
                    if event.get("sender_id") == account.external_id and event.get("text") == target.text:
                        return PostedReply(external_id=str(event["id"]))
                return None
            tweets = client.get_users_tweets(account.external_id, max_results=100, tweet_fields=["referenced_tweets"],
                                             user_auth=True).json()
        for tweet in tweets.get("data") or []:
            replied_to = {r.get("id") for r in tweet.get("referenced_tweets") or [] if r.get("type") == "replied_to"}
            if tweet.get("text") == target.text and (not target.reply_to or target.reply_to in replied_to):
                return PostedReply(external_id=str(tweet["id"]),
                                   url=f"https://x.com/{account.handle}/status/{tweet['id']}")
        return None


@contextmanager
def _x_errors():
    try:
        yield
    except tweepy.TooManyRequests as error:
        at = datetime.fromtimestamp(error.reset_time, tz=timezone.utc) if error.reset_time else None
        raise RetryLater("X rate limit reached", at=at) from error
    except tweepy.TwitterServerError as error:
        raise RetryLater(f"X server error {error.response.status_code}", maybe_posted=True) from error
    except tweepy.Unauthorized as error:
        raise PermanentFailure("X rejected this account's credentials: an admin must reconnect it.",
                               needs_reauth=True) from error
    except (tweepy.Forbidden, tweepy.BadRequest, tweepy.NotFound) as error:
        detail = "; ".join(error.api_messages) or str(error)
        raise PermanentFailure(f"X refused the request: {detail}") from error
    except tweepy.HTTPException as error:
        raise PermanentFailure(f"X answered {error.response.status_code}: {error}") from error
    except (requests.ConnectTimeout, requests.ConnectionError) as error:
        raise RetryLater(f"X could not be reached: {type(error).__name__}") from error
    except requests.Timeout as error:
        raise RetryLater(f"X did not answer in time: {type(error).__name__}", maybe_posted=True) from error
