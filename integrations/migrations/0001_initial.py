import django.db.models.deletion
from django.db import migrations, models

# The one cursor ChannelAccount.poll_cursor held: X mentions (since_id) or Facebook comments (epoch seconds).
STREAM_OF_OLD_CURSOR = {"x": "mentions", "facebook": "page_comments"}


def copy_account_cursors(apps, schema_editor):
    ChannelAccount = apps.get_model("inbox", "ChannelAccount")
    PollCursor = apps.get_model("integrations", "PollCursor")
    for account in ChannelAccount.objects.exclude(poll_cursor="").filter(network__in=STREAM_OF_OLD_CURSOR):
        if account.poll_cursor.isdigit():
            PollCursor.objects.create(account=account, stream=STREAM_OF_OLD_CURSOR[account.network],
                                      position=int(account.poll_cursor))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("inbox", "0005_message_text_trigram"),
    ]

    operations = [
        migrations.CreateModel(
            name="PollCursor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stream", models.CharField(choices=[("mentions", "X mentions"), ("direct_messages", "X direct messages"), ("page_comments", "Facebook page comments"), ("media_comments", "Instagram comments")], max_length=32)),
                ("position", models.BigIntegerField(default=0)),
                ("advanced_at", models.DateTimeField(blank=True, null=True)),
                ("account", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="poll_cursors", to="inbox.channelaccount")),
            ],
            options={
                "ordering": ["account", "stream"],
                "constraints": [models.UniqueConstraint(fields=("account", "stream"), name="poll_cursor_once_per_stream")],
            },
        ),
        migrations.RunPython(copy_account_cursors, migrations.RunPython.noop),
    ]
