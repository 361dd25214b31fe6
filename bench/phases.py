"""Pelican plugin for `make bench`: time per build phase, written as JSON.

The runner appends "bench.phases" to PLUGINS (last, so its `initialized`
and `finalized` receivers run after every other plugin's) and sets the
BENCH_PHASES_JSON environment variable (not a setting: content_cache
fingerprints settings, and each build has its own file). Phases come from
signals plus timing wrappers around each generator's
generate_context/generate_output and three plugin functions:
related_news.rank_articles, images.ImageStore.derivatives and
images.ImageStore.rewrite_page. Wrappers nest inside phases (related is part
of the articles generator's context, images inside writing): they are shown
as "of which". `rss_mb_after` is the build process's resident memory after
each of them (where the memory goes).
"""

import json
import os
import sys
import time
from collections import defaultdict
from functools import wraps

from pelican import signals

T0 = time.perf_counter()  # the plugin is imported while Pelican() starts
marks = {}
spent = defaultdict(float)
calls = defaultdict(int)
rss_after = {}  # MB resident after each timed phase (memory per phase)
written = {"files": 0, "html": 0}


def _timed(label, fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start
            calls[label] += 1
            rss_after[label] = _rss_mb()

    return wrapper


def _rss_mb():
    """This process's resident memory now (Linux), in MB."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20)


def _wrap_plugins():
    related = sys.modules.get("related_news.related_news")
    if related is not None:
        related.rank_articles = _timed("related_news", related.rank_articles)
    images = sys.modules.get("images.images")
    if images is not None:
        store = images.ImageStore
        store.derivatives = _timed("images: derivatives", store.derivatives)
        store.rewrite_page = _timed("images: rewrite <img>", store.rewrite_page)


def on_initialized(pelican):
    marks["initialized"] = time.perf_counter()
    _wrap_plugins()


def on_generator_init(generator):
    name = type(generator).__name__
    for method, phase in (
        ("generate_context", "context"),
        ("generate_output", "output"),
    ):
        fn = getattr(generator, method, None)
        if fn is not None:
            setattr(generator, method, _timed(f"{phase}: {name}", fn))


def on_all_generators_finalized(generators):
    marks["context_done"] = time.perf_counter()
    rss_after["all contexts"] = _rss_mb()


def on_content_written(path, context=None):
    written["files"] += 1
    if path.endswith(".html"):
        written["html"] += 1


def on_finalized(pelican):
    marks["finalized"] = time.perf_counter()
    rss_after["finalized"] = _rss_mb()
    out = os.environ.get("BENCH_PHASES_JSON")
    if out:
        with open(out, "w") as f:
            json.dump(report(), f, indent=1)


def report():
    init = marks.get("initialized", T0)
    output_total = sum(v for k, v in spent.items() if k.startswith("output: "))
    return {
        "init_and_check": init - T0,
        "context": marks.get("context_done", init) - init,
        "output": output_total,
        "finalized_hooks": marks.get("finalized", init)
        - marks.get("context_done", init)
        - output_total,
        "timed": dict(spent),
        "calls": dict(calls),
        "content_written": dict(written),
        "rss_mb_after": dict(rss_after),
    }


def register():
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.content_written.connect(on_content_written)
    signals.finalized.connect(on_finalized)
