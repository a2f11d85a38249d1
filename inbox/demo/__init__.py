"""Demo traffic: realistic mentions (Spanish and English) shaped like the labelled data set."""

import json
import random
import uuid
from pathlib import Path

from django.utils import timezone

MENTIONS_FILE = Path(__file__).with_name("mentions.jsonl")

BRANDS = {
    "MovilNova": "Movil Nova",
    "AeroSur": "AeroSur",
    "LabiaCosmetics": "Labia Cosmetics",
    "CafeTostado": "Café Tostado",
    "VoltaMotors": "Volta Motors",
    "BancoCerca": "Banco Cerca",
}


def demo_account_id(network: str, handle: str) -> str:
    """The external id the demo gives a brand's account on a network (a page id on Meta)."""
    return {"x": "x", "facebook": "fb", "instagram": "ig"}[network] + "-" + handle.lower()


def load_samples(path: Path = MENTIONS_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def mention_from_sample(sample: dict, rng: random.Random) -> dict:
    """A normalised mention (the API's shape) with fresh ids, built from a labelled sample."""
    handle = sample["brand"].lstrip("@")
    network = sample["network"]
    author = sample["author_handle"]
    return {
        "network": network,
        "account": handle if network == "x" else demo_account_id(network, handle),
        "external_id": f"demo-{uuid.uuid4().hex}",
        "visibility": sample["visibility"],
        "author": {
            "external_id": f"{network}-{author}",
            "handle": author,
            "name": author.replace("_", " ").title(),
            "followers": int(sample["author_followers"] * rng.uniform(0.95, 1.05)),
            "verified": sample["author_verified"],
        },
        "text": sample["text"],
        "created_at": timezone.now().isoformat(),
        "raw": {"demo_sample": sample["id"]},
    }
