import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    body: dict
    headers: dict
    at: float = field(default_factory=time.time)


@dataclass
class Fault:
    """A canned answer for the next matching request(s): status, JSON, headers, and a delay."""

    status: int = 500
    body: dict | None = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    after_recording: bool = True  # the request counts as received (a post happened) before the answer
    method: str | None = None
    path_contains: str = ""
    times: int = 1


class FakeServer:
    """A small HTTP server in a thread. Subclasses implement ``route(method, path, query, body)``."""

    def __init__(self, port: int = 0):
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def fail_next(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def received(self, method: str, path_contains: str = "") -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.method == method and path_contains in r.path]

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if (fault.method in (None, method)) and fault.path_contains in path:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def route(self, method: str, path: str, query: dict, body: dict) -> tuple[int, dict, dict]:
        raise NotImplementedError

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self):
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = _decode_body(raw, self.headers.get("Content-Type", ""))
                fault = fake._take_fault(self.command, parts.path)
                recorded = Recorded(self.command, parts.path, query, body, dict(self.headers))
                if fault is None or fault.after_recording:
                    with fake.lock:
                        fake.requests.append(recorded)
                if fault and fault.status < 400 and fault.body is None:
                    # A slow success: the network acts at once, the answer comes late (or never arrives).
                    status, payload, headers = fake.route(self.command, parts.path, query, body)
                    time.sleep(fault.delay)
                elif fault:
                    time.sleep(fault.delay)
                    status, payload, headers = fault.status, fault.body or {}, fault.headers
                else:
                    status, payload, headers = fake.route(self.command, parts.path, query, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, str(value))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _serve

        return Handler


def _decode_body(raw: bytes, content_type: str) -> dict:
    if not raw:
        return {}
    if "json" in content_type:
        try:
            return json.loads(raw)
        except ValueError:
            return {"_unparsed": raw.decode(errors="replace")}
    return {k: v[-1] for k, v in parse_qs(raw.decode(errors="replace")).items()}
