"""core_speedups changes how fast Pelican's own work is, never its result."""

from core_speedups import core_speedups
from pelican import generators, signals, utils
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from support import article, build_sample_site, build_site


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
