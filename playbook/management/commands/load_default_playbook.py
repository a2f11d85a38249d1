from django.core.management.base import BaseCommand

from playbook.defaults import install_default_playbook


class Command(BaseCommand):
    help = "Install the default SCS playbook (departments, templates, and rules when none exist)."

    def handle(self, *args, **options):
        created = install_default_playbook()
        self.stdout.write(f"Default playbook installed ({created} rules created).")
