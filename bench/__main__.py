"""Run the benchmarks: `python dev.py bench` (all) or `python dev.py bench ingest_api ...`.

Each prints its figures next to a baseline measured in the same run. Needs PostgreSQL and Redis
(DATABASE_URL defaults to postgres://root@127.0.0.1:5432/escucha_bench; inbox_bench and
sla_sweep_bench always use a database of their own on that server).
"""

import importlib
import sys

BENCHMARKS = ["ingest_api", "e2e_ingest", "rules_bench", "inbox_bench", "sla_sweep_bench"]


def main(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
