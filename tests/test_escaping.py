"""Text from content is escaped wherever it lands: HTML, attributes, JSON-LD, feeds."""

import json

import feedparser
import lxml.html
import pytest
from lxml import etree
from support import SITEURL, article, build_site

NASTY = """<script>alert("x")</script> Công đoàn & "Người lao động" 'Tết'"""
FILES = {
    "news/nasty.vi.md": article(
        NASTY,
        Slug="nasty",
        Category='Hoạt động & "Sự kiện"',
        Tags="an toàn & vệ sinh, <b>đậm</b>",
        Authors='Lan "Hoàng" & Co',
        Image_caption='Ảnh: <i>CĐ</i> & "bạn"',
    ),
    "news/nasty.en.md": article(NASTY, Slug="nasty", Lang="en"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(
        tmp_path_factory.mktemp("escaping"), FILES, BUILD_TIME="2024-04-20"
    )


@pytest.fixture(scope="module")
def doc(site):
    return lxml.html.parse(str(site / "nasty.html")).getroot()


def test_no_script_is_injected(site):
    for path in site.rglob("*.html"):
        for script in lxml.html.parse(str(path)).getroot().iter("script"):
            if script.get("src"):
                assert script.get("src").startswith(f"{SITEURL}/assets/js/"), path
            else:
                assert script.get("type") == "application/ld+json", path


def test_title_text_and_attributes_round_trip(doc):
    assert doc.xpath("//h1/text()") == [NASTY]
    assert doc.findtext(".//title").startswith(NASTY)
    assert doc.xpath("//meta[@property='og:title']/@content")[0].startswith(NASTY)
    assert doc.xpath("//a[@class='site-name']")  # the page parsed whole


def test_metadata_lists_are_escaped(doc):
    assert 'Hoạt động & "Sự kiện"' in doc.xpath("//nav[@class='breadcrumb']//a/text()")
    assert "<b>đậm</b>" in doc.xpath("//ul[@class='tags']//a/text()")
    assert doc.xpath("//span[@class='byline']/a/text()") == ['Lan "Hoàng" & Co']


def test_json_ld_parses_to_the_same_text(doc):
    (script,) = doc.xpath("//script[@type='application/ld+json']")
    assert "</script" not in script.text.lower()
    data = json.loads(script.text)
    assert data["headline"] == NASTY
    assert data["author"] == [{"@type": "Person", "name": 'Lan "Hoàng" & Co'}]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_keep_the_title_as_text(site, fmt):
    feed = feedparser.parse((site / f"feeds/all.{fmt}.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].title == NASTY


def test_sitemaps_are_well_formed(site):
    for name in ("sitemap.xml", "news-sitemap.xml"):
        etree.parse(str(site / name))
    titles = etree.parse(str(site / "news-sitemap.xml")).xpath(
        "//n:title/text()",
        namespaces={"n": "http://www.google.com/schemas/sitemap-news/0.9"},
    )
    assert NASTY in titles
