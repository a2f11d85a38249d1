import os

from celery import Celery

import helpdesk.broker  # noqa: F401  (registers the atomic filesystem transport)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")

app = Celery("helpdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
