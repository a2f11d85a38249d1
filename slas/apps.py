from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlasConfig(AppConfig):
    name = "slas"
    verbose_name = _("SLAs")

    def ready(self):
        from . import signals  # noqa: F401  (connects the timeline receiver)
