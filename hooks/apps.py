from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HooksConfig(AppConfig):
    name = "hooks"
    verbose_name = _("Outgoing webhooks")

    def ready(self):
        from . import receivers  # noqa: F401
