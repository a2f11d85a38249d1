import json
import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from inbox.demo import MENTIONS_FILE, load_samples, mention_from_sample
from inbox.services import store_raw_event


class Command(BaseCommand):
    help = ("Feed realistic mentions through the same store-then-process path the networks use. "
            "Runs until stopped unless --count is given.")

    def add_arguments(self, parser):
        parser.add_argument("--rate", type=float, default=0.5, help="Mentions per second (default 0.5).")
        parser.add_argument("--count", type=int, default=0, help="Stop after this many (default: never).")
        parser.add_argument("--file", type=Path, default=MENTIONS_FILE, help="JSON lines of labelled mentions.")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, rate, count, file, seed, **options):
        rng = random.Random(seed)
        samples = load_samples(file)
        sent = 0
        while not count or sent < count:
            mention = mention_from_sample(rng.choice(samples), rng)
            store_raw_event(source="mentions", body=json.dumps(mention).encode())
            sent += 1
            if rate > 0:
                time.sleep(rng.expovariate(rate))
        self.stdout.write(f"Sent {sent} mentions.")
