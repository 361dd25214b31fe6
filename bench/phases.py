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
as "of which".
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

    return wrapper


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


def on_content_written(path, context=None):
    written["files"] += 1
    if path.endswith(".html"):
        written["html"] += 1


def on_finalized(pelican):
    marks["finalized"] = time.perf_counter()
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
    }


def register():
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.content_written.connect(on_content_written)
    signals.finalized.connect(on_finalized)
