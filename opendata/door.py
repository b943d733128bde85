"""Limits at the door of the public server, before a request reaches Datasette.

uvicorn's HTTP/1.1 protocol (h11), with what a public server needs and uvicorn lacks:
- a header timeout: a connection must send its whole request head within
  HEAD_SECONDS of connecting (or of its previous response), or it is closed, so
  silent connections and one-header-line-a-second clients do not pile up;
- a request line over MAX_TARGET bytes gets 414, a head over MAX_HEAD bytes 431,
  before anything is parsed or copied (h11 alone buffers 16 kB, then answers 400).
The idle (keep-alive) timeout, the cap on concurrent connections per process and the
bound on a graceful shutdown are uvicorn's own settings (`uvicorn_options`). Passed to uvicorn as its `http` protocol
class, its documented extension point; the subclass relies on uvicorn's H11Protocol
(`cycle`, `transport`, `on_response_complete`), hence the pinned version.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_SECONDS = 10.0
IDLE_SECONDS = 5
MAX_TARGET = 8 * 1024          # the request line: method, path and query
MAX_HEAD = 16 * 1024           # request line and headers
MAX_CONNECTIONS = 200          # per worker process; more get 503 until some close
SHUTDOWN_SECONDS = 10          # SIGTERM: requests in progress get this long (queued exports may take more)

REASONS = {414: "URI Too Long", 431: "Request Header Fields Too Large", 408: "Request Timeout"}
MESSAGES = {414: "Địa chỉ quá dài / The address is too long",
            431: "Phần đầu yêu cầu quá lớn / The request headers are too large"}


def uvicorn_options() -> dict:
    return {"http": Door, "timeout_keep_alive": IDLE_SECONDS, "limit_concurrency": MAX_CONNECTIONS,
            "h11_max_incomplete_event_size": MAX_HEAD + 1024, "server_header": False,
            "timeout_graceful_shutdown": SHUTDOWN_SECONDS}


class Door(H11Protocol):
    """H11Protocol with a header timeout and 414/431 size limits on the request head."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head = b""
        self._waiting = True              # for a request head
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._waiting, self._head = True, b""
        self._head_timer = self.loop.call_later(HEAD_SECONDS, self._too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _too_slow(self) -> None:
        self._head_timer = None
        if self._waiting and not self.transport.is_closing():
            self.transport.close()

    def _refuse(self, status: int) -> None:
        body = (MESSAGES[status] + "\n").encode("utf-8")
        self.transport.write(f"HTTP/1.1 {status} {REASONS[status]}\r\ncontent-type: text/plain; charset=utf-8\r\n"
                             f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode("ascii") + body)
        self._disarm()
        self._waiting = False
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._waiting:
            head = self._head + data
            end = head.find(b"\r\n\r\n")
            line_end = head.find(b"\r\n")
            if (line_end < 0 and len(head) > MAX_TARGET) or line_end > MAX_TARGET:
                return self._refuse(414)
            if (end < 0 and len(head) > MAX_HEAD) or end > MAX_HEAD:
                return self._refuse(431)
            if end < 0:
                self._head = head
            else:
                self._waiting, self._head = False, b""
                self._disarm()
        if self.transport.is_closing():
            return
        super().data_received(data)

    def on_response_complete(self) -> None:
        done = self.cycle
        self._arm()
        super().on_response_complete()
        if self.cycle is not done:            # a pipelined request started at once
            self._waiting = False
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
