"""The embedded (filesystem) broker never hands a consumer a half-written message."""

import multiprocessing

from kombu import Connection

import helpdesk.broker  # noqa: F401  (registers the transport under "filesystem")

MESSAGES = 300
PAYLOAD = "x" * 400_000  # large enough that a write takes a while, as a burst of mentions can


def _publish(folder: str) -> None:
    with Connection("filesystem://", transport_options=_options(folder)) as conn:
        queue = conn.SimpleQueue("race")
        for n in range(MESSAGES):
            queue.put({"n": n, "body": PAYLOAD})
        queue.close()


def _options(folder: str) -> dict:
    return {"data_folder_in": folder, "data_folder_out": folder, "control_folder": folder}


def test_a_consumer_in_another_process_reads_every_message_whole(tmp_path):
    folder = str(tmp_path)
    producer = multiprocessing.get_context("spawn").Process(target=_publish, args=(folder,))
    producer.start()
    seen = []
    with Connection("filesystem://", transport_options=_options(folder)) as conn:
        queue = conn.SimpleQueue("race")
        while len(seen) < MESSAGES:
            message = queue.get(timeout=30)  # a torn message would raise JSONDecodeError here
            assert message.payload["body"] == PAYLOAD
            seen.append(message.payload["n"])
            message.ack()
        queue.close()
    producer.join(30)
    assert sorted(seen) == list(range(MESSAGES))
