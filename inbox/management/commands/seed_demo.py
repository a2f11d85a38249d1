import os

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from helpdesk.roles import ROLES
from inbox.demo import BRANDS, demo_account_id
from inbox.models import ChannelAccount, Team


class Command(BaseCommand):
    help = "Create the demo brand accounts, teams and one user per role (idempotent)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "escucha-demo")
        with transaction.atomic():
            for handle, name in BRANDS.items():
                for network in ("x", "facebook", "instagram"):
                    external_id = demo_account_id(network, handle)
                    ChannelAccount.objects.get_or_create(
                        network=network, external_id=external_id,
                        defaults={"handle": handle, "name": name, "credentials_key": f"DEMO_{handle.upper()}"},
                    )
            support, _ = Team.objects.get_or_create(name="Support")
            Team.objects.get_or_create(name="Social media")
            for role in ROLES:
                user, created = User.objects.get_or_create(username=role, defaults={"email": f"{role}@example.com"})
                if created:
                    user.set_password(password)
                    user.save()
                user.groups.add(Group.objects.get_or_create(name=role)[0])
                support.members.add(user)
        self.stdout.write(f"Demo users agent, supervisor, admin (password: {password}); "
                          f"{ChannelAccount.objects.count()} channel accounts.")
