"""The request mix that froze the server (a lock-order inversion between the search lock
and SQLite's connection mutex), for the freeze test and the soak:

- `vn_search()` called 40 times inside one SQL statement;
- searches of 100 results for 'nam <random word>';
- SQL that fails (`select json('x')`), leaving cursors in reference cycles;

each in its own loop, plus a watchdog that asks a cheap route every half second and
records how long it took. Bounded: every loop stops at `deadline`.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
import urllib.parse

VN_SEARCH_SQL = "select vn_search('xa '||value) from json_each('[" + ",".join(map(str, range(40))) + "]')"
FAILING_SQL = "select json('x')"


def paths(kind: str, rng: random.Random) -> str:
    if kind == "vn_search":
        return "/opendata.json?" + urllib.parse.urlencode({"sql": VN_SEARCH_SQL, "_shape": "array"})
    if kind == "search":
        word = "".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(rng.randint(1, 4)))
        return "/-/search.json?" + urllib.parse.urlencode({"limit": 100, "q": f"nam {word}"})
    return "/opendata.json?" + urllib.parse.urlencode({"sql": FAILING_SQL, "_shape": "array"})


class Mix:
    """Run `loops` clients of each kind against host:port until `seconds` have passed."""

    KINDS = ("vn_search", "search", "failing_sql")

    def __init__(self, port: int, seconds: float, loops: int = 4, timeout: float = 30.0, seed: int = 1):
        self.port, self.seconds, self.loops, self.timeout = port, seconds, loops, timeout
        self.rng = random.Random(seed)
        self.counts = {k: 0 for k in self.KINDS}
        self.statuses: dict[int | str, int] = {}
        self.watchdog: list[float] = []          # seconds per cheap request; inf = no answer
        self._lock = threading.Lock()

    def _client(self, kind: str, deadline: float) -> None:
        rng = random.Random(self.rng.random())
        while time.monotonic() < deadline:
            path = paths(kind, rng)
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                status = r.status
                conn.close()
            except Exception as exc:  # noqa: BLE001 - counted
                status = type(exc).__name__
                time.sleep(0.2)
            with self._lock:
                self.counts[kind] += 1
                self.statuses[status] = self.statuses.get(status, 0) + 1

    def _watch(self, deadline: float, limit: float) -> None:
        while time.monotonic() < deadline:
            start = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=limit)
                conn.request("GET", "/-/versions.json")
                conn.getresponse().read()
                conn.close()
                self.watchdog.append(time.monotonic() - start)
            except Exception:  # noqa: BLE001 - a hang or a refusal
                self.watchdog.append(float("inf"))
            time.sleep(max(0.0, 0.5 - (time.monotonic() - start)))

    def run(self, watchdog_limit: float = 10.0) -> "Mix":
        deadline = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self._client, args=(k, deadline), daemon=True)
                   for k in self.KINDS for _ in range(self.loops)]
        threads.append(threading.Thread(target=self._watch, args=(deadline, watchdog_limit), daemon=True))
        for t in threads:
            t.start()
        for t in threads:
            t.join(self.seconds + self.timeout + watchdog_limit + 5)
        return self

    def summary(self) -> str:
        answered = [w for w in self.watchdog if w != float("inf")]
        worst = max(self.watchdog) if self.watchdog else float("nan")
        return (f"requests {self.counts}, statuses {self.statuses}, watchdog {len(answered)}/{len(self.watchdog)} "
                f"answered, slowest {worst:.2f} s")
