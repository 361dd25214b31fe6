"""sitemap.xml with hreflang alternates, news-sitemap.xml, robots.txt."""

import pytest
from lxml import etree
from support import SITEURL, article, build_site

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}
FILES = {
    "news/a.vi.md": article("Tin hôm qua", date="2024-04-19 08:00", Slug="a"),
    "news/a.th.md": article("ข่าวเมื่อวาน", date="2024-04-19 09:00", Slug="a", Lang="th"),
    "news/b.vi.md": article("Tin cũ", date="2024-01-02", Slug="b"),
    "news/c.en.md": article("Draft", Slug="c", Lang="en", Status="draft"),
    "pages/p.vi.md": "Title: Giới thiệu\nSlug: gioi-thieu\n\nA.\n",
    "pages/p.en.md": "Title: About\nSlug: gioi-thieu\nLang: en\n\nA.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(
        tmp_path_factory.mktemp("sitemap"), FILES, BUILD_TIME="2024-04-20 12:00"
    )


@pytest.fixture(scope="module")
def urls(site):
    tree = etree.parse(str(site / "sitemap.xml"))
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", namespaces=NS)
        }
        for url in tree.findall("s:url", namespaces=NS)
    }


def test_every_published_page_is_listed(urls):
    for path in (
        "",
        "th/",
        "en/",
        "a.html",
        "th/a.html",
        "b.html",
        "pages/gioi-thieu.html",
        "en/pages/gioi-thieu.html",
    ):
        assert f"{SITEURL}/{path}" in urls, path
    assert not [u for u in urls if "/c.html" in u or "draft" in u.lower()]


def test_alternates_match_translations(urls):
    both = {"vi": f"{SITEURL}/a.html", "th": f"{SITEURL}/th/a.html"}
    assert urls[f"{SITEURL}/a.html"] == both
    assert urls[f"{SITEURL}/th/a.html"] == both
    assert urls[f"{SITEURL}/b.html"] == {}  # no translation, no alternates
    assert urls[f"{SITEURL}/en/pages/gioi-thieu.html"] == {
        "vi": f"{SITEURL}/pages/gioi-thieu.html",
        "en": f"{SITEURL}/en/pages/gioi-thieu.html",
    }


def test_alternate_links_use_href(site):
    text = (site / "sitemap.xml").read_text()
    assert "ref=" not in text.replace("href=", "")
    assert "/../" not in text


def test_news_sitemap_holds_the_last_two_days(site):
    tree = etree.parse(str(site / "news-sitemap.xml"))
    locs = tree.xpath("//s:loc/text()", namespaces=NS)
    assert sorted(locs) == [f"{SITEURL}/a.html", f"{SITEURL}/th/a.html"]
    assert tree.xpath("//n:language/text()", namespaces=NS) in (
        ["vi", "th"],
        ["th", "vi"],
    )


def test_robots_points_to_the_sitemaps(site):
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots
    assert f"Sitemap: {SITEURL}/news-sitemap.xml" in robots
