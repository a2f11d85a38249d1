#!/usr/bin/env python3
"""Escucha's two commands, for a fresh machine with only Python 3.11+.

    python dev.py run    # install into .venv, then web + worker + beat + demo traffic on SQLite
    python dev.py test   # install into .venv (with test tools), then the whole test suite

Uses only the standard library until the virtualenv exists.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def ensure_venv(extras: str) -> None:
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    if not PYTHON.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.check_call(pip + ["--upgrade", "pip"])
    subprocess.check_call(pip + ["-e", f".[{extras}]" if extras else "."], cwd=ROOT)
    stamp.write_text(wanted)


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    os.chdir(ROOT)
    if command == "run":
        ensure_venv("")
        return subprocess.call([str(PYTHON), "manage.py", "rundemo", *rest])
    if command == "test":
        ensure_venv("test")
        args = rest or ["-n", os.environ.get("TEST_PROCESSES", "2")]
        return subprocess.call([str(PYTHON), "-m", "pytest", *args])
    if command == "bench":
        ensure_venv("test")
        return subprocess.call([str(PYTHON), "-m", "bench", *rest])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
