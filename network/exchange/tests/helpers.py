"""A hub on a loopback port (a real HTTP server in a thread: urllib is not mocked) and reports
built and approved by city A's people."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from core.actor import Actor
from mel.periods import Period
from network.exchange import actions, keys
from network.exchange.models import NetworkReport

PERIOD = Period.parse("2026Q3")


def actor(user) -> Actor:
    return Actor.of(user, user.memberships.get())


def built(builder, city, period: Period = PERIOD) -> NetworkReport:
    return actions.build(actor=actor(builder), city=city, period=period)


def approved(builder, coordinator, city, period: Period = PERIOD) -> NetworkReport:
    if not keys.signing_keys():
        keys.generate(actor=Actor.for_system())
    return actions.approve(actor=actor(coordinator), report=built(builder, city, period))


@dataclass
class Hub:
    """What the hub answers next (status and JSON body) and what it received."""

    status: int = 201
    answer: dict = field(default_factory=dict)
    received: list = field(default_factory=list)  # (path, authorization header, body)
    url: str = ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_hub(hub: Hub, port: int = 0) -> Iterator[Hub]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hub.received.append((self.path, self.headers.get("Authorization"), body))
            answer = json.dumps(hub.answer).encode()
            self.send_response(hub.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args) -> None:
            pass  # keeps the test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
