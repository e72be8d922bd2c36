"""Requests to `ratings serve`'s ASGI application, in this process: the request as an HTTP server hands it over
(the body in chunks), the answer collected. One event loop (a blocking portal) serves a test module, as one
server's loop serves every request."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, Iterable

import attrs
from anyio.from_thread import start_blocking_portal


@attrs.frozen
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """Calls an ASGI app; ``close()`` ends its event loop."""

    def __init__(self, app: Any):
        self.app = app
        self._portal_cm = start_blocking_portal()
        self.portal = self._portal_cm.__enter__()

    def close(self) -> None:
        self._portal_cm.__exit__(None, None, None)

    def request(self, method: str, path: str, body: bytes | str = b"", content_type: str | None = None,
                headers: Iterable[tuple[str, str]] = ()) -> Answer:
        data = body.encode("utf-8") if isinstance(body, str) else body
        sent = [*headers] + ([("content-type", content_type)] if content_type else [])
        return self.portal.call(self._call, method, path, data, sent)

    def get(self, path: str, **kw: Any) -> Answer:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: bytes | str = b"", content_type: str | None = "application/json",
             **kw: Any) -> Answer:
        return self.request("POST", path, body, content_type, **kw)

    async def _call(self, method: str, path: str, body: bytes, headers: list[tuple[str, str]]) -> Answer:
        url = urllib.parse.urlsplit(path)
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": urllib.parse.unquote(url.path), "raw_path": url.path.encode(),
                 "query_string": url.query.encode(), "root_path": "",
                 "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
                 + ([] if any(k.lower() == "host" for k, _ in headers) else [(b"host", b"127.0.0.1:8000")]),
                 "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
        chunks = [body[i:i + 65536] for i in range(0, len(body), 65536)] or [b""]
        messages = [{"type": "http.request", "body": c, "more_body": n < len(chunks) - 1}
                    for n, c in enumerate(chunks)]
        out: list[dict] = []

        async def receive() -> dict:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            out.append(message)

        await self.app(scope, receive, send)
        start = next(m for m in out if m["type"] == "http.response.start")
        return Answer(start["status"], {k.decode("latin-1"): v.decode("latin-1") for k, v in start["headers"]},
                      b"".join(m.get("body", b"") for m in out if m["type"] == "http.response.body"))
