"""Trigram indexes for the inbox search on PostgreSQL (``icontains`` is ``UPPER(col) LIKE UPPER(%s)``).

Other databases keep scanning: the embedded SQLite default holds demo-sized data.
"""

from django.db import migrations

INDEXES = {
    "message_text_trgm": "inbox_message USING gin (UPPER(text) gin_trgm_ops)",
    "customer_handle_trgm": "inbox_customer USING gin (UPPER(handle) gin_trgm_ops)",
    "customer_name_trgm": "inbox_customer USING gin (UPPER(name) gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("inbox", "0004_inbox_order_index_on_due_key")]
    operations = [migrations.RunPython(create, drop)]
