"""Video stories: per-language video page, Media RSS feed, VideoObject."""

import json

import feedparser
import lxml.html
import pytest
from support import SITEURL, article, build_site

YT = "https://www.youtube.com/watch?v=Jq7dW2pLx4k"
FILES = {
    "videos/lop-hoc.mp4": b"\x00\x00\x00\x18ftypmp42",
    "v/a.vi.md": article(
        "Câu chuyện công nhân", date="2024-03-01", Slug="cau-chuyen", Video=YT, body=YT
    ),
    "v/a.th.md": article(
        "เรื่องเล่าคนงาน", date="2024-03-01", Slug="cau-chuyen", Lang="th", Video=YT
    ),
    "v/b.vi.md": article(
        "Lớp học pháp luật",
        date="2024-04-01",
        Slug="lop-hoc",
        Video="videos/lop-hoc.mp4",
    ),
    "v/c.vi.md": article("Tin không có video", date="2024-05-01", Slug="khong-video"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("videos"), FILES)


def page(site, path):
    return lxml.html.parse(str(site / path)).getroot()


def test_video_page_per_language(site):
    listed = page(site, "videos/index.html").xpath("//main//h2/a/@href")
    assert listed == [f"{SITEURL}/lop-hoc.html", f"{SITEURL}/cau-chuyen.html"]
    thai = page(site, "th/videos/index.html").xpath("//main//h2/a/@href")
    assert thai == [f"{SITEURL}/th/cau-chuyen.html"]
    assert page(site, "en/videos/index.html").xpath("//main//h2") == []


def jsonld(site, path):
    scripts = page(site, path).xpath("//script[@type='application/ld+json']/text()")
    return {d["@type"]: d for d in map(json.loads, scripts)}


def test_video_object_for_a_youtube_story(site):
    video = jsonld(site, "cau-chuyen.html")["VideoObject"]
    assert video["name"] == "Câu chuyện công nhân"
    assert video["embedUrl"].startswith(
        "https://www.youtube-nocookie.com/embed/Jq7dW2pLx4k"
    )
    assert (
        video["thumbnailUrl"][0] == "https://i.ytimg.com/vi/Jq7dW2pLx4k/hqdefault.jpg"
    )
    assert video["uploadDate"].startswith("2024-03-01")


def test_video_object_for_a_local_file(site):
    video = jsonld(site, "lop-hoc.html")["VideoObject"]
    assert video["contentUrl"] == f"{SITEURL}/videos/lop-hoc.mp4"
    assert "NewsArticle" in jsonld(site, "lop-hoc.html")
    assert "VideoObject" not in jsonld(site, "khong-video.html")


def test_media_rss_video_feed(site):
    feed = feedparser.parse((site / "feeds/videos.rss.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [
        "Lớp học pháp luật",
        "Câu chuyện công nhân",
    ]
    youtube = feed.entries[1]
    assert youtube.media_content[0]["url"] == YT
    assert youtube.media_content[0]["medium"] == "video"
    assert youtube.media_thumbnail[0]["url"].startswith("https://i.ytimg.com/")
    assert feed.entries[0].media_content[0]["url"] == f"{SITEURL}/videos/lop-hoc.mp4"
    thai = feedparser.parse((site / "th/feeds/videos.atom.xml").read_bytes())
    assert [e.title for e in thai.entries] == ["เรื่องเล่าคนงาน"]
    assert not (site / "en/feeds/videos.rss.xml").exists()


def test_video_page_links_its_feed(site):
    links = page(site, "videos/index.html").xpath(
        "//head/link[@type='application/rss+xml']/@href"
    )
    assert f"{SITEURL}/feeds/videos.rss.xml" in links


def test_facade_poster_is_the_story_card(site):
    (img,) = page(site, "cau-chuyen.html").xpath("//a[@class='video-link']/img")
    assert img.get("src") == f"{SITEURL}/cards/vi/cau-chuyen.png"
    assert (site / "cards/vi/cau-chuyen.png").exists()
    assert img.get("loading") == "lazy" and img.get("alt") == ""
