"""The default calendar and SLA policies installed by the migrations (and by ``load_default_slas``)."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
DEFAULT_CALENDAR = {
    "name": "Atención al cliente (Madrid)",
    "time_zone": "Europe/Madrid",
    "weekly_hours": {day: [["09:00", "18:00"]] for day in WEEKDAYS},
    "country": "ES",
    "subdivision": "MD",
}

NOTIFY = {"type": "notify_supervisors"}
DEFAULT_POLICIES = [
    {
        "key": "standard", "name": "Standard", "is_default": True, "business_hours_only": True,
        "warning_threshold": 75,
        "targets": {
            "first_response": {"P1": 30, "P2": 60, "P3": 240, "P4": 1440},
            "next_response": {"P1": 30, "P2": 60, "P3": 240, "P4": 1440},
            "resolution": {"P1": 240, "P2": 480, "P3": 1440, "P4": 4320},
        },
        "warning_actions": [NOTIFY],
        "breach_actions": [NOTIFY, {"type": "raise_priority"}, {"type": "add_tag", "tag": "sla-breached"}],
    },
    {
        # Crises do not wait for office hours.
        "key": "crisis", "name": "Crisis (24/7)", "business_hours_only": False, "warning_threshold": 50,
        "targets": {
            "first_response": {"P1": 15, "P2": 30, "P3": 60, "P4": 120},
            "next_response": {"P1": 15, "P2": 30, "P3": 60, "P4": 120},
            "resolution": {"P1": 120, "P2": 240, "P3": 480, "P4": 960},
        },
        "warning_actions": [NOTIFY],
        "breach_actions": [NOTIFY, {"type": "raise_priority"}, {"type": "add_tag", "tag": "sla-breached"}],
    },
]


def install_defaults(BusinessCalendar, SlaPolicy) -> None:
    """Create the default calendar and policies when missing (models passed in, so migrations can call it)."""
    if not BusinessCalendar.objects.filter(is_default=True).exists():
        BusinessCalendar.objects.update_or_create(name=DEFAULT_CALENDAR["name"],
                                                  defaults={**DEFAULT_CALENDAR, "is_default": True})
    for spec in DEFAULT_POLICIES:
        fields = {k: v for k, v in spec.items() if k != "key"}
        if fields.get("is_default") and SlaPolicy.objects.filter(is_default=True).exclude(key=spec["key"]).exists():
            fields["is_default"] = False
        SlaPolicy.objects.get_or_create(key=spec["key"], defaults=fields)
