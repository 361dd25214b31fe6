"""core_speedups changes how fast Pelican's own work is, never its result."""

import gc
import os
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
from core_speedups import core_speedups
from pelican import generators, signals, utils
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from support import ROOT, article, build_sample_site, build_site


def test_the_sample_site_is_the_same_without_the_speedups(tmp_path, monkeypatch):
    faster = build_sample_site(tmp_path / "faster")
    # Pelican's own methods, as if the plugin had never been registered.
    monkeypatch.setattr(
        Content, "get_url_setting", core_speedups.get_url_setting.unfrozen
    )
    monkeypatch.setattr(generators, "process_translations", utils.process_translations)
    monkeypatch.setattr(
        Content,
        "get_relative_source_path",
        core_speedups.get_relative_source_path.unmemoized,
    )
    for method in ("generate_tags", "generate_categories", "generate_authors"):
        pelican_method = getattr(ArticlesGenerator, method).unpatched
        monkeypatch.setattr(ArticlesGenerator, method, pelican_method)
    assert Content.get_url_setting is not core_speedups.get_url_setting
    plain = build_sample_site(tmp_path / "plain")
    assert faster.keys() == plain.keys()
    assert [name for name in plain if faster[name] != plain[name]] == []


def test_urls_are_remembered_only_once_the_context_is_final(tmp_path):
    seen = []

    def look(generator):
        seen.extend((s, core_speedups.MEMO in vars(s)) for s in generator.articles)

    files = {"news/a.md": article("Tin một", Slug="a", Tags="lương, an toàn")}
    signals.article_generator_finalized.connect(look)
    try:
        build_site(tmp_path, files)
    finally:
        signals.article_generator_finalized.disconnect(look)
    [(story, frozen_while_reading)] = seen
    assert frozen_while_reading is False  # plugins saw Pelican's own URLs
    assert story.url == "a.html"
    assert vars(story)[core_speedups.MEMO]["url"] == "a.html"


def test_taxonomy_pages_are_still_written_when_named(tmp_path):
    files = {"news/a.md": article("Tin một", Slug="a", Tags="lương")}
    output = build_site(tmp_path, files, TAG_SAVE_AS="all-tags/{slug}.html")
    assert (output / "all-tags" / "luong.html").is_file()


def stories_in_three_languages():
    found = []
    for slug in ("a", "b"):
        for lang in ("vi", "en", "th"):
            story = Content("", metadata={"title": slug, "slug": slug})
            story.lang, story.source_path = lang, f"/c/{slug}.{lang}.md"
            found.append(story)
    return found


def translation_orders(match, found):
    originals, translations = match(found, "slug")
    return [
        (s.source_path, [t.source_path for t in s.translations])
        for s in sorted(originals + translations, key=lambda s: s.source_path)
    ]


@pytest.mark.parametrize("pelican_version", [core_speedups.COPIED_FROM, "4.13.0"])
def test_translations_come_in_the_order_of_their_files_whatever_the_finding(
    pelican_version,
):
    # Another Pelican keeps its own matching (the copy is of 4.12), in order.
    match = core_speedups.translations_matcher(pelican_version)
    copied = pelican_version == core_speedups.COPIED_FROM
    assert (match is core_speedups.process_translations) is copied
    forward = translation_orders(match, stories_in_three_languages())
    backward = translation_orders(match, stories_in_three_languages()[::-1])
    assert forward == backward
    assert dict(forward)["/c/a.vi.md"] == ["/c/a.en.md", "/c/a.th.md"]


REBUILD = """
import logging, sys
sys.path.insert(0, {tests!r})
from support import ROOT, get_settings
from pelican import Pelican
logging.basicConfig(level=logging.INFO, format="%(message)s")
Pelican(get_settings(PATH=ROOT / "content", OUTPUT_PATH={output!r},
                     CACHE_PATH={cache!r}, BUILD_TIME="2026-11-20 09:00")).run()
"""


def test_a_rebuild_in_another_process_renders_nothing(tmp_path):
    """Each process orders sets of strings its own way (PYTHONHASHSEED):
    nothing a page signature covers may depend on that order."""
    script = REBUILD.format(
        tests=str(ROOT / "tests"),
        output=str(tmp_path / "output"),
        cache=str(tmp_path / "cache"),
    )
    logs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=dict(os.environ, PYTHONHASHSEED=seed),
        )
        assert done.returncode == 0, done.stderr
        logs.append(done.stderr)
    rendered = re.findall(r"page_rendering: (\d+) of (\d+) pages unchanged", logs[1])
    assert rendered and all(kept == total for kept, total in rendered), rendered


def test_the_build_keeps_its_objects_from_the_collector_only_while_it_runs(tmp_path):
    frozen_while_rendering = []

    def look(generators):
        frozen_while_rendering.append(gc.get_freeze_count())

    signals.all_generators_finalized.connect(look)
    try:
        build_site(tmp_path, {"news/a.md": article("Tin một", Slug="a")})
    finally:
        signals.all_generators_finalized.disconnect(look)
    assert frozen_while_rendering[0] > 0
    assert gc.get_freeze_count() == 0  # `make serve` builds again: all collectable


@pytest.mark.parametrize(
    "root, source_path",
    [
        ("/site/content", "/site/content/news/2024/a.vi.md"),
        ("/site/content", "/site/content/a.md"),
        ("/site/content", "/site/content/news/../pages/b.md"),
        ("/site/content", "/site/other/c.md"),
        ("/site/content", "/site/content-old/d.md"),
        ("/site/content/", "/site/content/e.md"),
        ("/site/./content", "/site/content/f.md"),
        ("/site/content", "news/g.md"),
        ("content", "content/h.md"),
        ("/", "/i.md"),
    ],
)
def test_relative_source_paths_are_pelicans(root, source_path):
    story = SimpleNamespace(settings={"PATH": root}, source_path=source_path)
    pelican_answer = core_speedups._pelican_relative_source_path(story)
    assert core_speedups.get_relative_source_path(story) == pelican_answer
    assert core_speedups.get_relative_source_path(story, "/x/y.md") == (
        core_speedups._pelican_relative_source_path(story, "/x/y.md")
    )
