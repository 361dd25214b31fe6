"""Three sub-sites from one content folder: lists, switcher, hreflang, dates."""

import lxml.html
import pytest
from languages.generator import LanguageListsGenerator
from support import SITEURL, article, build_site, snapshot

FILES = {
    "news/hoi-thao.vi.md": article(
        "Hội thảo truyền thông công đoàn",
        Lang="vi",
        Slug="hoi-thao",
        Category="Hoạt động Công đoàn",
        Tags="truyền thông, Long An",
        Authors="Hoàng Lan",
    ),
    "news/hoi-thao.th.md": article(
        "สัมมนาการสื่อสารสหภาพแรงงาน",
        date="2024-04-19 14:30",
        Lang="th",
        Slug="hoi-thao",
        Category="กิจกรรมสหภาพแรงงาน",
        Tags="การสื่อสาร",
    ),
    "news/hoi-thao.en.md": article(
        "Union communication workshop",
        Lang="en",
        Slug="hoi-thao",
        Category="Union activities",
        Tags="communication",
    ),
    "news/chi-tieng-viet.md": article(
        "Đoàn viên Lào Cai nhận quà Tết", date="2024-02-01", Category="Chăm lo đời sống"
    ),
    "news/thai-only.md": article(
        "ข่าวภาษาไทยเท่านั้น", date="2024-03-01", Lang="th", Slug="thai-only"
    ),
    "news/draft.en.md": article(
        "Secret draft", Lang="en", Slug="secret-draft", Status="draft"
    ),
    "pages/gioi-thieu.vi.md": "Title: Giới thiệu\nSlug: gioi-thieu\n\nVề chúng tôi.\n",
    "pages/gioi-thieu.en.md": "Title: About\nSlug: gioi-thieu\nLang: en\n\nAbout us.\n",
}
PREFIX = {"vi": "", "th": "th/", "en": "en/"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("languages"), FILES)


def page(site, path):
    return lxml.html.parse(str(site / path)).getroot()


def main_links(doc):
    return [a.get("href") for a in doc.xpath("//main//a[@href]")]


@pytest.mark.parametrize("lang", ["vi", "th", "en"])
def test_each_language_has_its_pages(site, lang):
    prefix = PREFIX[lang]
    for name in (
        "index.html",
        "archives.html",
        "categories.html",
        "tags.html",
        "404.html",
    ):
        doc = page(site, prefix + name)
        assert doc.get("lang") == lang, name


@pytest.mark.parametrize(
    "path, lang",
    [
        ("hoi-thao.html", "vi"),
        ("th/hoi-thao.html", "th"),
        ("en/hoi-thao.html", "en"),
        ("doan-vien-lao-cai-nhan-qua-tet.html", "vi"),
        ("th/thai-only.html", "th"),
        ("pages/gioi-thieu.html", "vi"),
        ("en/pages/gioi-thieu.html", "en"),
    ],
)
def test_content_pages_are_written_in_their_language(site, path, lang):
    assert page(site, path).get("lang") == lang


@pytest.mark.parametrize("lang", ["vi", "th", "en"])
def test_lists_hold_only_their_language(site, lang):
    prefix = f"{SITEURL}/{PREFIX[lang]}"
    home = page(site, PREFIX[lang] + "index.html")
    links = [h for h in main_links(home) if h.endswith(".html")]
    assert links, "home lists no article"
    for href in links:
        assert href.startswith(prefix), href
        rest = href[len(prefix) :]
        allowed = ("category/", "tag/", "author/", "videos/")
        assert "/" not in rest or rest.startswith(allowed), href


def test_home_lists_match_each_language(site):
    def listed(path):
        links = main_links(page(site, path))
        return {h.rsplit("/", 1)[-1] for h in links if "/category/" not in h}

    assert listed("index.html") == {
        "hoi-thao.html",
        "doan-vien-lao-cai-nhan-qua-tet.html",
    }
    assert listed("th/index.html") == {"hoi-thao.html", "thai-only.html"}
    assert listed("en/index.html") == {"hoi-thao.html"}


def test_categories_tags_authors_per_language(site):
    assert (site / "category/hoat-dong-cong-doan.html").exists()
    assert (site / "en/category/union-activities.html").exists()
    assert not (site / "category/union-activities.html").exists()
    assert (site / "tag/truyen-thong.html").exists()
    assert (site / "en/tag/communication.html").exists()
    assert (site / "author/hoang-lan.html").exists()
    category = page(site, "en/category/union-activities.html")
    assert [
        h.rsplit("/", 1)[-1] for h in main_links(category) if "category" not in h
    ] == ["hoi-thao.html"]


def switcher(doc):
    return {
        a.get("hreflang"): a.get("href")
        for a in doc.xpath("//nav[contains(@class,'language-switcher')]//a")
    }


def test_switcher_goes_to_translation(site):
    links = switcher(page(site, "hoi-thao.html"))
    assert links == {
        "vi": f"{SITEURL}/hoi-thao.html",
        "th": f"{SITEURL}/th/hoi-thao.html",
        "en": f"{SITEURL}/en/hoi-thao.html",
    }


def test_switcher_goes_home_without_translation(site):
    links = switcher(page(site, "th/thai-only.html"))
    assert links["vi"] == f"{SITEURL}/index.html"
    assert links["en"] == f"{SITEURL}/en/index.html"
    assert links["th"] == f"{SITEURL}/th/thai-only.html"


def alternates(doc):
    return {
        link.get("hreflang"): link.get("href")
        for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")
    }


@pytest.mark.parametrize(
    "path",
    [
        "hoi-thao.html",
        "th/hoi-thao.html",
        "en/hoi-thao.html",
        "doan-vien-lao-cai-nhan-qua-tet.html",
    ],
)
def test_hreflang_is_reciprocal_and_includes_itself(site, path):
    own = alternates(page(site, path))
    assert f"{SITEURL}/{path}" in own.values()
    for href in own.values():
        other = page(site, href[len(SITEURL) + 1 :])
        assert alternates(other) == own


def test_canonical_and_social_tags(site):
    doc = page(site, "en/hoi-thao.html")
    assert doc.xpath("//link[@rel='canonical']/@href") == [
        f"{SITEURL}/en/hoi-thao.html"
    ]
    assert doc.xpath("//meta[@name='viewport']")
    assert doc.xpath("//meta[@property='og:title']/@content")[0].startswith(
        "Union communication workshop"
    )
    assert doc.xpath("//meta[@property='og:locale']/@content") == ["en_US"]


def test_thai_dates_are_buddhist_era(site):
    times = page(site, "th/hoi-thao.html").xpath("//article//time/text()")
    assert times == ["19 เมษายน 2567"]


def test_vietnamese_and_english_dates(site):
    assert page(site, "hoi-thao.html").xpath("//article//time/text()") == [
        "Thứ Sáu, 19 tháng 4, 2024"
    ]
    assert page(site, "en/hoi-thao.html").xpath("//article//time/text()") == [
        "Friday, 19 April 2024"
    ]
    listed = page(site, "index.html").xpath("//main//time/text()")
    assert "19/4/2024" in listed


def test_interface_text_is_translated(site):
    def skip_link(path):
        return page(site, path).xpath("//a[@class='skip-link']/text()")[0]

    assert skip_link("index.html") == "Chuyển đến nội dung"
    assert skip_link("th/index.html") == "ข้ามไปยังเนื้อหา"
    assert skip_link("en/index.html") == "Skip to content"


def test_drafts_are_never_written(site):
    written = "".join(
        p.read_text() for p in site.rglob("*") if p.suffix in (".html", ".xml")
    )
    assert "secret-draft" not in written
    assert "Secret draft" not in written
    assert not list(site.rglob("*secret-draft*"))


def test_slug_is_folded_from_vietnamese_title(site):
    # "Đoàn viên Lào Cai nhận quà Tết" has no Slug line.
    assert (site / "doan-vien-lao-cai-nhan-qua-tet.html").exists()


def test_pagination(tmp_path):
    files = {
        f"news/tin-{n}.md": article(f"Tin số {n}", date=f"2024-04-{n + 10:02d}")
        for n in range(5)
    }
    site = build_site(tmp_path, files, DEFAULT_PAGINATION=2)
    assert (site / "index.html").exists()
    assert (site / "index2.html").exists()
    assert (site / "index3.html").exists()
    first = page(site, "index.html")
    assert [h.rsplit("/", 1)[-1] for h in main_links(first)][:2] == [
        "tin-so-4.html",
        "tin-so-3.html",
    ]
    assert first.xpath("//a[@rel='next']/@href") == [f"{SITEURL}/index2.html"]


def test_split_pages_are_the_writers_own_pagination(tmp_path, monkeypatch):
    """Lists are split into pages before the writer (so page_rendering can
    render them anywhere): the files are those Pelican's Writer paginates."""
    files = {
        f"news/tin-{n}.md": article(
            f"Tin số {n}", date=f"2024-04-{n + 10:02d}", Tags="lương", Category="Tin"
        )
        for n in range(7)
    }
    settings = {"DEFAULT_PAGINATION": 2, "BUILD_TIME": "2024-05-01 08:00"}
    split = snapshot(build_site(tmp_path / "split", files, **settings))

    def paginated_by_the_writer(generator, template_name, name, url, articles, **kw):
        kwargs = {"articles": articles, "dates": articles, **kw}
        named = {"template_name": template_name, "url": url}
        paginated = {"paginated": {"articles": articles}}
        template = generator.get_template(template_name)
        return [((name, template, generator.context), {**named, **paginated, **kwargs})]

    monkeypatch.setattr(LanguageListsGenerator, "_paginated", paginated_by_the_writer)
    whole = snapshot(build_site(tmp_path / "whole", files, **settings))
    assert "tag/luong3.html" in whole
    assert split.keys() == whole.keys()
    assert [name for name in whole if split[name] != whole[name]] == []


def test_homes_are_alternates_of_each_other(site):
    homes = {code: f"{SITEURL}/{prefix}" for code, prefix in PREFIX.items()}
    for prefix in PREFIX.values():
        assert alternates(page(site, prefix + "index.html")) == homes


def test_list_pages_have_no_hreflang(site):
    assert alternates(page(site, "category/hoat-dong-cong-doan.html")) == {}
    assert alternates(page(site, "en/archives.html")) == {}


def test_summary_defaults_to_the_first_paragraph(tmp_path):
    body = "Đoạn mở đầu của bài.\n\nĐoạn thứ hai không nằm trong sapo."
    site = build_site(tmp_path, {"news/a.md": article("Tin", body=body)})
    dek = page(site, "index.html").xpath("//div[@class='dek']/text()")
    assert dek == ["Đoạn mở đầu của bài."]


def test_switcher_on_a_language_index_goes_to_the_same_index(site):
    links = switcher(page(site, "th/contests/index.html"))
    assert links == {
        "vi": f"{SITEURL}/contests/index.html",
        "th": f"{SITEURL}/th/contests/index.html",
        "en": f"{SITEURL}/en/contests/index.html",
    }


def test_language_indexes_are_alternates_of_each_other(site):
    expected = {code: f"{SITEURL}/{p}videos/index.html" for code, p in PREFIX.items()}
    assert alternates(page(site, "en/videos/index.html")) == expected
