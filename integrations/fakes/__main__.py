"""Run the fake X and Graph API servers on fixed ports (the demo's networks):

    python -m integrations.fakes --x-port 8701 --graph-port 8702 [--ig-users ig-movilnova,ig-aerosur]
"""

import argparse
import signal
import threading

from .graph import FakeGraph
from .x import FakeX


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--x-port", type=int, default=8701)
    parser.add_argument("--graph-port", type=int, default=8702)
    parser.add_argument("--ig-users", default="", help="comma-separated Instagram account ids the fake Graph knows")
    args = parser.parse_args()
    ig_users = tuple(filter(None, args.ig_users.split(",")))
    servers = [FakeX(args.x_port).start(), FakeGraph(args.graph_port, other_ig_users=ig_users).start()]
    print(f"Fake X on {servers[0].url}, fake Graph API on {servers[1].url}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    for server in servers:
        server.stop()


if __name__ == "__main__":
    main()
