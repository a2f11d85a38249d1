from django.db import migrations


def install(apps, schema_editor):
    from slas.defaults import install_defaults

    install_defaults(apps.get_model("slas", "BusinessCalendar"), apps.get_model("slas", "SlaPolicy"))


class Migration(migrations.Migration):
    dependencies = [("slas", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
