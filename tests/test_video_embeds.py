"""Video embeds: which URLs are videos, the no-JS markup, escaping, wiring."""

from types import SimpleNamespace

import lxml.html
import markdown
import pytest
from support import SITEURL, article, build_site, get_settings
from video_embeds.extension import VideoEmbedExtension, makeExtension
from video_embeds.providers import Video, parse_start, parse_video_url
from video_embeds.video_embeds import add_extension

YT = "dQw4w9WgXcQ"
NOCOOKIE = f"https://www.youtube-nocookie.com/embed/{YT}?autoplay=1"
WATCH = f"https://www.youtube.com/watch?v={YT}"
SHORTS = f"https://www.youtube.com/shorts/{YT}"
FB_PAGE = "https://www.facebook.com/CongDoanLA/videos/1234567890/"
FB_WATCH = "https://www.facebook.com/watch/?v=1234567890"
TIKTOK = "https://www.tiktok.com/@congdoan.la/video/7301234567890123456"


def fb_embed(link):
    from urllib.parse import quote

    return (
        "https://www.facebook.com/plugins/video.php"
        f"?href={quote(link, safe='')}&show_text=false"
    )


# (URL as an editor pastes it, provider, id, link, embed URL)
FORMS = [
    (f"https://www.youtube.com/watch?v={YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://youtube.com/watch?v={YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://m.youtube.com/watch?v={YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"http://www.youtube.com/watch?v={YT}", "youtube", YT, WATCH, NOCOOKIE),
    (
        f"https://www.youtube.com/watch?feature=share&v={YT}&list=PL1",
        "youtube",
        YT,
        WATCH,
        NOCOOKIE,
    ),
    (f"https://www.youtube.com/watch/?v={YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://youtu.be/{YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://youtu.be/{YT}?si=AbCdEf", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://www.youtube.com/shorts/{YT}", "youtube", YT, SHORTS, NOCOOKIE),
    (f"https://youtube.com/shorts/{YT}?feature=share", "youtube", YT, SHORTS, NOCOOKIE),
    (f"https://www.youtube.com/live/{YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://www.youtube.com/live/{YT}/", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://www.youtube.com/embed/{YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"https://www.youtube-nocookie.com/embed/{YT}", "youtube", YT, WATCH, NOCOOKIE),
    (f"HTTPS://WWW.YouTube.com/watch?v={YT}", "youtube", YT, WATCH, NOCOOKIE),
    (FB_PAGE, "facebook", "1234567890", FB_PAGE, fb_embed(FB_PAGE)),
    (FB_PAGE.rstrip("/"), "facebook", "1234567890", FB_PAGE, fb_embed(FB_PAGE)),
    (
        "https://www.facebook.com/CongDoanLA/videos/hoi-thao-2024/1234567890/",
        "facebook",
        "1234567890",
        FB_PAGE,
        fb_embed(FB_PAGE),
    ),
    (
        "https://m.facebook.com/CongDoanLA/videos/1234567890/?mibextid=abc",
        "facebook",
        "1234567890",
        FB_PAGE,
        fb_embed(FB_PAGE),
    ),
    (FB_WATCH, "facebook", "1234567890", FB_WATCH, fb_embed(FB_WATCH)),
    (
        "https://facebook.com/watch?v=1234567890&ref=sharing",
        "facebook",
        "1234567890",
        FB_WATCH,
        fb_embed(FB_WATCH),
    ),
    (
        "https://fb.watch/qW3-r_T9z/",
        "facebook",
        "qW3-r_T9z",
        "https://fb.watch/qW3-r_T9z/",
        fb_embed("https://fb.watch/qW3-r_T9z/"),
    ),
    (
        "https://fb.watch/qW3-r_T9z",
        "facebook",
        "qW3-r_T9z",
        "https://fb.watch/qW3-r_T9z/",
        fb_embed("https://fb.watch/qW3-r_T9z/"),
    ),
    (
        "https://vimeo.com/76979871",
        "vimeo",
        "76979871",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?autoplay=1",
    ),
    (
        "https://www.vimeo.com/76979871/",
        "vimeo",
        "76979871",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?autoplay=1",
    ),
    (
        "https://player.vimeo.com/video/76979871?h=abc",
        "vimeo",
        "76979871",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871?autoplay=1",
    ),
    (
        TIKTOK,
        "tiktok",
        "7301234567890123456",
        TIKTOK,
        "https://www.tiktok.com/embed/v2/7301234567890123456",
    ),
    (
        "https://tiktok.com/@congdoan.la/video/7301234567890123456?lang=vi",
        "tiktok",
        "7301234567890123456",
        TIKTOK,
        "https://www.tiktok.com/embed/v2/7301234567890123456",
    ),
    (
        "https://m.tiktok.com/@congdoan.la/video/7301234567890123456/",
        "tiktok",
        "7301234567890123456",
        TIKTOK,
        "https://www.tiktok.com/embed/v2/7301234567890123456",
    ),
    ("videos/cau-chuyen.mp4", "file", "videos/cau-chuyen.mp4", None, None),
    ("{static}/videos/x.webm", "file", "videos/x.webm", None, None),
    ("videos/2024/04/hoi-thao.m4v", "file", "videos/2024/04/hoi-thao.m4v", None, None),
    ("videos/Clip_1.OGV", "file", "videos/Clip_1.OGV", None, None),
    ("{static}/videos/x.ogv", "file", "videos/x.ogv", None, None),
]


@pytest.mark.parametrize(("url", "provider", "video_id", "link", "embed"), FORMS)
def test_every_url_form(url, provider, video_id, link, embed):
    video = parse_video_url(url)
    assert video is not None
    assert (video.provider, video.id, video.embed_url) == (provider, video_id, embed)
    if provider == "file":
        assert video.url == "{static}/" + video_id
    else:
        assert video.url == link


def test_surrounding_whitespace_is_ignored():
    assert parse_video_url(f"  https://youtu.be/{YT}\n").id == YT


def test_video_is_frozen():
    video = parse_video_url(f"https://youtu.be/{YT}")
    assert isinstance(video, Video)
    with pytest.raises(AttributeError):
        video.id = "x"


def test_youtube_thumbnail_others_none():
    assert (
        parse_video_url(f"https://youtu.be/{YT}").thumbnail
        == f"https://i.ytimg.com/vi/{YT}/hqdefault.jpg"
    )
    for url in (FB_PAGE, TIKTOK, "https://vimeo.com/1", "videos/x.mp4"):
        assert parse_video_url(url).thumbnail is None


@pytest.mark.parametrize(
    ("url", "portrait"),
    [(SHORTS, True), (TIKTOK, True), (WATCH, False), (FB_PAGE, False)],
)
def test_portrait_players(url, portrait):
    assert parse_video_url(url).portrait is portrait


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("90", 90),
        ("90s", 90),
        ("1m30s", 90),
        ("1m", 60),
        ("1h2m3s", 3723),
        ("2h", 7200),
        ("", 0),
        (None, 0),
        ("abc", 0),
        ("-5", 0),
        ("1m30x", 0),
    ],
)
def test_parse_start(value, seconds):
    assert parse_start(value) == seconds


@pytest.mark.parametrize(
    ("url", "start"),
    [
        (f"https://www.youtube.com/watch?v={YT}&t=90", 90),
        (f"https://www.youtube.com/watch?v={YT}&t=90s", 90),
        (f"https://youtu.be/{YT}?t=1m30s", 90),
        (f"https://youtu.be/{YT}?si=x&t=1h2m3s", 3723),
        (f"https://www.youtube.com/embed/{YT}?start=42", 42),
        (f"https://www.youtube.com/watch?v={YT}#t=15", 15),
        (f"https://www.youtube.com/watch?v={YT}&t=nonsense", 0),
    ],
)
def test_youtube_start_time(url, start):
    video = parse_video_url(url)
    assert video.start == start
    if start:
        assert video.embed_url == f"{NOCOOKIE}&start={start}"
        assert video.url == f"{WATCH}&t={start}s"
    else:
        assert video.embed_url == NOCOOKIE
        assert video.url == WATCH


def test_vimeo_start_time():
    video = parse_video_url("https://vimeo.com/76979871#t=1m5s")
    assert video.start == 65
    assert video.embed_url == "https://player.vimeo.com/video/76979871?autoplay=1#t=65s"


HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    f"javascript://youtu.be/{YT}",
    f"javascript:alert(1)//https://youtu.be/{YT}",
    "data:text/html,<script>alert(1)</script>",
    f"data:text/html;base64,{YT}",
    f"ftp://youtu.be/{YT}",
    f"//youtu.be/{YT}",
    f"youtu.be/{YT}",
    f"https://youtube.com.evil.org/watch?v={YT}",
    f"https://www.youtube.com.evil.org/watch?v={YT}",
    f"https://evil.org/youtube.com/watch?v={YT}",
    f"https://evil.org/?next=https://youtu.be/{YT}",
    f"https://notyoutube.com/watch?v={YT}",
    f"https://evilyoutu.be/{YT}",
    f"https://youtube.com./watch?v={YT}",
    f"https://youtube.com@evil.org/watch?v={YT}",
    f"https://evil.org@youtube.com/watch?v={YT}",
    f"https://youtube.com:8080/watch?v={YT}",
    f"https://www.youtube.com\\@evil.org/watch?v={YT}",
    f'https://www.youtube.com/watch?v={YT[:10]}"',
    f'https://www.youtube.com/watch?v={YT}"onmouseover="alert(1)',
    f"https://youtu.be/{YT[:9]}<a",
    f"https://youtu.be/{YT}'><script>",
    "https://www.youtube.com/watch?v=%22onload%3Dx%3E",
    f"https://www.youtube.com/watch?v={YT}Q",
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/watch?list=PL1",
    f"https://www.youtube.com/shorts/{YT}/extra",
    f"https://www.youtube.com/user/{YT}",
    f"https://www.youtube-nocookie.com/shorts/{YT}",
    f"https://www.youtube.com/watch?v={YT}\nhttps://evil.org",
    f"https://www.youtube.com/watch?v={YT} onclick=alert(1)",
    "https://fb.watch.evil.org/abc/",
    "https://evilfacebook.com/page/videos/123/",
    "https://www.facebook.com.evil.org/page/videos/123/",
    "https://www.facebook.com/page/videos/abc/",
    "https://www.facebook.com/page/posts/123/",
    "https://www.facebook.com/watch/?v=12a3",
    "https://www.facebook.com/watch/?v=%3Cb%3E",
    "https://vimeo.com/abc",
    "https://vimeo.com.evil.org/123",
    "https://player.vimeo.com/123",
    "https://www.tiktok.com/@u/video/12a",
    'https://www.tiktok.com/@u"x/video/123',
    "https://tiktok.com.evil.org/@u/video/1",
    "https://www.tiK\u212atok.com/@u/video/1",  # Kelvin sign folds to "k"
    "https://www.youtube.com/watch?v=\uff44Qw4w9WgXcQ",  # fullwidth "d"
    "videos/../secret.mp4",
    "videos/.hidden.mp4",
    "../videos/x.mp4",
    "/videos/x.mp4",
    "/etc/videos/x.mp4",
    "file:///videos/x.mp4",
    "videos/x.mp4.exe",
    "videos/x.avi",
    "videos/x y.mp4",
    'videos/x".mp4',
    "{filename}/videos/x.mp4",
    "https://example.com/x.mp4",
    "",
    "   ",
    None,
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_or_unknown_urls_are_refused(url):
    assert parse_video_url(url) is None


# Rendering


def render(text, **config):
    md = markdown.Markdown(
        extensions=[VideoEmbedExtension(**config)], output_format="html5"
    )
    return md.convert(text)


def parse(html):
    """The fragment's top-level elements."""
    return lxml.html.fragments_fromstring(html)


def figure_of(text, **config):
    elements = parse(render(text, **config))
    assert len(elements) == 1, elements
    figure = elements[0]
    assert figure.tag == "figure"
    return figure


def test_youtube_markup_works_without_javascript():
    figure = figure_of(f"https://youtu.be/{YT}")
    assert figure.get("class") == "video-embed"
    assert figure.get("data-provider") == "youtube"
    assert figure.get("data-embed") == NOCOOKIE
    assert figure.get("data-aspect") is None
    (link,) = figure
    assert (link.tag, link.get("class"), link.get("href")) == ("a", "video-link", WATCH)
    assert not figure.xpath(".//iframe | .//img | .//script")
    (label,) = link.xpath("span[@class='video-play']")
    assert label.text == "Play video"


@pytest.mark.parametrize(("url", "provider", "video_id", "link", "embed"), FORMS)
def test_every_form_renders_an_embed(url, provider, video_id, link, embed):
    figure = figure_of(url)
    assert figure.get("data-provider") == provider
    assert not figure.xpath(".//iframe | .//img")
    if provider != "file":
        assert figure.get("data-embed") == embed
        assert figure.xpath("a[@class='video-link']/@href") == [link]


@pytest.mark.parametrize("url", [SHORTS, TIKTOK])
def test_portrait_markup(url):
    assert figure_of(url).get("data-aspect") == "portrait"


def test_autolink_brackets_and_whitespace():
    for text in (f"<https://youtu.be/{YT}>", f"   https://youtu.be/{YT}   "):
        assert figure_of(text).get("data-provider") == "youtube"


def test_remote_thumbnail_only_when_allowed():
    figure = figure_of(f"https://youtu.be/{YT}", remote_thumbnails=True)
    (image,) = figure.xpath("a[@class='video-link']/img")
    assert image.get("src") == f"https://i.ytimg.com/vi/{YT}/hqdefault.jpg"
    assert image.get("alt") == "Video"
    assert image.get("loading") == "lazy"
    assert (image.get("width"), image.get("height")) == ("480", "360")
    # Providers without a thumbnail get none, whatever the setting.
    assert not figure_of(TIKTOK, remote_thumbnails=True).xpath(".//img")


def test_play_label_is_configurable_and_escaped():
    label = '<script>alert("x")</script> & *Phát* video'
    figure = figure_of(f"https://youtu.be/{YT}", play_label=label)
    assert figure.xpath("string(.//span[@class='video-play'])") == label
    assert not figure.xpath(".//script | .//em")


def test_attributes_are_escaped():
    html = render(f"https://www.youtube.com/watch?v={YT}&t=90")
    assert f'data-embed="{NOCOOKIE}&amp;start=90"' in html
    assert f'href="{WATCH}&amp;t=90s"' in html
    figure = figure_of(FB_WATCH)
    assert figure.get("data-embed") == fb_embed(FB_WATCH)


def test_file_markup():
    figure = figure_of("videos/cau-chuyen.mp4")
    assert figure.get("class") == "video-embed"
    assert figure.get("data-provider") == "file"
    assert figure.get("data-embed") is None
    (video,) = figure
    assert video.tag == "video"
    assert video.get("controls") is not None
    assert video.get("preload") == "none"
    assert video.get("poster") is None
    # In <source>: Pelican resolves one {static} link per tag, poster takes it.
    (source,) = video.xpath("source")
    assert source.get("src") == "{static}/videos/cau-chuyen.mp4"
    assert source.get("type") == "video/mp4"
    # libxml2 does not know <source> is void, hence .// rather than a/.
    assert video.xpath(".//a/@href") == ["{static}/videos/cau-chuyen.mp4"]
    assert "<video controls " in render("videos/cau-chuyen.mp4")


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("videos/a.mp4", "video/mp4"),
        ("videos/a.m4v", "video/mp4"),
        ("videos/a.webm", "video/webm"),
        ("videos/a.OGV", "video/ogg"),
    ],
)
def test_file_media_type(path, media_type):
    assert figure_of(path).xpath("video/source/@type") == [media_type]


def test_file_poster_beside_the_video(tmp_path):
    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "cau-chuyen.jpg").write_bytes(b"jpeg")
    figure = figure_of("{static}/videos/cau-chuyen.mp4", content_path=str(tmp_path))
    assert figure.xpath("video/@poster") == ["{static}/videos/cau-chuyen.jpg"]
    assert not figure_of("videos/other.mp4", content_path=str(tmp_path)).xpath(
        "video/@poster"
    )


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/watch?v=abc",
        f"https://youtube.com.evil.org/watch?v={YT}",
        "javascript:alert(1)",
        "videos/../x.mp4",
    ],
)
def test_unknown_url_stays_a_plain_paragraph(text):
    (paragraph,) = parse(render(text))
    assert paragraph.tag == "p"
    assert paragraph.text_content() == text
    assert not paragraph.xpath(".//figure | .//iframe | .//video")


def test_unknown_autolink_stays_a_link():
    (paragraph,) = parse(render("<https://example.com/video/1>"))
    assert paragraph.tag == "p"
    assert paragraph.xpath("a/@href") == ["https://example.com/video/1"]


@pytest.mark.parametrize(
    "text",
    [
        f"Xem video: https://youtu.be/{YT}",
        f"https://youtu.be/{YT} (video)",
        f"https://youtu.be/{YT}\nXem thêm trên kênh.",
        f"https://youtu.be/{YT} https://youtu.be/{YT}",
        f"[Xem video](https://youtu.be/{YT})",
    ],
)
def test_url_with_other_text_is_untouched(text):
    html = render(text)
    assert html == markdown.markdown(text, output_format="html5")
    assert "video-embed" not in html


def test_only_the_url_paragraph_changes():
    text = f"Mở đầu.\n\nhttps://youtu.be/{YT}\n\nKết thúc."
    tags = [element.tag for element in parse(render(text))]
    assert tags == ["p", "figure", "p"]


def test_list_items_stay_links():
    html = render(f"- https://youtu.be/{YT}\n- https://vimeo.com/1")
    assert "video-embed" not in html


def test_unknown_config_keys_fail_loudly():
    with pytest.raises(KeyError):
        VideoEmbedExtension(remote_thumbnail=True)


def test_make_extension_passes_config():
    extension = makeExtension(play_label="Xem video")
    assert extension.getConfig("play_label") == "Xem video"
    assert extension.getConfig("remote_thumbnails") is False


def test_one_extension_instance_serves_many_documents():
    md = markdown.Markdown(extensions=[VideoEmbedExtension()])
    first = md.convert(f"https://youtu.be/{YT}")
    md.reset()
    assert md.convert("Chữ thường.") == "<p>Chữ thường.</p>"
    assert md.reset().convert(f"https://youtu.be/{YT}") == first


# Pelican wiring


def fake_pelican(**settings):
    return SimpleNamespace(settings={"PATH": "/content", **settings})


def extensions_of(pelican):
    return [
        e
        for e in pelican.settings["MARKDOWN"]["extensions"]
        if isinstance(e, VideoEmbedExtension)
    ]


def test_initialized_adds_the_extension_once():
    original = {"extension_configs": {"markdown.extensions.extra": {}}}
    pelican = fake_pelican(MARKDOWN=original)
    add_extension(pelican)
    add_extension(pelican)
    (extension,) = extensions_of(pelican)
    assert extension.getConfig("remote_thumbnails") is False
    assert extension.getConfig("content_path") == "/content"
    assert (
        pelican.settings["MARKDOWN"]["extension_configs"]
        == original["extension_configs"]
    )
    assert "extensions" not in original  # the settings' dict is not mutated


def test_initialized_keeps_existing_extensions():
    pelican = fake_pelican(MARKDOWN={"extensions": ["markdown.extensions.toc"]})
    add_extension(pelican)
    assert pelican.settings["MARKDOWN"]["extensions"][0] == "markdown.extensions.toc"
    assert len(extensions_of(pelican)) == 1


def test_initialized_creates_missing_markdown_settings():
    pelican = fake_pelican(
        VIDEO_EMBEDS_PLAY_LABEL="Xem video", VIDEO_EMBEDS_REMOTE_THUMBNAILS=True
    )
    add_extension(pelican)
    (extension,) = extensions_of(pelican)
    assert extension.getConfig("play_label") == "Xem video"
    assert extension.getConfig("remote_thumbnails") is True


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"VIDEO_EMBEDS_REMOTE_THUMBNAIL": True}, "VIDEO_EMBEDS_REMOTE_THUMBNAIL"),
        ({"VIDEO_EMBEDS_REMOTE_THUMBNAILS": "yes"}, "VIDEO_EMBEDS_REMOTE_THUMBNAILS"),
        ({"VIDEO_EMBEDS_PLAY_LABEL": ""}, "VIDEO_EMBEDS_PLAY_LABEL"),
    ],
)
def test_bad_settings_fail_with_their_name(settings, message):
    with pytest.raises(ValueError, match=message):
        add_extension(fake_pelican(**settings))


def test_real_build(tmp_path):
    """The plugin in a Pelican run: embeds in the page, {static} resolved."""
    plugins = list(get_settings()["PLUGINS"])
    plugins.insert(plugins.index("atomic_output"), "video_embeds")
    body = f"""
        Mở đầu bài viết.

        https://youtu.be/{YT}

        videos/cau-chuyen.mp4

        https://example.com/khong-phai-video
        """
    files = {
        "news/video.vi.md": article("Video", Slug="video", body=body),
        "videos/cau-chuyen.mp4": b"\x00\x00\x00\x18ftypmp42",
        "videos/cau-chuyen.jpg": b"\xff\xd8\xff\xe0",
    }
    output = build_site(tmp_path, files, PLUGINS=plugins)
    page = lxml.html.parse(str(output / "video.html")).getroot()
    youtube, local = page.xpath("//figure[contains(@class, 'video-embed')]")
    assert youtube.get("data-provider") == "youtube"
    assert youtube.xpath("a/@href") == [WATCH]
    assert not page.xpath("//iframe")
    (video,) = local.xpath("video")
    assert video.xpath("source/@src") == [f"{SITEURL}/videos/cau-chuyen.mp4"]
    assert video.get("poster") == f"{SITEURL}/videos/cau-chuyen.jpg"
    assert "{static}" not in lxml.html.tostring(page, encoding="unicode")
    assert (output / "videos" / "cau-chuyen.mp4").exists()
    assert page.xpath("//p[. = 'https://example.com/khong-phai-video']")


def test_the_story_picture_is_the_poster(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "hoi-thao.jpg").write_bytes(b"jpg")
    md = markdown.Markdown(
        extensions=["meta", VideoEmbedExtension(content_path=str(tmp_path))]
    )
    html = md.convert(
        "Title: Tin\nImage: images/hoi-thao.jpg\n\nhttps://youtu.be/dQw4w9WgXcQ\n"
    )
    (img,) = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//img")
    assert img.get("src") == "{static}/images/hoi-thao.jpg"
    assert img.get("alt") == "" and img.get("loading") == "lazy"


def test_card_poster_goes_only_into_bare_facades():
    from video_embeds.posters import add_card_posters

    bare = (
        '<a class="video-link" href="https://youtu.be/x"><span class="video-play">Xem'
    )
    done = '<a class="video-link" href="https://youtu.be/y"><img src="a.jpg"><span'
    html = add_card_posters(bare + done, 'https://s.org/cards/vi/a"b.png')
    assert html.count("<img") == 2
    assert 'src="https://s.org/cards/vi/a&quot;b.png"' in html
