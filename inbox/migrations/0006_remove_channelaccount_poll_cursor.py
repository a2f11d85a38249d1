from django.db import migrations


class Migration(migrations.Migration):
    """Polling cursors moved to integrations.PollCursor (one per stream), which copied them first."""

    dependencies = [
        ("inbox", "0005_message_text_trigram"),
        ("integrations", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="channelaccount",
            name="poll_cursor",
        ),
    ]
