"""Search: a page per language, one Pagefind bundle with an index per language,
and queries in headless Chromium (Debian's, driven by Playwright)."""

import asyncio
import json
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from atomic_output.atomic_output import BuildFailed
from browser_support import LocalServer, site_csp
from languages.sites import build_sites
from search.bundles import plan_bundles, write_bundle, write_bundles
from search.search import document_path, search_document
from search.text import extra_words, fold, plain_text
from support import article, build_site, get_settings, snapshot

# The project's plugins with search where it belongs: before assets, whose
# `finalized` handler precompresses the bundle too.
PLUGINS = [p for p in get_settings()["PLUGINS"] if p != "search"]
PLUGINS.insert(PLUGINS.index("assets"), "search")

SLUG = "hoi-nghi-cong-doan"
WEATHER = "thoi-tiet-ha-noi"
FILES = {
    "news/a.vi.md": article(
        "Công đoàn tỉnh Lào Cai vận động đoàn viên tham gia bảo hiểm",
        Slug=SLUG,
        Category="Hoạt động Công đoàn",
        body="""
        Liên đoàn Lao động tỉnh Lào Cai tổ chức hội nghị về công tác
        công đoàn năm 2024. Tổ chức ILO đánh giá cao hoạt động này.
        """,
    ),
    "news/a.th.md": article(
        "สหภาพแรงงานจังหวัดลาวไกจัดประชุมใหญ่",
        Slug=SLUG,
        Lang="th",
        body="""
        สหภาพแรงงานจัดการประชุมเรื่องประกันสังคมสำหรับผู้ใช้แรงงาน
        องค์การ ILO ชื่นชมกิจกรรมนี้
        """,
    ),
    "news/a.en.md": article(
        "Lao Cai union urges members to join social insurance",
        Slug=SLUG,
        Lang="en",
        body="The provincial labour federation met on union work. The ILO praised it.",
    ),
    "news/b.vi.md": article(
        "Dự báo thời tiết: <b>mưa</b> & gió ở Hà Nội",
        date="2023-04-20 08:00",
        Slug=WEATHER,
        body="Hà Nội có mưa to vào chiều nay, nhiệt độ giảm.",
    ),
    "news/c.vi.md": article(
        "Bản nháp về công đoàn", Slug="ban-nhap", Status="draft", body="Công đoàn."
    ),
    "pages/gioi-thieu.vi.md": article(
        "Giới thiệu", date=None, Slug="gioi-thieu", body="Trang của công đoàn."
    ),
}


# --- what gets indexed --------------------------------------------------------


def test_fold_strips_marks_and_d_bar():
    assert fold("Công đoàn vận động ĐỒNG") == "Cong doan van dong DONG"
    assert fold("ประชุม") != "ประชุม"  # Thai vowels are marks: never fold Thai
    assert extra_words("Đoàn viên (đoàn phí) đóng 1% LĐLĐ; công") == [
        "doan",
        "dong",
        "ldld",
    ]


def test_plain_text_separates_blocks_and_drops_scripts():
    html = (
        "<h2>Tiêu đề</h2><p>Một <b>hai</b></p><ul><li>ba</li></ul><script>x()</script>"
    )
    assert plain_text(html) == "Tiêu đề Một hai ba"
    assert plain_text("<p>ประกัน\u200bสังคม</p>") == "ประกันสังคม"


def _document(code, title, content, fold_words):
    site = build_sites(get_settings())[code]
    item = SimpleNamespace(
        title=title,
        content=content,
        metadata={},
        url=site.url("x.html"),
        date=datetime(2024, 4, 19, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        category=None,
    )
    return lxml.html.document_fromstring(search_document(item, site, fold_words))


def test_search_document_keeps_the_text_first_and_folded_words_after():
    doc = _document("vi", "Công đoàn & <b>", "<p>Vận động đoàn viên.</p>", True)
    assert doc.get("lang") == "vi"
    assert doc.xpath("string(//h1[@data-pagefind-meta='title'])") == "Công đoàn & <b>"
    paragraphs = doc.xpath("//body/p")
    assert [p.text for p in paragraphs] == ["Vận động đoàn viên.", "doan dong"]
    # Where the excerpts start (after the title) and end (before folded words).
    assert [p.get("id") for p in paragraphs] == ["text", "folded"]
    body = doc.body
    assert body.get("data-pagefind-filter") == "lang:vi"
    # Pagefind makes metadata searchable: no URL, word count or ISO date there.
    assert body.get("data-pagefind-meta") == "date[data-date]"
    assert body.get("data-date") == "19/4/2024"


def test_search_document_folds_only_when_asked():
    doc = _document("th", "ประชุม", "<p>สหภาพแรงงาน</p>", False)
    assert doc.get("lang") == "th"
    assert [p.text for p in doc.xpath("//body/p")] == ["สหภาพแรงงาน"]
    assert doc.xpath("//@id") == ["text"]


def test_document_path_gives_pagefind_the_page_url():
    assert document_path("th/a.html") == "th/a.html"
    assert document_path("a/") == "a/index.html"
    assert document_path("a") is None


def test_indexes_from_inside_a_running_event_loop(tmp_path):
    # `make serve` rebuilds from a callback of livereload's asyncio loop.
    html = "<!DOCTYPE html><html lang='vi'><body><h1>Công đoàn</h1></body></html>"

    async def rebuild():
        return write_bundle({"a.html": html}, tmp_path / "vi")

    assert asyncio.run(rebuild()) == 1
    assert (tmp_path / "vi" / "pagefind-entry.json").exists()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("search"), FILES, PLUGINS=PLUGINS)


def bundles(site, code):
    """The bundle folders of one language, oldest first."""
    return sorted(p for p in (site / "pagefind" / code).iterdir() if p.is_dir())


def test_bundles_hold_their_language_and_articles_only(built):
    counts = {}
    for code in ("vi", "th", "en"):
        [bundle] = bundles(built, code)  # fewer stories than a bundle holds
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [code]
        counts[code] = entry["languages"][code]["page_count"]
        assert (bundle / "pagefind.js").exists()
        assert not (bundle / "pagefind-ui.js").exists()
    # No draft, no page (About), no list page: the articles only.
    assert counts == {"vi": 2, "th": 1, "en": 1}
    assert bundles(built, "vi")[0].name == "2023-2024"


def test_whole_years_are_packed_into_bundles_newest_first():
    stories = [(2023, "a.html"), (2023, "b.html"), (2024, "c.html")]
    stories += [(2025, "d.html"), (2025, "e.html"), (2025, "f.html")]
    assert plan_bundles("vi", stories, 3) == [
        ("pagefind/vi/2025", ["d.html", "e.html", "f.html"]),
        ("pagefind/vi/2023-2024", ["a.html", "b.html", "c.html"]),
    ]
    # A year larger than a bundle is a bundle of its own.
    assert [f for f, _ in plan_bundles("vi", stories, 1)] == [
        "pagefind/vi/2025",
        "pagefind/vi/2024",
        "pagefind/vi/2023",
    ]
    assert plan_bundles("vi", [], 3) == []


def test_the_bundles_are_the_same_on_every_build(built, tmp_path):
    again = build_site(tmp_path, FILES, PLUGINS=PLUGINS)
    assert snapshot(again / "pagefind") == snapshot(built / "pagefind")


def inodes(site):
    return {
        path.relative_to(site): path.stat().st_ino
        for path in (site / "pagefind").rglob("*")
        if path.is_file()
    }


def test_only_the_edited_bundle_is_indexed_again(tmp_path):
    # One bundle per year: the 2023 story and the 2024 one apart.
    settings = {"PLUGINS": PLUGINS, "SEARCH_BUNDLE_STORIES": 1}
    first = build_site(tmp_path, FILES, **settings)
    before = inodes(first)
    edited = dict(FILES)
    edited["news/b.vi.md"] = FILES["news/b.vi.md"] + "\nThêm một câu về lương.\n"
    again = build_site(tmp_path, edited, **settings)
    after = inodes(again)
    # The 2023 bundle (the edited story's) is new; every other is the
    # previous build's files.
    edited_bundle = ("pagefind", "vi", "2023")
    entry = Path(*edited_bundle, "pagefind-entry.json")
    assert after[entry] != before[entry]
    for path, inode in after.items():
        if path.parts[:3] != edited_bundle:
            assert inode == before.get(path), path
    clean = build_site(tmp_path / "clean", edited, **settings)
    assert snapshot(again / "pagefind") == snapshot(clean / "pagefind")


def test_only_a_bundle_whose_sources_changed_makes_its_documents(tmp_path):
    sources = {"a.html": ("Tin A", "", "<p>lương</p>"), "b.html": ("Tin B", "", "")}
    made = []

    def document(path):
        made.append(path)
        return f"<html><body><h1>{sources[path][0]}</h1></body></html>"

    bundles = [("pagefind/vi/2024", ["a.html"]), ("pagefind/vi/2023", ["b.html"])]
    previous = None
    for build, expected in (
        ("one", ["a.html", "b.html"]),
        ("two", []),  # nothing changed: not a single document is made
        ("three", ["b.html"]),
    ):
        if build == "three":
            sources["b.html"] = ("Tin B", "", "<p>Thêm một câu.</p>")
        made.clear()
        output = tmp_path / build
        indexed = write_bundles(
            bundles, sources.get, document, str(output), str(tmp_path), previous
        )
        assert made == expected
        assert indexed == [f for f, paths in bundles if set(paths) & set(made)]
        previous = str(output)


def test_a_changed_previous_bundle_is_not_reused(tmp_path):
    first = build_site(tmp_path, FILES, PLUGINS=PLUGINS)
    entry = bundles(first, "th")[0] / "pagefind-entry.json"
    entry.write_text(entry.read_text())  # same bytes, but not that build's file
    tampered = entry.stat().st_ino
    again = build_site(tmp_path, FILES, PLUGINS=PLUGINS)
    assert (bundles(again, "th")[0] / "pagefind-entry.json").stat().st_ino != tampered
    clean = build_site(tmp_path / "clean", FILES, PLUGINS=PLUGINS)
    assert snapshot(again / "pagefind") == snapshot(clean / "pagefind")


@pytest.mark.parametrize("prefix,lang", [("", "vi"), ("th/", "th"), ("en/", "en")])
def test_search_page_per_language(built, prefix, lang):
    page = lxml.html.parse(str(built / prefix / "search" / "index.html")).getroot()
    assert page.get("lang") == lang
    form = page.xpath("//form[@role='search']")[0]
    assert form.get("method") == "get"
    field = form.xpath(".//input[@name='q']")[0]
    assert form.xpath(f".//label[@for='{field.get('id')}']/text()")
    scripts = page.xpath("//script[not(@type='application/ld+json')]")
    assert scripts and all(s.get("src") and not s.text for s in scripts)
    box = page.xpath("//*[@data-pagefind]")[0]
    assert re.search(
        rf"/pagefind/{lang}/[0-9-]+/pagefind\.js$", box.get("data-pagefind")
    )


def test_unknown_folded_language_fails_the_build(tmp_path):
    with pytest.raises(BuildFailed):
        build_site(
            tmp_path, FILES, PLUGINS=PLUGINS, SEARCH_FOLDED_LANGUAGES=["vi", "xx"]
        )


# --- in the browser -----------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-browser")
    (root / "output").mkdir()
    server = LocalServer(root / "output")
    url = server.url
    # A bundle per year: the 2023 story is found through a merged bundle.
    output = build_site(
        root, FILES, PLUGINS=PLUGINS, SITEURL=url, SEARCH_BUNDLE_STORIES=1
    )
    assert len(bundles(output, "vi")) == 2
    if "'wasm-unsafe-eval'" not in site_csp(output):
        pytest.fail(
            "Pagefind compiles WebAssembly: add 'wasm-unsafe-eval' to script-src "
            "in plugins/assets CONTENT_SECURITY_POLICY"
        )
    yield server.start().url
    server.stop()


def results(page):
    """(href, title, excerpt marks) of each result, once the search is done."""
    page.wait_for_function(
        "() => { const box = document.querySelector('.search');"
        " const text = box.querySelector('.search-status').textContent;"
        " return text && text !== box.dataset.textSearching; }"
    )
    found = []
    for item in page.locator(".search-results li").all():
        link = item.locator("h2 a")
        found.append(
            (
                link.get_attribute("href"),
                link.inner_text(),
                item.locator("mark").all_inner_texts(),
            )
        )
    assert page.errors == []
    assert page.evaluate("window.__csp") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    return found


def search(page, server, prefix, query):
    page.goto(f"{server}/{prefix}search/?q={query}")
    return results(page)


@pytest.mark.parametrize("query", ["công đoàn", "cong doan", "dong", "CÔNG ĐOÀN"])
def test_vietnamese_with_and_without_diacritics(phone, server, query):
    found = search(phone, server, "", query)
    assert found, f"nothing found for {query!r}"
    href, title, marks = found[0]
    assert href == f"{server}/{SLUG}.html"
    # The reader sees the story's own words, never the folded copy.
    assert title == "Công đoàn tỉnh Lào Cai vận động đoàn viên tham gia bảo hiểm"
    assert marks and all(fold(m) != m for m in marks)
    assert all(h.startswith(f"{server}/") and "/th/" not in h for h, *_ in found)


def test_thai_query_without_spaces(phone, server):
    found = search(phone, server, "th/", "ประกันสังคมสำหรับผู้ใช้แรงงาน")
    assert [href for href, *_ in found] == [f"{server}/th/{SLUG}.html"]
    assert found[0][1] == "สหภาพแรงงานจังหวัดลาวไกจัดประชุมใหญ่"
    assert found[0][2]  # the matched words are marked


def test_english(phone, server):
    found = search(phone, server, "en/", "insurance")
    assert [href for href, *_ in found] == [f"{server}/en/{SLUG}.html"]


@pytest.mark.parametrize("prefix", ["", "th/", "en/"])
def test_results_stay_in_the_page_language(phone, server, prefix):
    # "ILO" is in the story in all three languages.
    found = search(phone, server, prefix, "ILO")
    assert [href for href, *_ in found] == [f"{server}/{prefix}{SLUG}.html"]


def test_no_result_in_another_language(phone, server):
    assert search(phone, server, "th/", "công đoàn") == []
    status = phone.locator(".search-status").inner_text()
    assert status == phone.locator(".search").get_attribute("data-text-none")


def test_titles_are_text_not_markup(phone, server):
    found = search(phone, server, "", "mưa")
    assert found[0][:2] == (
        f"{server}/{WEATHER}.html",
        "Dự báo thời tiết: <b>mưa</b> & gió ở Hà Nội",
    )
    assert phone.locator(".search-results b").count() == 0


def test_typing_searches_and_keeps_the_query_in_the_address(phone, server):
    phone.goto(f"{server}/search/")
    phone.get_by_role("searchbox").fill("lao dong")
    phone.keyboard.press("Enter")
    found = results(phone)
    assert found[0][0] == f"{server}/{SLUG}.html"
    assert "q=lao+dong" in phone.url


def test_a_language_without_stories_finds_nothing(phone, tmp_path):
    # Only Vietnamese stories: the Thai search page has no index to load.
    (tmp_path / "output").mkdir()
    server = LocalServer(tmp_path / "output")
    vietnamese = {"news/a.vi.md": FILES["news/a.vi.md"]}
    output = build_site(tmp_path, vietnamese, PLUGINS=PLUGINS, SITEURL=server.url)
    page = lxml.html.parse(str(output / "th" / "search" / "index.html")).getroot()
    assert page.xpath("//*[@data-pagefind]")[0].get("data-pagefind") == ""
    url = server.start().url
    try:
        assert search(phone, url, "th/", "สหภาพ") == []
        status = phone.locator(".search-status").inner_text()
        assert status == phone.locator(".search").get_attribute("data-text-none")
    finally:
        server.stop()
