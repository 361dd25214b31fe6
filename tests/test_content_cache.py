"""Pelican's reader cache is dropped exactly when the reading changes."""

import os
from types import SimpleNamespace

from content_cache import prereading, stamps
from content_cache.content_cache import CACHE_FILES, drop_stale_cache, fingerprint
from content_cache.files import link_new
from pelican.readers import MarkdownReader
from support import article, build_sample_site, build_site, get_settings


class Extension:
    def __init__(self, label):
        self.config = {"label": label}


def settings(tmp_path, label="Xem", **overrides):
    (tmp_path / "content").mkdir(exist_ok=True)
    return get_settings(
        PATH=tmp_path / "content",
        OUTPUT_PATH=tmp_path / "output",
        CACHE_PATH=tmp_path / "cache",
        MARKDOWN={"extensions": [Extension(label)]},
        **overrides,
    )


def test_fingerprint_ignores_identity_and_sees_configuration(tmp_path):
    assert fingerprint(settings(tmp_path)) == fingerprint(settings(tmp_path))
    assert fingerprint(settings(tmp_path)) != fingerprint(settings(tmp_path, "Bấm"))
    assert fingerprint(settings(tmp_path)) != fingerprint(
        settings(tmp_path, DEFAULT_LANG="th")
    )


def test_cache_files_go_only_when_the_fingerprint_changes(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()

    def write_caches():
        for name in CACHE_FILES:
            (cache / name).write_bytes(b"cached")

    def run(label):
        drop_stale_cache(SimpleNamespace(settings=settings(tmp_path, label)))
        return sorted(p.name for p in cache.iterdir() if p.name in CACHE_FILES)

    write_caches()
    assert run("Xem") == []  # no fingerprint yet: nothing to trust
    write_caches()
    assert run("Xem") == sorted(CACHE_FILES)
    assert run("Bấm") == []


def test_code_version_follows_the_code_and_the_libraries(tmp_path):
    from content_cache.versions import code_version

    code = tmp_path / "plugin"
    code.mkdir()
    (code / "a.py").write_text("X = 1\n")
    first = code_version(str(code), libraries=("pillow",))
    assert code_version(str(code), libraries=("pillow",)) == first
    assert code_version(str(code), libraries=("numpy",)) != first
    (code / "b.py").write_text("Y = 2\n")
    code_version.cache_clear()  # a build process sees one version of its code
    assert code_version(str(code), libraries=("pillow",)) != first


def test_link_new_links_once_into_new_folders(tmp_path):
    source = tmp_path / "old" / "a.html"
    source.parent.mkdir()
    source.write_text("trang")
    target = tmp_path / "new" / "deep" / "a.html"
    assert link_new(str(source), str(target)) is True
    assert target.stat().st_ino == source.stat().st_ino
    assert link_new(str(source), str(target)) is False  # already there
    assert link_new(str(tmp_path / "missing.html"), str(tmp_path / "b.html")) is False
    assert not (tmp_path / "b.html").exists()


def test_articles_read_on_all_cores_give_the_serial_site(tmp_path, monkeypatch):
    serial = build_sample_site(tmp_path / "serial")
    monkeypatch.setattr(prereading, "MIN_PARALLEL", 1)
    monkeypatch.setattr(prereading, "CHUNK_FILES", 3)
    build_process = os.getpid()
    read_here = []
    read = MarkdownReader.read

    def counted(reader, path):
        if os.getpid() == build_process:
            read_here.append(path)
        return read(reader, path)

    monkeypatch.setattr(MarkdownReader, "read", counted)
    parallel = build_sample_site(tmp_path / "parallel")
    assert parallel.keys() == serial.keys()
    assert [name for name in serial if parallel[name] != serial[name]] == []
    # Every article came from the workers; the build process read pages only.
    assert read_here and all("/pages/" in path for path in read_here)


def test_an_unchanged_reader_cache_is_not_saved_again(tmp_path):
    files = {"news/a.md": article("Tin một", Slug="a")}
    build_site(tmp_path, files)
    cache = tmp_path / "cache" / "ArticlesGenerator-Readers"
    saved = cache.stat().st_mtime_ns
    build_site(tmp_path, files)
    assert cache.stat().st_mtime_ns == saved  # nothing read: not written
    build_site(tmp_path, {"news/a.md": article("Tin một (sửa)", Slug="a")})
    assert cache.stat().st_mtime_ns != saved


def test_each_file_is_stamped_once_and_only_by_a_cache_that_keeps_it(
    tmp_path, monkeypatch
):
    files = {f"news/{n}.md": article(f"Tin {n}", Slug=str(n)) for n in "abc"}
    build_site(tmp_path, files)
    stamped = []
    stamp = stamps._pelican_get_file_stamp

    def counted(cacher, filename):
        stamped.append((id(cacher), filename))
        assert cacher._cache_data_policy, "a cache that keeps nothing stamped"
        return stamp(cacher, filename)

    monkeypatch.setattr(stamps, "_pelican_get_file_stamp", counted)
    files["news/b.md"] = article("Tin b (sửa)", Slug="b")
    site = build_site(tmp_path, files)
    assert len(stamped) == len(set(stamped))
    assert {os.path.basename(f) for _, f in stamped} >= {"a.md", "b.md", "c.md"}
    assert "Tin b (sửa)" in (site / "b.html").read_text()
