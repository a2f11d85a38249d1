import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

QUEUES = "ingest,triage,sla,deliver"


def demo_instagram_ids() -> str:
    """The seeded Instagram accounts, so that polling them finds (empty) media instead of a Graph error."""
    from inbox.demo import BRANDS, demo_account_id

    return ",".join(demo_account_id("instagram", handle) for handle in BRANDS)


class Command(BaseCommand):
    help = "Run the whole product on one machine: web, Celery worker + beat, and demo traffic."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--rate", type=float, default=0.3, help="Demo mentions per second (0 for none).")

    def handle(self, *args, port, rate, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo")
        python = sys.executable
        env = {**os.environ, **self.demo_network_env(port)}
        processes = [
            subprocess.Popen([python, "-m", "integrations.fakes", "--x-port", str(port + 701),
                              "--graph-port", str(port + 702), "--ig-users", demo_instagram_ids()], env=env),
            subprocess.Popen([python, "-m", "celery", "-A", "helpdesk", "worker", "--beat", "-Q", QUEUES,
                              "--concurrency", "2", "--loglevel", "INFO",
                              "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME], env=env),
            subprocess.Popen([python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env=env),
        ]
        if rate > 0:
            processes.append(subprocess.Popen([python, "manage.py", "simulate_mentions", "--rate", str(rate)], env=env))
        self.stdout.write(self.style.SUCCESS(
            f"Escucha is running on http://127.0.0.1:{port}/ — log in as agent, supervisor or admin. Ctrl-C stops it."))
        self.wait(processes)

    def demo_network_env(self, port: int) -> dict:
        """Point the network clients at the fake X and Graph servers the demo runs, with demo secrets."""
        demo = {
            "X_API_BASE_URL": f"http://127.0.0.1:{port + 701}", "META_GRAPH_URL": f"http://127.0.0.1:{port + 702}",
            "X_CONSUMER_KEY": "demo", "X_CONSUMER_SECRET": "demo-secret", "X_BEARER_TOKEN": "demo",
            "X_ACCESS_TOKEN": "demo", "X_ACCESS_TOKEN_SECRET": "demo", "META_APP_SECRET": "demo-secret",
            "META_VERIFY_TOKEN": "demo", "META_PAGE_TOKEN": "demo",
        }
        return {key: os.environ.get(key, value) for key, value in demo.items()}

    def wait(self, processes):
        def stop(*_):
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 10
            for process in processes:
                try:
                    process.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
            sys.exit(0)

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        stop()
