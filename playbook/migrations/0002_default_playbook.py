"""The default playbook of DESIGN.md (a frozen copy of playbook/defaults.py at the time of writing)."""

from django.db import migrations

DEPARTMENTS = [{'email': 'communications@example.com', 'key': 'communications', 'name': 'Communications'},
 {'email': 'legal@example.com', 'key': 'legal', 'name': 'Legal'},
 {'email': 'marketing@example.com', 'key': 'marketing', 'name': 'Marketing'}]

RULES = [{'actions': [{'type': 'set_priority', 'value': 'P1'},
              {'type': 'add_tags', 'value': ['crisis-risk']},
              {'department': 'communications',
               'note': 'Possible reputation crisis: check reach and reply within minutes.',
               'type': 'escalate'},
              {'type': 'suggest_templates', 'value': ['apology', 'move_to_dm']}],
  'conditions': {'any': [{'field': 'interaction_type', 'op': 'eq', 'value': 'crisis_risk'},
                         {'field': 'crisis_risk', 'op': 'eq', 'value': True}]},
  'name': 'Crisis risk: escalate to communications'},
 {'actions': [{'type': 'set_priority', 'value': 'P2'},
              {'type': 'suggest_templates', 'value': ['apology', 'move_to_dm']}],
  'conditions': {'field': 'interaction_type',
                 'op': 'in',
                 'value': ['complaint', 'incident', 'negative_experience']},
  'name': 'Complaints, incidents and bad experiences'},
 {'actions': [{'type': 'set_priority', 'value': 'P2'},
              {'type': 'suggest_templates', 'value': ['on_it', 'move_to_dm']}],
  'conditions': {'field': 'interaction_type', 'op': 'in', 'value': ['question', 'request']},
  'name': 'Questions and requests to the brand'},
 {'actions': [{'type': 'set_priority', 'value': 'P3'}, {'type': 'suggest_templates', 'value': ['on_it']}],
  'conditions': {'field': 'interaction_type', 'op': 'eq', 'value': 'non_urgent_query'},
  'name': 'Non-urgent queries'},
 {'actions': [{'type': 'set_priority', 'value': 'P4'}, {'type': 'suggest_templates', 'value': ['thanks']}],
  'conditions': {'field': 'interaction_type',
                 'op': 'in',
                 'value': ['brand_mention', 'sector_mention', 'positive_experience']},
  'name': 'Mentions and positive experiences'},
 {'actions': [{'template': 'out_of_hours', 'type': 'auto_acknowledge'}],
  'conditions': {'all': [{'field': 'business_hours', 'op': 'eq', 'value': 'outside'},
                         {'field': 'expects_reply', 'op': 'eq', 'value': True}]},
  'name': 'Acknowledge outside business hours'}]

TEMPLATES = [('apology',
  'es',
  'Disculpa y solución',
  'Hola {customer_name}, sentimos mucho lo ocurrido. Ya estamos revisándolo (caso {case_number}) y te '
  'contamos en cuanto tengamos novedades.',
  ['complaint', 'incident', 'negative_experience', 'crisis_risk']),
 ('apology',
  'en',
  'Apology and next step',
  "Hi {customer_name}, we're really sorry about this. We're looking into it now (case {case_number}) and "
  'will update you as soon as we know more.',
  ['complaint', 'incident', 'negative_experience', 'crisis_risk']),
 ('move_to_dm',
  'es',
  'Pasar a privado',
  'Hola @{handle}, para ayudarte necesitamos algunos datos personales. ¿Nos escribes por mensaje privado? '
  'Caso {case_number}.',
  ['complaint', 'incident', 'request', 'question']),
 ('move_to_dm',
  'en',
  'Move to DM',
  'Hi @{handle}, we need a few personal details to help. Could you send us a direct message? Case '
  '{case_number}.',
  ['complaint', 'incident', 'request', 'question']),
 ('on_it',
  'es',
  'Respuesta a consulta',
  'Hola {customer_name}, gracias por escribirnos. ',
  ['question', 'request', 'non_urgent_query']),
 ('on_it',
  'en',
  'Answer to a question',
  'Hi {customer_name}, thanks for getting in touch. ',
  ['question', 'request', 'non_urgent_query']),
 ('thanks',
  'es',
  'Agradecimiento',
  '¡Gracias, {customer_name}! Nos alegra mucho leerte. ',
  ['positive_experience', 'brand_mention']),
 ('thanks',
  'en',
  'Thank you',
  'Thank you, {customer_name}! This made our day. ',
  ['positive_experience', 'brand_mention']),
 ('out_of_hours',
  'es',
  'Fuera de horario',
  'Hola {customer_name}, hemos recibido tu mensaje (caso {case_number}). Nuestro horario es {service_hours}; '
  'te responderemos en cuanto abramos.',
  []),
 ('out_of_hours',
  'en',
  'Out of hours',
  "Hi {customer_name}, we've got your message (case {case_number}). Our service hours are {service_hours}; "
  "we'll answer as soon as we open.",
  [])]


def install(apps, schema_editor):
    Department = apps.get_model("playbook", "Department")
    Rule = apps.get_model("playbook", "Rule")
    RuleRevision = apps.get_model("playbook", "RuleRevision")
    Template = apps.get_model("playbook", "Template")
    for department in DEPARTMENTS:
        Department.objects.get_or_create(key=department["key"], defaults=department)
    for key, language, title, body, types in TEMPLATES:
        Template.objects.get_or_create(key=key, language=language,
                                       defaults={"title": title, "body": body, "interaction_types": types})
    if Rule.objects.exists():
        return
    for order, data in enumerate(RULES, start=1):
        rule = Rule.objects.create(order=order * 10, **data)
        snapshot = {"name": rule.name, "description": "", "order": rule.order, "enabled": True,
                    "conditions": rule.conditions, "actions": rule.actions, "stop_processing": False}
        RuleRevision.objects.create(rule=rule, rule_name=rule.name, number=1, snapshot=snapshot,
                                    summary="Default playbook")


class Migration(migrations.Migration):
    dependencies = [("playbook", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
