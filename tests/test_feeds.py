"""Per-language RSS and Atom feeds, parsed with feedparser."""

import io

import feedparser
import lxml.html
import pytest
from PIL import Image
from support import SITEURL, article, build_site


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 18), "red").save(buffer, "JPEG")
    return buffer.getvalue()


FILES = {
    "images/anh.jpg": jpeg(),
    "news/a.vi.md": article(
        "Hội thảo ở Long An",
        date="2024-04-19 09:00",
        Lang="vi",
        Slug="hoi-thao",
        Category="Hoạt động Công đoàn",
        Image="images/anh.jpg",
        Summary="Tóm tắt hội thảo.",
        body="Xem ![ảnh]({static}/images/anh.jpg) và [bài khác]({filename}b.vi.md).",
    ),
    "news/b.vi.md": article(
        "Quà Tết cho đoàn viên",
        date="2024-02-01",
        Lang="vi",
        Slug="qua-tet",
        Category="Chăm lo đời sống",
    ),
    "news/a.th.md": article(
        "สัมมนาที่ลองอาน", date="2024-04-19 10:00", Lang="th", Slug="hoi-thao"
    ),
    "news/a.en.md": article(
        "Workshop in Long An", date="2024-04-19 11:00", Lang="en", Slug="hoi-thao"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("feeds"), FILES)


def parse(site, path):
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize("lang, prefix", [("vi", ""), ("th", "th/"), ("en", "en/")])
def test_language_feed_holds_only_its_language(site, fmt, lang, prefix):
    feed = parse(site, f"{prefix}feeds/all.{fmt}.xml")
    assert feed.feed.get("language", lang).startswith(lang)
    assert feed.entries
    for entry in feed.entries:
        assert entry.link.startswith(f"{SITEURL}/{prefix}")
        assert "/" not in entry.link[len(f"{SITEURL}/{prefix}") :]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_entries_are_newest_first_with_zoned_dates(site, fmt):
    feed = parse(site, f"feeds/all.{fmt}.xml")
    assert [e.title for e in feed.entries] == [
        "Hội thảo ở Long An",
        "Quà Tết cho đoàn viên",
    ]
    raw = (site / f"feeds/all.{fmt}.xml").read_text()
    assert "+07:00" in raw or "+0700" in raw


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_full_content_with_absolute_urls(site, fmt):
    entry = parse(site, f"feeds/all.{fmt}.xml").entries[0]
    html = entry.content[0].value
    doc = lxml.html.fragment_fromstring(html, create_parent="div")
    assert doc.xpath("//img/@src") == [f"{SITEURL}/images/anh.jpg"]
    assert doc.xpath("//a/@href") == [f"{SITEURL}/qua-tet.html"]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_featured_image_is_an_enclosure(site, fmt):
    entry = parse(site, f"feeds/all.{fmt}.xml").entries[0]
    enclosures = entry.enclosures
    assert [e.href for e in enclosures] == [f"{SITEURL}/images/anh.jpg"]
    assert enclosures[0].type == "image/jpeg"
    assert int(enclosures[0].length) == len(FILES["images/anh.jpg"])


def test_category_feeds_per_language(site):
    feed = parse(site, "feeds/cham-lo-doi-song.atom.xml")
    assert [e.title for e in feed.entries] == ["Quà Tết cho đoàn viên"]
    parse(site, "feeds/cham-lo-doi-song.rss.xml")


def test_home_pages_link_their_feeds(site):
    for prefix in ("", "th/", "en/"):
        doc = lxml.html.parse(str(site / f"{prefix}index.html")).getroot()
        rss = doc.xpath("//head/link[@type='application/rss+xml']/@href")
        atom = doc.xpath("//head/link[@type='application/atom+xml']/@href")
        assert rss == [f"{SITEURL}/{prefix}feeds/all.rss.xml"]
        assert atom == [f"{SITEURL}/{prefix}feeds/all.atom.xml"]


def test_every_sample_feed_is_valid(sample_output):
    feeds = sorted(sample_output.rglob("*.xml"))
    feeds = [f for f in feeds if "/feeds/" in str(f)]
    assert len(feeds) >= 12
    for path in feeds:
        parse(sample_output, path.relative_to(sample_output))
