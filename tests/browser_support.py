"""Serving a built site on loopback, as a static host would, for the browser tests."""

import functools
import http.server
import os
import shutil
import threading

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def site_csp(output):
    """The Content-Security-Policy the site's `_headers` file asks hosts for."""
    with open(os.path.join(output, "_headers")) as f:
        for line in f:
            if line.strip().startswith("Content-Security-Policy:"):
                return line.strip().split(": ", 1)[1]
    return ""


class CspHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with the site's Content-Security-Policy, quietly."""

    site_folder = ""  # where _headers is, relative to the served folder

    def end_headers(self):
        policy = site_csp(os.path.join(self.directory, self.site_folder))
        self.send_header("Content-Security-Policy", policy)
        super().end_headers()

    def log_message(self, *args):
        pass


class LocalServer:
    """A static server on a free loopback port; its URL is known before the
    site is built (the build needs it as SITEURL)."""

    def __init__(self, folder, site_folder=""):
        handler = type("Handler", (CspHandler,), {"site_folder": site_folder})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
        )
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
