from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dictionaries in templates."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def trail_text(entry) -> str:
    """A triage-trail entry in the page's language (``{{ entry|trail_text }}``)."""
    from playbook.wording import trail_text as localized

    return localized(entry) if isinstance(entry, dict) else str(entry)


@register.filter
def condition_text(text: str) -> str:
    """A rule's conditions, described in the page's language."""
    from playbook.wording import condition_text as localized

    return localized(text or "")
