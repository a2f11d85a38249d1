"""The fake networks as a standalone process (what the demo runs), driven by the real clients."""

import signal
import socket
import subprocess
import sys

import pytest

from integrations.meta.graph import GraphClient
from integrations.x.client import x_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fakes_process():
    x_port, graph_port = free_port(), free_port()
    process = subprocess.Popen([sys.executable, "-m", "integrations.fakes", "--x-port", str(x_port),
                                "--graph-port", str(graph_port), "--ig-users", "ig-movilnova,ig-aerosur"],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert "Fake X on" in process.stdout.readline()
        yield f"http://127.0.0.1:{x_port}", f"http://127.0.0.1:{graph_port}"
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0


def test_the_standalone_fakes_answer_tweepy_and_the_graph_client(fakes_process, network_settings):
    x_url, graph_url = fakes_process
    network_settings.X_API_BASE_URL = x_url

    response = x_client().create_tweet(text="Hola", in_reply_to_tweet_id="123")
    assert response.status_code == 201 and response.json()["data"]["edit_history_tweet_ids"]
    assert int(response.headers["x-rate-limit-remaining"]) >= 0
    answer = GraphClient("page-token", base_url=graph_url).post("COMMENT_1/comments", message="Hola")
    assert answer["id"].startswith("COMMENT_1_")


def test_the_demos_fake_graph_knows_every_seeded_instagram_account(fakes_process):
    import requests

    _, graph_url = fakes_process
    for account in ("ig-movilnova", "ig-aerosur", "IG_1"):
        media = requests.get(f"{graph_url}/v19.0/{account}/media", params={"fields": "id"}, timeout=5)
        assert media.status_code == 200 and media.json() == {"data": []}
    unknown = requests.get(f"{graph_url}/v19.0/ig-nobody/media", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == 803


def test_the_fake_graph_answers_errors_as_graph_errors_not_dropped_connections(fake_graph):
    import requests

    unknown = requests.get(f"{fake_graph.url}/v19.0/NO_SUCH_PAGE/unknown_edge", timeout=5)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == 803
    no_version = requests.get(f"{fake_graph.url}/me", timeout=5)
    assert no_version.status_code == 400 and no_version.json()["error"]["code"] == 2500
    empty_reply = requests.post(f"{fake_graph.url}/v19.0/123_456/comments", json={}, timeout=5)
    assert empty_reply.status_code == 400 and empty_reply.json()["error"]["code"] == 100
