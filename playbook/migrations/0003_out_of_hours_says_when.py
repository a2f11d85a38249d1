"""The out-of-hours acknowledgement names when the customer will be answered ({next_opening}).

Only bodies still as migration 0002 wrote them are changed; an admin's own wording is kept.
"""

from django.db import migrations

CHANGES = {
    "es": ("Hola {customer_name}, hemos recibido tu mensaje (caso {case_number}). Nuestro horario es {service_hours}; "
           "te responderemos en cuanto abramos.",
           "Hola {customer_name}, hemos recibido tu mensaje (caso {case_number}). Nuestro horario es {service_hours}: "
           "te responderemos {next_opening}."),
    "en": ("Hi {customer_name}, we've got your message (case {case_number}). Our service hours are {service_hours}; "
           "we'll answer as soon as we open.",
           "Hi {customer_name}, we've got your message (case {case_number}). Our service hours are {service_hours}: "
           "we'll answer {next_opening}."),
}


def forwards(apps, schema_editor):
    Template = apps.get_model("playbook", "Template")
    for language, (old, new) in CHANGES.items():
        Template.objects.filter(key="out_of_hours", language=language, body=old).update(body=new)


def backwards(apps, schema_editor):
    Template = apps.get_model("playbook", "Template")
    for language, (old, new) in CHANGES.items():
        Template.objects.filter(key="out_of_hours", language=language, body=new).update(body=old)


class Migration(migrations.Migration):
    dependencies = [("playbook", "0002_default_playbook")]

    operations = [migrations.RunPython(forwards, backwards)]
