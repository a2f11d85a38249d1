"""The default playbook (DESIGN.md "The SCS playbook"): rules, templates and departments.

Installed by migration 0002 (a frozen copy) and by ``python manage.py load_default_playbook``.
"""

HIGH_TYPES = ["question", "request", "incident", "negative_experience", "complaint", "crisis_risk"]
LOW_TYPES = ["brand_mention", "sector_mention", "non_urgent_query", "positive_experience"]

DEPARTMENTS = [
    {"key": "communications", "name": "Communications", "email": "communications@example.com"},
    {"key": "legal", "name": "Legal", "email": "legal@example.com"},
    {"key": "marketing", "name": "Marketing", "email": "marketing@example.com"},
]

RULES = [
    {
        "name": "Crisis risk: escalate to communications",
        "conditions": {"any": [
            {"field": "interaction_type", "op": "eq", "value": "crisis_risk"},
            {"field": "crisis_risk", "op": "eq", "value": True},
        ]},
        "actions": [
            {"type": "set_priority", "value": "P1"},
            {"type": "add_tags", "value": ["crisis-risk"]},
            {"type": "escalate", "department": "communications",
             "note": "Possible reputation crisis: check reach and reply within minutes."},
            {"type": "suggest_templates", "value": ["apology", "move_to_dm"]},
        ],
    },
    {
        "name": "Complaints, incidents and bad experiences",
        "conditions": {"field": "interaction_type", "op": "in",
                       "value": ["complaint", "incident", "negative_experience"]},
        "actions": [
            {"type": "set_priority", "value": "P2"},
            {"type": "suggest_templates", "value": ["apology", "move_to_dm"]},
        ],
    },
    {
        "name": "Questions and requests to the brand",
        "conditions": {"field": "interaction_type", "op": "in", "value": ["question", "request"]},
        "actions": [
            {"type": "set_priority", "value": "P2"},
            {"type": "suggest_templates", "value": ["on_it", "move_to_dm"]},
        ],
    },
    {
        "name": "Non-urgent queries",
        "conditions": {"field": "interaction_type", "op": "eq", "value": "non_urgent_query"},
        "actions": [
            {"type": "set_priority", "value": "P3"},
            {"type": "suggest_templates", "value": ["on_it"]},
        ],
    },
    {
        "name": "Mentions and positive experiences",
        "conditions": {"field": "interaction_type", "op": "in",
                       "value": ["brand_mention", "sector_mention", "positive_experience"]},
        "actions": [
            {"type": "set_priority", "value": "P4"},
            {"type": "suggest_templates", "value": ["thanks"]},
        ],
    },
    {
        "name": "Acknowledge outside business hours",
        "conditions": {"all": [
            {"field": "business_hours", "op": "eq", "value": "outside"},
            {"field": "expects_reply", "op": "eq", "value": True},
        ]},
        "actions": [{"type": "auto_acknowledge", "template": "out_of_hours"}],
    },
]

TEMPLATES = [
    ("apology", "es", "Disculpa y solución",
     "Hola {customer_name}, sentimos mucho lo ocurrido. Ya estamos revisándolo (caso {case_number}) "
     "y te contamos en cuanto tengamos novedades.",
     ["complaint", "incident", "negative_experience", "crisis_risk"]),
    ("apology", "en", "Apology and next step",
     "Hi {customer_name}, we're really sorry about this. We're looking into it now (case {case_number}) "
     "and will update you as soon as we know more.",
     ["complaint", "incident", "negative_experience", "crisis_risk"]),
    ("move_to_dm", "es", "Pasar a privado",
     "Hola @{handle}, para ayudarte necesitamos algunos datos personales. ¿Nos escribes por mensaje privado? "
     "Caso {case_number}.",
     ["complaint", "incident", "request", "question"]),
    ("move_to_dm", "en", "Move to DM",
     "Hi @{handle}, we need a few personal details to help. Could you send us a direct message? "
     "Case {case_number}.",
     ["complaint", "incident", "request", "question"]),
    ("on_it", "es", "Respuesta a consulta",
     "Hola {customer_name}, gracias por escribirnos. ",
     ["question", "request", "non_urgent_query"]),
    ("on_it", "en", "Answer to a question",
     "Hi {customer_name}, thanks for getting in touch. ",
     ["question", "request", "non_urgent_query"]),
    ("thanks", "es", "Agradecimiento",
     "¡Gracias, {customer_name}! Nos alegra mucho leerte. ",
     ["positive_experience", "brand_mention"]),
    ("thanks", "en", "Thank you",
     "Thank you, {customer_name}! This made our day. ",
     ["positive_experience", "brand_mention"]),
    ("out_of_hours", "es", "Fuera de horario",
     "Hola {customer_name}, hemos recibido tu mensaje (caso {case_number}). Nuestro horario es {service_hours}: "
     "te responderemos {next_opening}.",
     []),
    ("out_of_hours", "en", "Out of hours",
     "Hi {customer_name}, we've got your message (case {case_number}). Our service hours are {service_hours}: "
     "we'll answer {next_opening}.",
     []),
]


def install_default_playbook() -> int:
    """Create the default departments, templates and (when there are no rules yet) rules. Idempotent.

    Returns the number of rules created.
    """
    from django.db import transaction

    from .models import Department, Rule, RuleRevision, Template

    with transaction.atomic():
        for department in DEPARTMENTS:
            Department.objects.get_or_create(key=department["key"], defaults=department)
        for key, language, title, body, types in TEMPLATES:
            Template.objects.get_or_create(key=key, language=language,
                                           defaults={"title": title, "body": body, "interaction_types": types})
        if Rule.objects.exists():
            return 0
        for order, data in enumerate(RULES, start=1):
            rule = Rule.objects.create(order=order * 10, **data)
            RuleRevision.objects.create(rule=rule, rule_name=rule.name, number=1, snapshot=rule.snapshot(),
                                        summary="Default playbook")
    return len(RULES)
