"""What a harvest knows between runs, kept under build/harvest/<host>.json.

Per URL: the validators (ETag, Last-Modified) and content hash of the last response,
its status, when it was fetched, and for an article its news id; for a listing page,
sitemap or feed the links read from it, so that a 304 costs no re-reading. Per portal:
when it was last checked. Written atomically (temp file + rename), and only after the
package write it describes, so a harvest killed at any moment restarts from the last
batch written: the state never claims a page the package does not hold.
"""

from __future__ import annotations

import fcntl
import json
from pathlib import Path

from ..errors import OpendataError
from ..package import write_json_atomic
from .fetch import host_key

VERSION = 1


class PortalState:
    def __init__(self, folder: Path, host: str):
        self.path = folder / f"{host.replace(':', '_')}.json"
        self.host = host
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError):
            data = {}                       # unreadable: start afresh, it only saves requests
        if data.get("version") != VERSION:
            data = {}
        self.pages: dict[str, dict] = data.get("pages", {})
        self.last_checked: str = data.get("last_checked", "")
        self.last_completed: str = data.get("last_completed", "")

    def get(self, url: str) -> dict:
        return self.pages.get(url, {})

    def put(self, url: str, entry: dict) -> None:
        self.pages[url] = entry

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(self.path, {"version": VERSION, "host": self.host, "last_checked": self.last_checked,
                                      "last_completed": self.last_completed, "pages": self.pages},
                          compact=True, sync=True)


class States:
    """The state files of the portals one harvest visits, locked against a second harvest."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.portals: dict[str, PortalState] = {}
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = open(folder / ".lock", "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise OpendataError("another harvest is running on this build folder", path=str(folder),
                                hint="wait for it to finish")

    def of(self, url: str) -> PortalState:
        host = host_key(url)
        if host not in self.portals:
            self.portals[host] = PortalState(self.folder, host)
        return self.portals[host]

    def save(self) -> None:
        for st in self.portals.values():
            st.save()

    def close(self) -> None:
        self._lock.close()                 # the file stays: removing it would race a waiting harvest
