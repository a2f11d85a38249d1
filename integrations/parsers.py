"""Raw event source → parser of its body into InboundMessage values."""

from integrations.meta.normalise import parse_webhook as parse_meta
from integrations.x.normalise import parse_account_activity

PARSERS = {"x": parse_account_activity, "meta": parse_meta}
