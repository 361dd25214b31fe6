"""Responsive images: derivatives, cache, markup, escaping and real builds."""

import io
import posixpath
import weakref
from urllib.parse import urlsplit

import lxml.html
import pytest
from images import derivatives as derivatives_module
from images.derivatives import (
    DerivativeCache,
    ImageError,
    make_derivatives,
    plan_widths,
    safe_stem,
)
from images.html import figcaption, picture, split_credit, to_html
from images.images import options
from images.rewrite import rewrite_images, site_path
from pelican import signals
from PIL import Image, ImageCms
from support import SITEURL, article, build_site, get_settings, snapshot

RED, BLUE = (220, 20, 20), (20, 20, 220)
ORIENTATION = 0x0112
MAKE = 0x010F
PAGE_SIZES = {480, 960, 1600}


def photo(width, height, fmt="JPEG", mode="RGB", orientation=None, **save):
    """A picture: left half red, right half blue, with some camera metadata."""
    image = Image.new(mode, (width, height), RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[MAKE] = "Loa Camera"
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    if fmt in ("JPEG", "WEBP", "PNG"):
        save.setdefault("exif", exif.tobytes())
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def srgb_icc():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def encodes(monkeypatch):
    """Counts every image encoded (by format) from now on."""
    counts = []
    encode = derivatives_module._encode

    def counting(image, fmt, *args):
        counts.append(fmt)
        return encode(image, fmt, *args)

    monkeypatch.setattr(derivatives_module, "_encode", counting)
    return counts


@pytest.fixture(autouse=True)
def unplug_images():
    """Until `images` is in PLUGINS, later builds in this process must not
    inherit its receivers (blinker signals are process-wide)."""
    yield
    for signal in (
        signals.initialized,
        signals.generator_init,
        signals.content_written,
    ):
        for ref in list(signal.receivers.values()):
            receiver = ref() if isinstance(ref, weakref.ref) else ref
            if getattr(receiver, "__module__", "").startswith("images."):
                signal.disconnect(receiver)


# -- derivatives ---------------------------------------------------------------


def test_widths_and_formats_without_metadata(tmp_path):
    source = write(
        tmp_path,
        "photo.jpg",
        photo(2000, 1000, icc_profile=srgb_icc(), comment=b"Nikon D850 #123"),
    )
    made = make_derivatives(source, tmp_path / "cache")
    assert sorted((d.format, d.width, d.height) for d in made) == [
        ("jpeg", 480, 240),
        ("jpeg", 960, 480),
        ("jpeg", 1600, 800),
        ("webp", 480, 240),
        ("webp", 960, 480),
        ("webp", 1600, 800),
    ]
    for derivative in made:
        path = tmp_path / "cache" / derivative.relative_name
        assert path.stat().st_size == derivative.size
        with Image.open(path) as image:
            assert image.format == derivative.format.upper()
            assert image.size == (derivative.width, derivative.height)
            assert not image.getexif()
            for key in ("exif", "icc_profile", "comment", "xmp"):
                assert key not in image.info
    jpeg = next(d for d in made if d.format == "jpeg" and d.width == 480)
    with Image.open(tmp_path / "cache" / jpeg.relative_name) as image:
        assert image.info.get("progressive")


def test_exif_orientation_is_applied(tmp_path):
    # Orientation 6: the camera was turned a quarter to the right, so the
    # stored left edge (red) is the top of the picture as taken.
    source = write(tmp_path, "turned.jpg", photo(400, 200, orientation=6))
    made = make_derivatives(source, tmp_path / "cache", widths=(100,))
    for derivative in made:
        with Image.open(tmp_path / "cache" / derivative.relative_name) as image:
            assert image.size == (100, 200)
            assert ORIENTATION not in image.getexif()
            rgb = image.convert("RGB")
            top, bottom = rgb.getpixel((50, 10)), rgb.getpixel((50, 190))
            assert top[0] > 150 > top[2], top
            assert bottom[2] > 150 > bottom[0], bottom


def test_never_upscaled_and_alpha_kept(tmp_path):
    image = Image.new("RGBA", (300, 200), (0, 128, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 150, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    source = write(tmp_path, "logo.png", buffer.getvalue())
    made = make_derivatives(source, tmp_path / "cache")
    assert sorted((d.format, d.width) for d in made) == [("png", 300), ("webp", 300)]
    for derivative in made:
        with Image.open(tmp_path / "cache" / derivative.relative_name) as out:
            assert out.mode == "RGBA"
            assert out.getpixel((250, 100))[3] == 0


def test_original_width_replaces_widths_it_is_too_narrow_for():
    assert plan_widths(1200, (480, 960, 1600)) == [480, 960, 1200]
    assert plan_widths(3000, (1600, 480, 960)) == [480, 960, 1600]
    assert plan_widths(300, (480, 960, 1600)) == [300]
    assert plan_widths(960, (480, 960, 1600)) == [480, 960]


def test_file_names_are_ascii():
    assert safe_stem("content/images/Hội thảo Đoàn.JPG") == "hoi-thao-doan"
    assert safe_stem("ภาพ.jpg") == "image"


def test_cache_skips_unchanged_pictures(tmp_path, encodes):
    source = write(tmp_path, "photo.jpg", photo(1000, 500))
    first = DerivativeCache(tmp_path / "cache").get(source)
    assert len(encodes) == 6
    cache = DerivativeCache(tmp_path / "cache")
    assert cache.get(source) == first
    assert (cache.hits, len(encodes)) == (1, 6)
    # Another quality, or other bytes, is another picture.
    DerivativeCache(tmp_path / "cache", webp_quality=60).get(source)
    assert len(encodes) == 12
    source.write_bytes(photo(1000, 400))
    DerivativeCache(tmp_path / "cache").get(source)
    assert len(encodes) == 18
    # A missing file in the cache is made again, not served broken.
    (tmp_path / "cache" / first[0].relative_name).unlink()
    source.write_bytes(photo(1000, 500))
    assert DerivativeCache(tmp_path / "cache").get(source) == first
    assert len(encodes) == 24


def test_unreadable_and_animated_pictures(tmp_path):
    broken = write(tmp_path, "broken.jpg", b"not a picture")
    with pytest.raises(ImageError, match="broken.jpg"):
        make_derivatives(broken, tmp_path / "cache")
    frames = [Image.new("RGB", (50, 50), c) for c in (RED, BLUE)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    animated = write(tmp_path, "anim.gif", buffer.getvalue())
    assert make_derivatives(animated, tmp_path / "cache") == []


# -- markup -------------------------------------------------------------------


def sample_derivatives(tmp_path):
    return make_derivatives(write(tmp_path, "a.jpg", photo(2000, 1000)), tmp_path)


def parse(markup):
    # libxml2 parses HTML4, where <source> is not void: the <img> after it
    # lands inside it. Hence `picture//img` below.
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def img_of(element):
    (img,) = parse(to_html(element)).xpath("//img")
    return img


def test_picture_markup(tmp_path):
    made = sample_derivatives(tmp_path)
    root = parse(to_html(picture(made, lambda d: f"/x/{d.width}.{d.format}", "A")))
    (source,) = root.xpath("//picture//source")
    (img,) = root.xpath("//picture//img")
    assert source.get("type") == "image/webp"
    assert (
        source.get("srcset") == "/x/480.webp 480w, /x/960.webp 960w, /x/1600.webp 1600w"
    )
    assert img.get("srcset") == "/x/480.jpeg 480w, /x/960.jpeg 960w, /x/1600.jpeg 1600w"
    assert img.get("src") == "/x/960.jpeg"
    assert (img.get("width"), img.get("height")) == ("960", "480")
    assert img.get("sizes") == source.get("sizes") == "(max-width: 46rem) 100vw, 46rem"
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
    assert "</source>" not in to_html(picture(made, str, "A"))


def test_eager_picture_is_fetched_first(tmp_path):
    made = sample_derivatives(tmp_path)
    img = img_of(picture(made, str, "A", lazy=False, priority=True))
    assert img.get("loading") is None
    assert img.get("fetchpriority") == "high"


def test_alt_text_is_escaped(tmp_path):
    made = sample_derivatives(tmp_path)
    alt = 'Say "hi" & <script>alert(1)</script> \x00'
    markup = to_html(picture(made, str, alt))
    assert "<script" not in markup
    root = parse(markup)
    assert root.xpath("//img/@alt") == ['Say "hi" & <script>alert(1)</script> ']
    assert not root.xpath("//script")


def test_authors_attributes_are_kept(tmp_path):
    made = sample_derivatives(tmp_path)
    attributes = {"src": "x.jpg", "class": "wide", "title": "T", "loading": "eager"}
    img = img_of(picture(made, str, "A", attributes=attributes))
    assert (img.get("class"), img.get("title")) == ("wide", "T")
    assert img.get("loading") == "eager"


@pytest.mark.parametrize(
    "caption, text, credit",
    [
        ("Toàn cảnh hội thảo. Ảnh: CĐLA", "Toàn cảnh hội thảo.", "Ảnh: CĐLA"),
        (
            "Hội thảo (ảnh minh họa). Đồ họa: Loa",
            "Hội thảo (ảnh minh họa).",
            "Đồ họa: Loa",
        ),
        ("Workers at the gate (Photo: ILO)", "Workers at the gate", "(Photo: ILO)"),
        ("บรรยากาศการประชุม ภาพ: สหภาพ", "บรรยากาศการประชุม", "ภาพ: สหภาพ"),
        ("No credit here", "No credit here", ""),
        ("Ảnh: CĐLA", "", "Ảnh: CĐLA"),
    ],
)
def test_caption_credit(caption, text, credit):
    assert split_credit(caption) == (text, credit)


def test_figcaption_escapes_and_marks_credit():
    root = parse(to_html(figcaption('<b>"Tết"</b> & quà. Ảnh: A&B')))
    (element,) = root.xpath("//figcaption")
    assert element.text == '<b>"Tết"</b> & quà. '
    assert element.xpath("span[@class='credit']/text()") == ["Ảnh: A&B"]
    assert not root.xpath("//b")


# -- finding and replacing <img> in a page --------------------------------------


@pytest.mark.parametrize(
    "src, siteurl, page, expected",
    [
        ("https://s.org/images/a.jpg", "https://s.org", "th/x.html", "images/a.jpg"),
        (
            "https://s.org/sub/images/a.jpg",
            "https://s.org/sub",
            "x.html",
            "images/a.jpg",
        ),
        ("https://other.org/images/a.jpg", "https://s.org", "x.html", None),
        ("../images/a%20b.jpg", "..", "th/x.html", "images/a b.jpg"),
        ("./images/a.jpg", ".", "x.html", "images/a.jpg"),
        ("/images/a.jpg", "", "th/x.html", "images/a.jpg"),
        ("/images/a.jpg", "https://s.org/sub", "x.html", None),
        ("../../etc/passwd", "..", "th/x.html", None),
    ],
)
def test_site_path(src, siteurl, page, expected):
    assert site_path(src, siteurl, page) == expected


def test_rewrite_keeps_the_rest_of_the_page():
    page = (
        "<p>a &nbsp; <img alt=x src=first.jpg></p>\n"
        "<!-- <img src=comment.jpg> -->"
        '<script type="application/ld+json">{"a": "<img src=s.jpg>"}</script>'
        '<img src="logo.svg"><IMG SRC="second.jpg" alt="&quot;q&quot;">'
        '<img src="third.jpg" srcset="third.jpg 1x">'
    )
    calls = []

    def render(attributes, eager):
        if attributes["src"].endswith(".svg"):
            return None
        calls.append((attributes["src"], attributes.get("alt"), eager))
        return "[P]"

    result = rewrite_images(page, render)
    assert calls == [("first.jpg", "x", True), ("second.jpg", '"q"', False)]
    assert result == page.replace("<img alt=x src=first.jpg>", "[P]").replace(
        '<IMG SRC="second.jpg" alt="&quot;q&quot;">', "[P]"
    )


def test_a_picture_first_makes_every_image_lazy():
    calls = []
    rewrite_images(
        "<picture><img srcset='a 1w'></picture><img src=b.jpg>",
        lambda attributes, eager: calls.append(eager),
    )
    assert calls == [False]


# -- settings -----------------------------------------------------------------


def test_settings_defaults():
    assert options({})["IMAGES_WIDTHS"] == (480, 960, 1600)


@pytest.mark.parametrize(
    "settings, key",
    [
        ({"IMAGES_WIDHTS": (480,)}, "IMAGES_WIDHTS"),
        ({"IMAGES_WIDTHS": []}, "IMAGES_WIDTHS"),
        ({"IMAGES_WIDTHS": (480, "960")}, "IMAGES_WIDTHS"),
        ({"IMAGES_JPEG_QUALITY": 0}, "IMAGES_JPEG_QUALITY"),
        ({"IMAGES_WEBP_QUALITY": 75.5}, "IMAGES_WEBP_QUALITY"),
        ({"IMAGES_SIZES": ""}, "IMAGES_SIZES"),
    ],
)
def test_bad_settings_name_the_key(settings, key):
    with pytest.raises(ValueError, match=key):
        options(settings)


def test_unknown_setting_fails_the_build(tmp_path):
    with pytest.raises(ValueError, match="IMAGES_QUALITY"):
        build_site(tmp_path, {"a.md": article()}, **with_images(IMAGES_QUALITY=80))


# -- real builds --------------------------------------------------------------


def with_images(**settings):
    """Overrides for build_site: the project's plugins plus `images`."""
    plugins = [p for p in get_settings()["PLUGINS"] if p != "images"]
    plugins.insert(plugins.index("atomic_output"), "images")
    return {"PLUGINS": plugins, **settings}


# The article template's featured image as the theme will call it.
WIRED_ARTICLE = """<!doctype html>
<html lang="{{ article.lang }}"><head><title>{{ article.title }}</title></head>
<body><article>
{% if article.image %}<figure class="featured">
{{ responsive_image(article.image,
                    article.image_caption or article.title, eager=True) }}
{{ image_caption(article.image_caption) }}
</figure>{% endif %}
<div class="story-body">{{ article.content|safe }}</div>
</article></body></html>
"""


def site_files():
    body = """
        Đoạn đầu.

        ![Ảnh "một" <b>đậm</b>]({static}/images/mot.jpg)

        Đoạn hai.

        ![Ảnh hai]({static}/images/hai.png)
    """
    return {
        "images/mot.jpg": photo(2000, 1000),
        "images/hai.png": photo(800, 600, fmt="PNG"),
        "images/dau.jpg": photo(1200, 800),
        "news/co-anh.vi.md": article(
            "Có ảnh đại diện",
            body=body,
            slug="co-anh",
            image="images/dau.jpg",
            image_caption='Lễ "khai mạc" <script>alert(1)</script>. Ảnh: CĐLA',
        ),
        "news/co-anh.th.md": article(
            "มีภาพ", body=body, slug="co-anh", lang="th", image="images/dau.jpg"
        ),
        "news/khong-anh.vi.md": article("Không ảnh đại diện", body=body),
    }


def pictures(output, page):
    return lxml.html.parse(str(output / page)).xpath("//picture")


def urls_of(picture_element):
    urls = [picture_element.xpath(".//img/@src")[0]]
    for srcset in picture_element.xpath(".//*/@srcset"):
        urls += [part.split()[0] for part in srcset.split(",")]
    return urls


def assert_served(output, page, url, siteurl):
    """`url`, as written on `page`, names a file in `output`."""
    if urlsplit(url).scheme:
        assert url.startswith(siteurl + "/images/derived/"), url
        path = url[len(siteurl) + 1 :]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), url))
    assert (output / path).is_file(), (page, url)


def test_build_with_project_theme(tmp_path):
    output = build_site(tmp_path, site_files(), **with_images())
    featured, first, second = pictures(output, "co-anh.html")
    # The featured picture is first on the page; body pictures load lazily.
    assert featured.xpath(".//img/@loading") == []
    assert first.xpath(".//img/@loading") == second.xpath(".//img/@loading") == ["lazy"]
    widths = {
        int(s.split()[1][:-1]) for s in first.xpath(".//source/@srcset")[0].split(",")
    }
    assert widths == PAGE_SIZES
    (img,) = first.xpath(".//img")
    assert (img.get("width"), img.get("height")) == ("960", "480")
    # Markdown keeps inline HTML in alt text as text: so do we.
    assert img.get("alt") == 'Ảnh "một" <b>đậm</b>'
    assert not first.xpath(".//b")
    assert second.xpath(".//img/@srcset")[0].endswith("800w")  # never upscaled
    for element in (featured, first, second):
        for url in urls_of(element):
            assert_served(output, "co-anh.html", url, SITEURL)
    # Without a featured image, the first body picture is the one on screen.
    first, second = pictures(output, "khong-anh-dai-dien.html")
    assert first.xpath(".//img/@loading") == []
    assert second.xpath(".//img/@loading") == ["lazy"]
    # Originals stay where {static} links put them (feeds link them).
    assert (output / "images" / "mot.jpg").is_file()


def test_featured_image_global_and_caption(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "article.html").write_text(WIRED_ARTICLE, encoding="utf-8")
    output = build_site(
        tmp_path,
        site_files(),
        **with_images(THEME_TEMPLATES_OVERRIDES=[str(templates)]),
    )
    html = (output / "co-anh.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    doc = lxml.html.fromstring(html)
    (img,) = doc.xpath("//figure[@class='featured']/picture//img")
    assert img.get("alt") == 'Lễ "khai mạc" <script>alert(1)</script>. Ảnh: CĐLA'
    assert img.get("loading") is None and img.get("fetchpriority") == "high"
    assert (img.get("width"), img.get("height")) == ("960", "640")
    assert doc.xpath("//figcaption/span[@class='credit']/text()") == ["Ảnh: CĐLA"]
    assert not doc.xpath("//script")
    lazy = doc.xpath("//div[@class='story-body']//img/@loading")
    assert lazy == ["lazy", "lazy"]


def test_relative_urls_from_every_language(tmp_path):
    output = build_site(
        tmp_path,
        site_files(),
        **with_images(
            SITEURL="", FEED_DOMAIN="http://127.0.0.1:8000", RELATIVE_URLS=True
        ),
    )
    for page in ("co-anh.html", "th/co-anh.html"):
        found = pictures(output, page)
        assert len(found) == 3
        for element in found:
            for url in urls_of(element):
                assert not urlsplit(url).scheme
                assert_served(output, page, url, "")


def test_second_build_reuses_the_cache(tmp_path, encodes):
    files = site_files()
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "one", files, **with_images(CACHE_PATH=cache))
    assert len(encodes) == 16  # (3 + 2 + 3 widths) x (original format, WebP)
    encodes.clear()
    second = build_site(tmp_path / "two", files, **with_images(CACHE_PATH=cache))
    assert encodes == []
    derived = snapshot(first / "images" / "derived")
    assert len(derived) == 16
    assert derived == snapshot(second / "images" / "derived")
    assert (first / "co-anh.html").read_bytes() == (second / "co-anh.html").read_bytes()


def test_unreadable_picture_is_kept_with_a_warning(tmp_path, caplog):
    files = {
        "images/hong.jpg": b"not a jpeg",
        "news/a.md": article(body="![x]({static}/images/hong.jpg)"),
    }
    output = build_site(tmp_path, files, **with_images())
    assert lxml.html.parse(str(output / "tin.html")).xpath("//img/@src") == [
        f"{SITEURL}/images/hong.jpg"
    ]
    (warning,) = [r for r in caplog.records if "hong.jpg" in r.getMessage()]
    assert warning.levelname == "WARNING"
    assert "not a picture that can be read" in warning.getMessage()


def test_published_originals_lose_their_camera_data(tmp_path):
    from PIL import Image

    photo = Image.new("RGB", (40, 20), "red")
    exif = photo.getexif()
    exif[0x0112] = 6  # rotated: stored landscape, shown portrait
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif)
    files = {
        "images/gps.jpg": buffer.getvalue(),
        "news/a.md": article("Tin", Slug="a", Image="images/gps.jpg"),
    }
    site = build_site(tmp_path, files)
    with Image.open(site / "images" / "gps.jpg") as published:
        assert not published.getexif()
        assert published.size == (20, 40)
