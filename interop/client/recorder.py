"""A loopback HTTP/1.1 server that records every request as it arrived and answers a minimal
CloudSSO success body (`{"RequestId": ...}`, which every operation's response accepts: all
its other fields are optional).

What is recorded is what the client put on the wire: the request line's method and target
(path and raw query string, undecoded), every header line with its name as sent and in
order, and the body bytes (read by Content-Length, or de-chunked).

    with Recorder("127.0.0.1") as recorder:
        ... send requests to recorder.address ...
        recorder.take()  # the requests recorded since the last take(), oldest first
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
from urllib.parse import unquote_plus

REQUEST_ID = "6C6B99AC-39EC-5350-874C-204128D2C8E9"


def split_target(target: str) -> tuple[str, str]:
    """The path and raw query string of a request target, origin form or absolute form."""
    if "://" in target:
        rest = target.split("://", 1)[1]
        slash = rest.find("/")
        target = rest[slash:] if slash >= 0 else "/"
    path, _, query = target.partition("?")
    return path, query


def query_pairs(query: str) -> list[list[str]]:
    """The query's pairs in order, decoded as a server decodes them (for reading only)."""
    pairs = []
    for item in query.split("&") if query else []:
        name, _, value = item.partition("=")
        pairs.append([unquote_plus(name), unquote_plus(value)])
    return pairs


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "recorder"
    sys_version = ""

    def _record(self) -> None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    break
                body += self.rfile.read(size)
                self.rfile.readline()
        else:
            body = self.rfile.read(int(length)) if length else b""
        path, query = split_target(self.path)
        self.server.recorded.append(
            {
                "method": self.command,
                "target": self.path,
                "path": path,
                "query": query,
                "query_pairs": query_pairs(query),
                "version": self.request_version,
                "headers": [[name, value] for name, value in self.headers.raw_items()],
                "body_base64": base64.b64encode(body).decode(),
            }
        )
        answer = json.dumps({"RequestId": REQUEST_ID}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("x-acs-request-id", REQUEST_ID)
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _record

    def log_message(self, *_args) -> None:
        pass


class Recorder:
    """A recording server on `host`, port chosen by the system, in a background thread."""

    def __init__(self, host: str = "127.0.0.1"):
        self._server = http.server.ThreadingHTTPServer((host, 0), _Handler)
        self._server.daemon_threads = True
        self._server.recorded = []
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def take(self) -> list[dict]:
        recorded, self._server.recorded = self._server.recorded, []
        return recorded

    def __enter__(self) -> "Recorder":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()
