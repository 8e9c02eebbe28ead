"""A webhook receiver for the tests: a real HTTP server on a loopback port
that records every request (headers and raw body) and answers with the
status codes it is told, one per request (200 once they run out)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    path: str
    headers: dict
    body: bytes
    valid: bool | None  # the signature, checked with docs/api.md's code


@dataclass
class Receiver:
    url: str = ""
    port: int = 0
    secret: str = ""
    answers: list[int] = field(default_factory=list)  # status codes, in order
    delay: float = 0.0  # seconds before answering
    verify: object = None
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, *args):  # the server's handler class, bound to this receiver
        return _Handler(self, *args)


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, receiver: Receiver, *args):
        self.receiver = receiver
        super().__init__(*args)

    def do_POST(self):  # noqa: N802 - http.server's hook name
        receiver = self.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        valid = None
        if receiver.verify is not None and receiver.secret:
            valid = receiver.verify(
                receiver.secret, self.headers.get("X-SkillGap-Signature", ""), body
            )
        with receiver.lock:
            receiver.requests.append(Request(self.path, dict(self.headers), body, valid))
            status = receiver.answers.pop(0) if receiver.answers else 200
        if receiver.delay:
            time.sleep(receiver.delay)
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format, *args):  # quiet
        pass


@contextmanager
def serving(verify) -> Iterator[Receiver]:
    receiver = Receiver(verify=verify)
    server = ThreadingHTTPServer(("127.0.0.1", 0), receiver)
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    receiver.url = f"http://127.0.0.1:{receiver.port}/hooks/skillgap"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
