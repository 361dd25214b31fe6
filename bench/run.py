"""`make bench`: Loa's full build, one-article rebuild, and stock Pelican.

    python -m bench.run --n 1000 [--pelican] [--keep]

Generates the bench corpus (bench.corpus) into a temp folder, then, each in
its own subprocess so wall time and peak RSS (os.wait4's ru_maxrss) are that
build's alone:

1. Loa's full build (publishconf.py, as `invoke build`; empty cache);
2. one Vietnamese article's body edited, then Loa's build again (same output
   and cache folders: what an editor waits for after one save);
3. with --pelican, stock Pelican 4.12 from .bench-venv/ (default theme, no
   plugins, feeds off, DEFAULT_LANG vi, TIMEZONE Asia/Ho_Chi_Minh,
   DEFAULT_PAGINATION 12 like Loa) on the same corpus;
4. with --i18n, the same Pelican with i18n-subsites, sitemap and
   related-posts (pinned, I18N_PINS) and its reader cache on: a full build,
   then the same one-article edit and a rebuild. Ratios are the anchor's
   time over Loa's (above 1: Loa is faster).

pages/s counts the .html files in the output folder. Per-phase times come
from bench/phases.py (Loa builds only).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOA_PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
BENCH_VENV = os.path.join(ROOT, ".bench-venv")
PELICAN_PIN = "pelican[markdown]==4.12.0"
STOCK_CONF = """\
SITENAME = "Bench"
SITEURL = ""
PATH = {path!r}
OUTPUT_PATH = {output!r}
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
ARTICLE_EXCLUDES = ["pages", "images"]
STATIC_PATHS = ["images"]
DEFAULT_PAGINATION = 12
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
PLUGINS = []
"""
# The second anchor: Pelican with the usual multilingual, sitemap and
# related-posts plugins (pinned), its reader cache on, default theme.
I18N_PINS = (
    "pelican-i18n-subsites==1.0.0",
    "pelican-sitemap==1.2.2",
    "pelican-related-posts==1.0.0",
)
I18N_CONF = (
    STOCK_CONF.replace("PLUGINS = []\n", "")
    + """\
PLUGINS = [
    "pelican.plugins.i18n_subsites",
    "pelican.plugins.sitemap",
    "pelican.plugins.related_posts",
]
I18N_SUBSITES = {{"th": {{"SITENAME": "Bench th"}}, "en": {{"SITENAME": "Bench en"}}}}
JINJA_ENVIRONMENT = {{"extensions": ["jinja2.ext.i18n"]}}
SITEMAP = {{"format": "xml"}}
RELATED_POSTS_MAX = 5
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
"""
)
EDIT = "\n\nBài viết được cập nhật để đo thời gian dựng lại sau một lần sửa.\n"


def timed(cmd, log):
    """(wall seconds, peak RSS MB, exit status) of one subprocess."""
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def html_pages(folder):
    return sum(
        name.endswith(".html") for _d, _s, names in os.walk(folder) for name in names
    )


def ensure_bench_venv(plugins=False):
    pelican = os.path.join(BENCH_VENV, "bin", "pelican")
    pip = os.path.join(BENCH_VENV, "bin", "pip")
    if not os.path.exists(pelican):
        subprocess.run([sys.executable, "-m", "venv", BENCH_VENV], check=True)
        subprocess.run([pip, "install", "-q", PELICAN_PIN], check=True)
    # What the venv was last given, so that the pins are installed once.
    installed = Path(BENCH_VENV, "loa-pins.txt")
    pins = "\n".join([PELICAN_PIN, *I18N_PINS])
    if plugins and not (installed.exists() and installed.read_text() == pins):
        subprocess.run([pip, "install", "-q", PELICAN_PIN, *I18N_PINS], check=True)
        installed.write_text(pins)
    return pelican


def pelican_build(pelican, conf, log):
    wall, rss, code = timed([pelican, "-s", conf, "-q"], log)
    if code:
        sys.exit(f"Pelican failed (exit {code}); see {log}")
    return wall, rss


def loa_build(work, tag, content, output, cache):
    phases = os.path.join(work, f"phases-{tag}.json")
    log = os.path.join(work, f"{tag}.log")
    cmd = [LOA_PYTHON, "-m", "bench.build", content, output, cache, phases]
    wall, rss, code = timed(cmd, log)
    if code:
        sys.exit(f"Loa build '{tag}' failed (exit {code}); see {log}")
    with open(phases) as f:
        return wall, rss, html_pages(output), json.load(f)


def edit_one_article(content, n):
    """Append a sentence to the body of story n // 2 (Vietnamese)."""
    rel, _text = corpus.story(corpus.SEED, n // 2)["vi"]
    path = os.path.join(content, rel)
    with open(path, "a", encoding="utf-8") as f:
        f.write(EDIT)
    return rel


def print_phases(tag, phases):
    timed_ = phases["timed"]
    print(f"\n{tag}: phases (s)")
    print(f"  init + content_check      {phases['init_and_check']:8.2f}")
    print(f"  context (read + plugins)  {phases['context']:8.2f}")
    reading = timed_.get("context: ArticlesGenerator", 0) - timed_.get(
        "related_news", 0
    )
    print(f"    of which read articles  {reading:8.2f}")
    print(f"    of which related_news   {timed_.get('related_news', 0):8.2f}")
    print(f"  output (render + write)   {phases['output']:8.2f}")
    for key, value in sorted(timed_.items(), key=lambda kv: -kv[1]):
        if key.startswith("output: ") and value >= 0.05:
            print(f"    {key[8:]:<24}{value:8.2f}")
    print(
        f"    of which images (derivatives {timed_.get('images: derivatives', 0):.2f}, "
        f"<img> rewrite {timed_.get('images: rewrite <img>', 0):.2f})"
    )
    print(
        f"  finalized hooks (precompress, atomic swap) {phases['finalized_hooks']:8.2f}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="Loa build benchmark")
    parser.add_argument("--n", type=int, default=1000, help="stories in Vietnamese")
    parser.add_argument("--pelican", action="store_true", help="also stock Pelican")
    parser.add_argument(
        "--i18n",
        action="store_true",
        help="also Pelican + i18n-subsites + sitemap + related-posts (cache on)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)

    work = tempfile.mkdtemp(prefix="loa-bench-")
    content = os.path.join(work, "content")
    counts = corpus.generate(args.n, content)
    sources = sum(counts.values())
    print(f"corpus: N={args.n} ({counts}) in {work}", flush=True)

    rows = []
    out, cache = os.path.join(work, "out"), os.path.join(work, "cache")
    wall, rss, pages, full = loa_build(work, "loa-full", content, out, cache)
    rows.append(("Loa full build", wall, pages, rss))
    print(f"Loa full build: {wall:.1f} s", flush=True)
    edited = edit_one_article(content, args.n)
    wall, rss, pages, again = loa_build(work, "loa-edit", content, out, cache)
    rows.append(("Loa after 1 edit", wall, pages, rss))
    print(f"Loa after editing {edited}: {wall:.1f} s", flush=True)

    anchors = {}
    if args.pelican or args.i18n:
        pelican = ensure_bench_venv(plugins=args.i18n)
        # The same corpus as the full build: undo the edit.
        corpus.generate(args.n, content)
    if args.pelican:
        stock_out = os.path.join(work, "stock-out")
        conf = os.path.join(work, "stockconf.py")
        with open(conf, "w") as f:
            f.write(STOCK_CONF.format(path=content, output=stock_out))
        wall, rss = pelican_build(pelican, conf, os.path.join(work, "stock.log"))
        rows.append(("stock Pelican 4.12", wall, html_pages(stock_out), rss))
        anchors["stock Pelican (its full build for both)"] = (wall, wall)
    if args.i18n:
        i18n_out = os.path.join(work, "i18n-out")
        conf = os.path.join(work, "i18nconf.py")
        with open(conf, "w") as f:
            f.write(
                I18N_CONF.format(
                    path=content,
                    output=i18n_out,
                    cache=os.path.join(work, "i18n-cache"),
                )
            )
        log = os.path.join(work, "i18n.log")
        wall, rss = pelican_build(pelican, conf, log)
        rows.append(("Pelican+i18n+sitemap+related", wall, html_pages(i18n_out), rss))
        full_wall = wall
        edit_one_article(content, args.n)
        wall, rss = pelican_build(pelican, conf, log + ".edit")
        rows.append(("  same, after 1 edit", wall, html_pages(i18n_out), rss))
        anchors["Pelican+i18n+sitemap+related"] = (full_wall, wall)

    print(f"\nN={args.n}: {sources} source articles")
    print(f"{'build':<30}{'wall s':>8}{'HTML':>8}{'pages/s':>9}{'peak RSS MB':>13}")
    for name, wall, pages, rss in rows:
        print(f"{name:<30}{wall:8.1f}{pages:8d}{pages / wall:9.1f}{rss:13.0f}")
    for anchor, (full_wall, edit_wall) in anchors.items():
        # Above 1: Loa is that many times faster.
        print(
            f"{anchor} / Loa: full build {full_wall / rows[0][1]:.2f}x, "
            f"after 1 edit {edit_wall / rows[1][1]:.2f}x"
        )
    print_phases("Loa full build", full)
    print_phases("Loa after 1 edit", again)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "n": args.n,
                    "counts": counts,
                    "rows": rows,
                    "phases": {"full": full, "edit": again},
                },
                f,
                indent=1,
            )
    if args.keep:
        print(f"\nkept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
