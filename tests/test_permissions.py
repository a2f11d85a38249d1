"""Every route × every role. A route added without a row here fails ``test_every_route_has_a_row``."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.factories import ConversationFactory, MessageFactory, UserFactory

PUBLIC, LOGIN, AGENT, SUPERVISOR, ADMIN = "public", "login", "agent", "supervisor", "admin"
RANK = {PUBLIC: 0, LOGIN: 1, AGENT: 2, SUPERVISOR: 3, ADMIN: 4}

# route name → (method, path template, the least role that may use it), or a list of them when reads and
# writes need different roles
TABLE = {
    "webhooks:x": ("GET", "/webhooks/x/?crc_token=t", PUBLIC),
    "webhooks:meta": ("GET", "/webhooks/meta/?hub.mode=subscribe&hub.verify_token=v&hub.challenge=c", PUBLIC),
    "login": ("GET", "/accounts/login/", PUBLIC),
    "logout": ("POST", "/accounts/logout/", PUBLIC),
    "password_change": ("GET", "/accounts/password/", LOGIN),
    "password_change_done": ("GET", "/accounts/password/done/", LOGIN),
    "set_language": ("POST", "/i18n/setlang/", PUBLIC),
    "service_hours": ("GET", "/hours/{handle}/", PUBLIC),
    "survey": ("GET", "/survey/not-a-token/", PUBLIC),
    "inbox:list": ("GET", "/inbox/", AGENT),
    "inbox:availability": ("POST", "/inbox/me/availability/", AGENT),
    "inbox:conversation": ("GET", "/inbox/{pk}/", AGENT),
    "inbox:thread": ("GET", "/inbox/{pk}/thread/", AGENT),
    "inbox:presence": ("POST", "/inbox/{pk}/presence/", AGENT),
    "inbox:reply": ("POST", "/inbox/{pk}/reply/", AGENT),
    "inbox:note": ("POST", "/inbox/{pk}/note/", AGENT),
    "inbox:assign": ("POST", "/inbox/{pk}/assign/", AGENT),
    "inbox:status": ("POST", "/inbox/{pk}/status/", AGENT),
    "inbox:priority": ("POST", "/inbox/{pk}/priority/", AGENT),
    "inbox:escalate": ("POST", "/inbox/{pk}/escalate/", AGENT),
    "inbox:retry": ("POST", "/inbox/{pk}/messages/{message}/retry/", AGENT),
    "playbook:rules": ("GET", "/playbook/rules/", ADMIN),
    "playbook:new": ("GET", "/playbook/rules/new/", ADMIN),
    "playbook:edit": ("GET", "/playbook/rules/999999/", ADMIN),
    "playbook:move": ("POST", "/playbook/rules/999999/move/up/", ADMIN),
    "playbook:toggle": ("POST", "/playbook/rules/999999/toggle/", ADMIN),
    "playbook:revisions": ("GET", "/playbook/rules/999999/revisions/", ADMIN),
    "playbook:rollback": ("POST", "/playbook/rules/999999/revisions/1/rollback/", ADMIN),
    "playbook:retriage": ("POST", "/playbook/retriage/", ADMIN),
    "playbook:retriage_progress": ("GET", "/playbook/retriage/999999/", ADMIN),
    "playbook:escalations": ("GET", "/playbook/escalations/", SUPERVISOR),
    "playbook:escalation_status": ("POST", "/playbook/escalations/999999/status/", SUPERVISOR),
    "playbook:templates": ("GET", "/playbook/templates/", SUPERVISOR),
    "slas:dashboard": ("GET", "/sla/", SUPERVISOR),
    "slas:live": ("GET", "/sla/live/", SUPERVISOR),
    "slas:export": ("GET", "/sla/export.csv", SUPERVISOR),
    "api:mentions": ("POST", "/api/v1/mentions/", ADMIN),
    "api:audit": ("GET", "/api/v1/audit/", ADMIN),
    "api:conversations": ("GET", "/api/v1/conversations/", AGENT),
    "api:conversation": ("GET", "/api/v1/conversations/{pk}/", AGENT),
    "api:messages": ("GET", "/api/v1/conversations/{pk}/messages/", AGENT),
    "api:replies": ("POST", "/api/v1/conversations/{pk}/replies/", AGENT),
    "api:notes": ("POST", "/api/v1/conversations/{pk}/notes/", AGENT),
    "api:assign": ("POST", "/api/v1/conversations/{pk}/assign/", AGENT),
    "api:status": ("POST", "/api/v1/conversations/{pk}/status/", AGENT),
    "api:priority": ("POST", "/api/v1/conversations/{pk}/priority/", AGENT),
    "api:customers": ("GET", "/api/v1/customers/", AGENT),
    "api:customer": ("GET", "/api/v1/customers/999999/", AGENT),
    "api:rules": ("GET", "/api/v1/rules/", ADMIN),
    "api:rule": ("GET", "/api/v1/rules/999999/", ADMIN),
    "api:templates": [("GET", "/api/v1/templates/", AGENT), ("POST", "/api/v1/templates/", ADMIN)],
    "api:template": [("GET", "/api/v1/templates/999999/", AGENT), ("PATCH", "/api/v1/templates/999999/", ADMIN),
                     ("PUT", "/api/v1/templates/999999/", ADMIN), ("DELETE", "/api/v1/templates/999999/", ADMIN)],
    "api:departments": [("GET", "/api/v1/departments/", AGENT), ("POST", "/api/v1/departments/", ADMIN)],
    "api:department": [("GET", "/api/v1/departments/999999/", AGENT), ("PATCH", "/api/v1/departments/999999/", ADMIN),
                       ("PUT", "/api/v1/departments/999999/", ADMIN)],
    "api:sla_policies": [("GET", "/api/v1/sla/policies/", AGENT), ("POST", "/api/v1/sla/policies/", SUPERVISOR)],
    "api:sla_policy": [("GET", "/api/v1/sla/policies/999999/", AGENT),
                       ("PATCH", "/api/v1/sla/policies/999999/", SUPERVISOR),
                       ("PUT", "/api/v1/sla/policies/999999/", SUPERVISOR)],
    "api:calendars": [("GET", "/api/v1/sla/calendars/", AGENT), ("POST", "/api/v1/sla/calendars/", SUPERVISOR)],
    "api:calendar": [("GET", "/api/v1/sla/calendars/999999/", AGENT),
                     ("PATCH", "/api/v1/sla/calendars/999999/", SUPERVISOR),
                     ("PUT", "/api/v1/sla/calendars/999999/", SUPERVISOR),
                     ("DELETE", "/api/v1/sla/calendars/999999/", SUPERVISOR)],
    "api:kpis": ("GET", "/api/v1/sla/kpis/?period=7d", SUPERVISOR),
    "api:hook_endpoints": [("GET", "/api/v1/hooks/endpoints/", ADMIN), ("POST", "/api/v1/hooks/endpoints/", ADMIN)],
    "api:hook_endpoint": [("GET", "/api/v1/hooks/endpoints/999999/", ADMIN),
                          ("PATCH", "/api/v1/hooks/endpoints/999999/", ADMIN),
                          ("DELETE", "/api/v1/hooks/endpoints/999999/", ADMIN)],
    "api:hook_deliveries": ("GET", "/api/v1/hooks/deliveries/", ADMIN),
    "api:users": ("GET", "/api/v1/users/", ADMIN),
    "api:user": [("GET", "/api/v1/users/999999/", ADMIN), ("PATCH", "/api/v1/users/999999/", ADMIN)],
    "schema": ("GET", "/api/schema/", LOGIN),
    "api-docs": ("GET", "/api/docs/", LOGIN),
}
ADMIN_SITE = ("GET", "/admin/inbox/channelaccount/", ADMIN)


def route_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}".strip(":")


def test_every_route_has_a_row():
    missing = sorted(set(route_names()) - set(TABLE))
    assert missing == [], f"add these routes to the permission table: {missing}"


def as_role(role):
    client = APIClient(enforce_csrf_checks=False)
    if role == LOGIN:
        client.force_login(UserFactory())  # a user with no role
    elif role != PUBLIC:
        client.force_login(UserFactory(role=role, is_staff=role == ADMIN, is_superuser=role == ADMIN))
    return client


def refused(response) -> bool:
    if response.status_code in (401, 403):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and "next=" in location and "/login/" in location


@pytest.fixture(autouse=True)
def webhook_secrets(monkeypatch):
    monkeypatch.setenv("X_CONSUMER_SECRET", "s")
    monkeypatch.setenv("META_VERIFY_TOKEN", "v")


ROWS = [(name, row) for name, rows in sorted(TABLE.items()) for row in (rows if isinstance(rows, list) else [rows])]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [PUBLIC, LOGIN, AGENT, SUPERVISOR, ADMIN])
@pytest.mark.parametrize(("name", "row"), ROWS + [("admin-site", ADMIN_SITE)],
                         ids=[f"{name}-{row[0]}" for name, row in ROWS] + ["admin-site"])
def test_route_is_open_exactly_to_its_roles(name, row, role):
    method, template, least = row
    conversation = ConversationFactory()
    message = MessageFactory(conversation=conversation, direction="out", delivery_state="failed")
    path = template.format(pk=conversation.pk, message=message.pk, handle=conversation.account.handle)
    client = as_role(role)
    response = client.get(path) if method == "GET" else client.generic(method, path, "{}", "application/json")

    if RANK[role] >= RANK[least]:
        assert not refused(response), f"{role} was refused {method} {path}: {response.status_code}"
        assert response.status_code < 500
    else:
        assert refused(response), f"{role} reached {method} {path}: {response.status_code}"
