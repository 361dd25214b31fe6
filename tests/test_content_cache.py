"""Pelican's reader cache is dropped exactly when the reading changes."""

from types import SimpleNamespace

from content_cache.content_cache import CACHE_FILES, drop_stale_cache, fingerprint
from content_cache.files import link_new
from support import get_settings


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
