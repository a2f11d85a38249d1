from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dictionaries in templates."""
    return mapping.get(key) if hasattr(mapping, "get") else None
