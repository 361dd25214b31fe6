"""A build into an existing output folder, reusing every cache, gives exactly
the site that a clean build of the same sources gives: edits, additions,
deletions, a changed setting, a changed template and changed plugin code (as
after `git checkout` of another commit) included."""

import shutil
import subprocess
import sys

from page_rendering import page_rendering
from pelican import Pelican
from support import ROOT, get_settings, snapshot

BUILD_TIME = "2026-11-20 09:00"


def build(root, output, cache, **overrides):
    settings = get_settings(
        PATH=root / "content",
        OUTPUT_PATH=output,
        CACHE_PATH=cache,
        THEME=str(root / "theme"),
        BUILD_TIME=BUILD_TIME,
        ASSETS_PRECOMPRESS=True,
        **overrides,
    )
    Pelican(settings).run()
    return output


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_stories(root):
    news = root / "content" / "news"
    story = next(news.rglob("*mai-am*.vi.md"))
    edit(story, "\n\n", "\n\nMột câu mới được thêm vào bài.\n\n")
    other = next(news.rglob("*tet*.en.md"))
    edit(other, "Title: ", "Title: Updated: ")
    (news / "2026" / "bai-moi.vi.md").write_text(
        "Title: Công đoàn tổ chức giải bóng đá công nhân\n"
        "Date: 2026-11-19 08:00\n"
        "Category: Tin tức\n"
        "Tags: thể thao, Lào Cai\n\n"
        "Giải bóng đá công nhân có 16 đội tham dự.\n",
        encoding="utf-8",
    )
    return {}


def edit_text_below_summary(root):
    # A last paragraph: no summary, title or date changes, so no list page
    # (and no page that shows the story beside another) is rendered again.
    story = next((root / "content" / "news").rglob("*mai-am*.vi.md"))
    with story.open("a", encoding="utf-8") as f:
        f.write("\nĐoạn cuối được thêm để kiểm tra.\n")
    return {}


def move_story_and_close_contest(root):
    # An older story becomes the newest (every page of its lists shifts);
    # a contest closes (the home page lists open contests).
    story = next((root / "content" / "news").rglob("*mai-am*.vi.md"))
    text = story.read_text(encoding="utf-8")
    edit(
        story,
        next(line for line in text.splitlines() if line.startswith("Date:")),
        "Date: 2026-11-19 10:00",
    )
    for contest in (root / "content").rglob("cuoc-thi-tim-hieu-luat-*.md"):
        edit(contest, "Closes: 2026-12-15 23:00", "Closes: 2026-11-18 23:00")
    return {}


# A setting read while rendering, one read by the Markdown extension of a
# plugin (cached Markdown must be read again), one of the site's lists.
CHANGED_SETTINGS = {
    "RELATED_NEWS_MAX": 3,
    "FEEDS_MAX_ITEMS": 5,
    "VIDEO_EMBEDS_PLAY_LABELS": {"vi": "Bấm xem", "th": "ดู", "en": "Watch"},
}


def replace_picture(root):
    # Another picture under the same name: new derivatives, new srcset.
    images = root / "content" / "images"
    shutil.copyfile(
        images / "nhom-zalo-dien-thoai.jpg", images / "hoi-thao-long-an.jpg"
    )
    return {}


def move_link_target(root):
    # A story another links to with {filename} moves (in all its languages):
    # the link must follow.
    for target in (root / "content").rglob("long-an-truyen-thong-cong-doan.*.md"):
        edit(
            target, "Slug: long-an-truyen-thong-cong-doan", "Slug: long-an-truyen-thong"
        )
    return {}


def delete_story_and_change_setting(root):
    (root / "content" / "news" / "2026" / "bai-moi.vi.md").unlink()
    return CHANGED_SETTINGS


def change_template(root):
    edit(
        root / "theme" / "templates" / "article.html",
        '<section id="related-news"',
        '<section data-edited="yes" id="related-news"',
    )
    return CHANGED_SETTINGS


STEPS = [
    edit_stories,
    edit_text_below_summary,
    move_story_and_close_contest,
    replace_picture,
    move_link_target,
    delete_story_and_change_setting,
    change_template,
]


def reused_pages():
    """The pages the last build took from the previous site (read from the
    plugin: Pelican's log filter drops repeated messages)."""
    return set(page_rendering._state["reused"])


def test_rebuilds_equal_clean_builds(tmp_path):
    # The steps run in order on the same sources, output and caches (one
    # test, so that parallel test workers never split them).
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "content", sources / "content")
    shutil.copytree(ROOT / "theme", sources / "theme")
    build(sources, sources / "output", sources / "cache")
    for number, step in enumerate(STEPS):
        overrides = step(sources)
        rebuilt = snapshot(
            build(sources, sources / "output", sources / "cache", **overrides)
        )
        reused = reused_pages()
        clean_folder = tmp_path / f"clean-{number}"
        clean = snapshot(
            build(sources, clean_folder / "output", clean_folder / "cache", **overrides)
        )
        assert rebuilt.keys() == clean.keys(), step.__name__
        changed = [path for path in clean if rebuilt[path] != clean[path]]
        assert changed == [], step.__name__
        if step in (edit_stories, replace_picture, move_link_target):
            # (Later steps change settings or templates: nothing is reused.)
            assert len(reused) >= 10, step.__name__
        if step is edit_text_below_summary:
            # Every list page, in every language, is the previous one.
            assert {"index.html", "archives.html", "th/index.html"} <= reused
        if step is move_story_and_close_contest:
            assert "index.html" not in reused
            assert "th/index.html" not in reused  # the contest is in Thai too
        if step is edit_stories:
            assert "index.html" not in reused  # a new story
            assert "th/index.html" in reused  # nothing Thai changed


def test_unchanged_files_are_not_compressed_again(tmp_path, monkeypatch):
    import assets.assets as assets

    root = tmp_path / "site"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    output, cache = root / "output", root / "cache"
    build(root, output, cache)
    texts = [p for p in output.rglob("*") if p.name.endswith(assets.TEXT_SUFFIXES)]
    compressed = []
    original = assets.gzip.compress
    monkeypatch.setattr(
        assets.gzip,
        "compress",
        lambda data, **kw: compressed.append(data) or original(data, **kw),
    )
    story = next((root / "content" / "news").rglob("*mai-am*.vi.md"))
    edit(story, "\n\n", "\n\nMột câu mới.\n\n")
    build(root, output, cache)
    # The story, the lists, feeds and related sections that show it, the
    # search bundle: a few dozen files, not the whole site.
    assert 0 < len(compressed) < len(texts) / 3
    page = next(output.rglob("lao-cai-mai-am-cong-doan-24-ho-kho-khan.html"))
    assert page.read_bytes() in compressed


def test_only_pages_that_changed_are_written_again(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    output, cache = root / "output", root / "cache"
    build(root, output, cache)

    def inodes():
        return {
            str(p.relative_to(output)): p.stat().st_ino for p in output.rglob("*.html")
        }

    before = inodes()
    story = next((root / "content" / "news").rglob("*mai-am*.vi.md"))
    edit(story, "\n\n", "\n\nMột câu mới.\n\n")
    build(root, output, cache)
    after = inodes()
    written = {path for path in after if after[path] != before.get(path)}
    # An unchanged page is the previous site's file, linked, never rewritten.
    assert "lao-cai-mai-am-cong-doan-24-ho-kho-khan.html" in written
    assert "pages/gioi-thieu.html" not in written
    assert "en/lao-cai-mai-am-cong-doan-24-ho-kho-khan.html" not in written
    assert 0 < len(written) < len(after) / 3


BUILD_IN_A_NEW_PROCESS = """
from pelican import Pelican
from pelican.settings import read_settings
settings = read_settings({conf!r}, override={{
    "OUTPUT_PATH": {output!r}, "CACHE_PATH": {cache!r}, "BUILD_TIME": {time!r}}})
Pelican(settings).run()
"""


def build_project(project, output, cache):
    """Build `project` (a copy of the repository) as `make build` does: in a
    process of its own, importing that copy's plugins."""
    script = BUILD_IN_A_NEW_PROCESS.format(
        conf=str(project / "publishconf.py"),
        output=str(output),
        cache=str(cache),
        time=BUILD_TIME,
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return snapshot(output)


def test_a_build_after_checking_out_other_code_equals_a_clean_build(tmp_path):
    """`git checkout` of another commit changes plugin code, not only content
    or templates: every cache (reader, pages, cards, related news, search)
    must see it."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("plugins", "theme", "content"):
        shutil.copytree(
            ROOT / folder,
            project / folder,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    build_project(project, project / "output", project / "cache")
    # The other commit: a structured-data type and the cards' red.
    edit(
        project / "plugins" / "structured_data" / "structured_data.py",
        '"@type": "NewsArticle"',
        '"@type": "ReportageNewsArticle"',
    )
    edit(
        project / "plugins" / "social_cards" / "cards.py",
        "BRAND_RED = (0xB3, 0x26, 0x1E)",
        "BRAND_RED = (0xA0, 0x20, 0x18)",
    )
    rebuilt = build_project(project, project / "output", project / "cache")
    clean = build_project(project, tmp_path / "clean", tmp_path / "clean-cache")
    assert rebuilt.keys() == clean.keys()
    assert [path for path in clean if rebuilt[path] != clean[path]] == []
    assert any(b"ReportageNewsArticle" in data for data in rebuilt.values())
