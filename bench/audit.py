"""`make audit`: page-weight and Lighthouse budgets on the sample site.

    python -m bench.audit [--lighthouse PATH] [--no-lighthouse] [--keep]
                          [--json FILE]

Builds content/ with the deploy settings (publishconf.py, as `invoke build`,
SITEURL set to a local server) into a temp folder, serves it on 127.0.0.1
(a free port; the `.gz` copies are sent with `Content-Encoding: gzip` when
the client accepts gzip, as a precompressing host would), then for the home
page (as /, /th/, /en/: the canonical URLs) and one article in each
language checks:

1. page weight: bytes transferred (compressed, headers included, as the CDP
   Network domain's encodedDataLength) for everything but images and media
   -- HTML, CSS, JS and anything else they pull in -- measured in headless
   Chromium (/usr/bin/chromium) via Playwright; budget 30 KB;
2. no third-party request that blocks rendering (any third-party
   stylesheet, script or font; every third-party request is listed);
3. Lighthouse mobile: performance >= 95; accessibility, best practices and
   SEO = 100.

Lighthouse comes from npm; it is found from --lighthouse, else $LIGHTHOUSE,
else node_modules/.bin/lighthouse in the repo. Exit status 1 if any budget
fails, 2 if the build or a tool fails. Not a test: timings and scores vary
by machine, so nothing here runs under pytest.
"""

import argparse
import functools
import http.server
import json
import mimetypes
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from urllib.parse import urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = "/usr/bin/chromium"
PAGES = [
    "index.html",
    "th/index.html",
    "en/index.html",
    "long-an-truyen-thong-cong-doan.html",
    "th/long-an-truyen-thong-cong-doan.html",
    "en/long-an-truyen-thong-cong-doan.html",
]
WEIGHT_BUDGET = 30 * 1024
SCORE_BUDGETS = {
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
EXCLUDED_TYPES = {"Image", "Media"}
BLOCKING_TYPES = {"Stylesheet", "Script", "Font"}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; `X.gz` is sent for X when the client accepts gzip."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the slash URL
            path = os.path.join(path, "index.html")
        accepts = self.headers.get("Accept-Encoding", "")
        gz = path + ".gz"
        if "gzip" in accepts and os.path.isfile(gz):
            return self._file(gz, self.guess_type(path), "gzip")
        if os.path.isfile(path):
            return self._file(path, self.guess_type(path), None)
        return super().send_head()

    def _file(self, path, ctype, encoding):
        f = open(path, "rb")  # noqa: SIM115 (send_head returns it open)
        self.send_response(200)
        if ctype.startswith("text/") or ctype in (
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ):
            ctype += "; charset=utf-8"
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return f


def serve(root, port):
    """A running threading server for root on 127.0.0.1:port."""
    mimetypes.add_type("application/javascript", ".js")
    mimetypes.add_type("application/manifest+json", ".webmanifest")
    handler = functools.partial(Handler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(output, siteurl):
    """The sample site with publishconf.py and SITEURL=siteurl; True if built."""
    sys.path.insert(0, ROOT)
    import tasks

    os.environ["SITEURL"] = siteurl  # publishconf.py reads it at load time
    tasks._init_logging()
    settings = tasks._settings(
        tasks.PUBLISH_SETTINGS, os.path.join(ROOT, "content"), output
    )
    settings["SITEURL"] = settings["FEED_DOMAIN"] = siteurl
    return tasks.run_pelican(settings)


def weigh(browser, url, origin):
    """Per-type transferred bytes and third-party requests for one page load."""
    context = browser.new_context(
        viewport={"width": 412, "height": 823},
        extra_http_headers={"Accept-Encoding": "gzip, deflate"},
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests = {}

    def on_request(event):
        requests[event["requestId"]] = {
            "url": event["request"]["url"],
            "type": event.get("type", "Other"),
            "bytes": 0,
        }

    def on_response(event):
        entry = requests.get(event["requestId"])
        if entry:
            entry["type"] = event.get("type", entry["type"])
            entry["encoding"] = event["response"]["headers"].get("Content-Encoding", "")

    def on_finished(event):
        entry = requests.get(event["requestId"])
        if entry:
            entry["bytes"] = int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    page.goto(url, wait_until="networkidle")
    context.close()

    by_type, third, loaded = {}, [], []
    for entry in requests.values():
        if entry["url"].startswith("data:"):
            continue
        if not entry["url"].startswith(origin + "/"):
            third.append(entry)
        if entry["type"] in EXCLUDED_TYPES:
            continue
        by_type[entry["type"]] = by_type.get(entry["type"], 0) + entry["bytes"]
        loaded.append(entry)
    return by_type, third, loaded


def lighthouse_bin(option):
    for candidate in (
        option,
        os.environ.get("LIGHTHOUSE"),
        os.path.join(ROOT, "node_modules", ".bin", "lighthouse"),
    ):
        if candidate:
            return candidate
    return None


def lighthouse(binary, url, report):
    """Category scores (0-100) and the failing audits of one Lighthouse run."""
    cmd = [
        binary,
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--form-factor=mobile",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode or not os.path.exists(report):
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr.strip()}")
    with open(report) as f:
        lhr = json.load(f)
    scores, failed = {}, []
    for cid, category in lhr["categories"].items():
        score = category["score"]
        scores[cid] = None if score is None else round(score * 100)
        for ref in category["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if (
                ref.get("weight", 0) > 0
                and audit.get("score") is not None
                and audit["score"] < 1
            ):
                failed.append(
                    {
                        "category": cid,
                        "id": ref["id"],
                        "score": audit["score"],
                        "weight": ref["weight"],
                        "value": audit.get("displayValue", ""),
                        "title": audit.get("title", ""),
                    }
                )
    return scores, failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", help="path of the lighthouse CLI")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--json", help="write all results to this file")
    args = parser.parse_args(argv)

    lh = None
    if not args.no_lighthouse:
        lh = lighthouse_bin(args.lighthouse)
        if not (lh and shutil.which(lh)):
            print(
                f"lighthouse not found ({lh}): npm install, or pass --lighthouse"
                " / set LIGHTHOUSE, or use --no-lighthouse",
                file=sys.stderr,
            )
            return 2

    tmp = tempfile.mkdtemp(prefix="loa-audit-")
    output = os.path.join(tmp, "output")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    try:
        if not build(output, origin):
            return 2
        server = serve(output, port)
        results = run_pages(origin, lh, tmp)
        server.shutdown()
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    ok = report(results, lh is not None)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0 if ok else 1


def page_url(origin, path):
    """The URL readers (and rel=canonical) use: /th/ rather than /th/index.html."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{origin}/{path}"


def run_pages(origin, lh, tmp):
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for path in PAGES:
            url = page_url(origin, path)
            by_type, third, loaded = weigh(browser, url, origin)
            results.append(
                {
                    "page": path,
                    "bytes": sum(by_type.values()),
                    "by_type": by_type,
                    "third_party": third,
                    "requests": loaded,
                }
            )
        browser.close()
    if lh:
        for i, result in enumerate(results):
            url = page_url(origin, result["page"])
            scores, failed = lighthouse(lh, url, os.path.join(tmp, f"lh{i}.json"))
            result["scores"], result["failed_audits"] = scores, failed
    return results


def report(results, with_lighthouse):
    ok = True
    cats = list(SCORE_BUDGETS)
    head = f"{'page':42} {'KB':>6}  {'weight':6}  {'3rd-party':9}"
    if with_lighthouse:
        head += "".join(f" {c[:6]:>6}" for c in ("perf", "a11y", "bp", "seo"))
    print(head)
    failures = []
    for r in results:
        w_ok = r["bytes"] <= WEIGHT_BUDGET
        blocking = [t for t in r["third_party"] if t["type"] in BLOCKING_TYPES]
        line = (
            f"{r['page']:42} {r['bytes'] / 1024:6.1f}  {'ok' if w_ok else 'OVER':6}"
            f"  {len(r['third_party']):>3} ({len(blocking)} blk)"
        )
        ok &= w_ok and not blocking
        if not w_ok:
            failures.append(f"{r['page']}: {r['bytes']} B > {WEIGHT_BUDGET} B")
        for t in r["third_party"]:
            failures.append(f"{r['page']}: third-party {t['type']} {t['url']}")
        if with_lighthouse:
            for c in cats:
                score = r["scores"].get(c)
                line += f" {'-' if score is None else score:>6}"
                if score is None or score < SCORE_BUDGETS[c]:
                    ok = False
                    failures.append(f"{r['page']}: {c} {score} < {SCORE_BUDGETS[c]}")
        print(line)
    print()
    for r in results:
        parts = ", ".join(
            f"{t} {b / 1024:.1f}" for t, b in sorted(r["by_type"].items())
        )
        print(f"{r['page']}: {parts} (KB)")
    if with_lighthouse:
        print("\nAudits below 1 (weighted), by how often they fail:")
        tally = {}
        for r in results:
            for a in r["failed_audits"]:
                key = (a["category"], a["id"])
                entry = tally.setdefault(key, {"n": 0, **a, "pages": []})
                entry["n"] += 1
                entry["pages"].append(r["page"])
        for (cat, aid), a in sorted(tally.items(), key=lambda kv: -kv[1]["n"]):
            value = f" [{a['value']}]" if a["value"] else ""
            print(f"  {cat}/{aid} x{a['n']} score {a['score']}{value}: {a['title']}")
    print()
    for f in failures:
        print(f"FAIL {f}")
    print("all budgets met" if ok else "budgets FAILED")
    return ok


if __name__ == "__main__":
    sys.exit(main())
