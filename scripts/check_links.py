"""Check every link and anchor of a built site, offline: serve it on localhost and crawl
it with LinkChecker (its AnchorCheck plugin reports links to missing anchors). Every
language is reached through the language switcher. Links to other sites are not
followed here; the scheduled workflow checks those.

    python scripts/check_links.py [site]        exit status 1 if anything is broken
"""

from __future__ import annotations

import functools
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONFIG = """\
[checking]
threads=8
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


class Site(SimpleHTTPRequestHandler):
    def end_headers(self):
        # LinkChecker waits 0.1 to 0.6 s between two requests to a host unless the
        # server says it is one of ours with this header (and maxrequestspersecond is high).
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, *args):
        pass


def check(site: Path) -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Site, directory=str(site.resolve())))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
            config.write(CONFIG)
        # LinkChecker drops root's privileges before it reads its configuration.
        Path(config.name).chmod(0o644)
        linkchecker = Path(sys.executable).with_name("linkchecker")
        url = f"http://127.0.0.1:{server.server_port}/"
        return subprocess.run([str(linkchecker), "--config", config.name, "--no-status", url]).returncode
    finally:
        server.shutdown()
        Path(config.name).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1] if len(sys.argv) > 1 else "site")))
