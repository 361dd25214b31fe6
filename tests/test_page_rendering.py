"""Article and list pages rendered by worker processes are the pages a
serial build writes, byte for byte, with the same log messages."""

import logging
import os

from page_rendering import page_rendering as parallel_render
from support import article, build_sample_site, build_site


def test_parallel_build_equals_serial_build(tmp_path, monkeypatch):
    # Small tasks, one queued per worker: pages come back over many rounds.
    monkeypatch.setattr(parallel_render, "CHUNK_PAGES", 3)
    monkeypatch.setattr(parallel_render, "CHUNKS_AHEAD", 1)
    serial = build_sample_site(tmp_path / "serial", PAGE_RENDERING_PARALLEL=False)
    parallel = build_sample_site(
        tmp_path / "parallel", PAGE_RENDERING_MIN_PARALLEL=1, PAGE_RENDERING_WORKERS=2
    )
    assert parallel.keys() == serial.keys()
    assert [p for p in serial if parallel[p] != serial[p]] == []


def test_log_records_of_workers_reach_the_build(tmp_path, caplog, monkeypatch):
    render = parallel_render._render

    def render_and_warn(write, args, kwargs):
        logging.getLogger("theme").warning("rendered %s", args[0])
        return render(write, args, kwargs)

    # Workers are forked from the build process: they run the patched code.
    monkeypatch.setattr(parallel_render, "_render", render_and_warn)
    files = {
        "news/a.md": article("Tin một", Slug="a"),
        "news/b.md": article("Tin hai", Slug="b"),
    }
    with caplog.at_level(logging.WARNING):
        build_site(
            tmp_path, files, PAGE_RENDERING_MIN_PARALLEL=1, PAGE_RENDERING_WORKERS=2
        )
    records = [r for r in caplog.records if r.getMessage().startswith("rendered")]
    messages = {r.getMessage() for r in records}
    # Article pages and list pages alike.
    assert {"rendered a.html", "rendered b.html", "rendered index.html"} <= messages
    assert all(r.process != os.getpid() for r in records)
