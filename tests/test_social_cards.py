"""Social cards: size, Thai and Vietnamese glyphs, wrapping, cache, real build."""

import shutil
import unicodedata
from types import SimpleNamespace

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, features
from social_cards import cards
from social_cards.cards import (
    BRAND_RED,
    HEIGHT,
    MARGIN,
    TITLE_BOX,
    WIDTH,
    CardFonts,
    TextStyle,
    is_mark,
    layout_title,
    wrap,
)
from social_cards.social_cards import (
    Card,
    CardCache,
    SocialCardsGenerator,
    check_settings,
)
from support import ROOT, article, build_site, get_settings

FONTS = ROOT / "theme" / "fonts"
THAI = "สหภาพแรงงานจังหวัดลาวกายมอบของขวัญเทศกาลเต๊ด"
THAI_SPACED = "ผู้ใช้แรงงาน ร่วมใจ"
THAI_MARKS = "ที่นี่ ปี่ ฟื้น ป้ำ ศักดิ์สิทธิ์ เกี่ยวข้อง"
VIETNAMESE = "Lễ khởi động Tháng Công nhân ở Đồng Nai – Ưu đãi"
LONG_VI = " ".join([VIETNAMESE] * 6)
LONG_TH = THAI * 6
ENGINES = [ImageFont.Layout.BASIC] + (
    [ImageFont.Layout.RAQM] if features.check("raqm") else []
)


@pytest.fixture(scope="module", params=ENGINES, ids=lambda e: e.name.lower())
def fonts(request):
    return CardFonts(str(FONTS), request.param)


def draw_card(title, site_name, lang, fonts):
    """The card as the RGB picture a reader sees."""
    return cards.draw_card(title, site_name, lang, fonts).convert("RGB")


def changed_pixels(a, b, box=TITLE_BOX):
    diff = ImageChops.difference(a.crop(box), b.crop(box)).convert("L")
    return diff.point(lambda value: 255 if value > 32 else 0).histogram()[255]


def test_card_is_1200_by_630_in_steps_from_red_to_white(fonts):
    card = cards.draw_card(VIETNAMESE, "Bản tin Công đoàn", "vi", fonts)
    assert card.size == (WIDTH, HEIGHT) == (1200, 630)
    assert card.mode == "P"
    colours = [rgb for _, rgb in card.convert("RGB").getcolors()]
    assert BRAND_RED in colours and cards.WHITE in colours
    assert len(colours) <= cards.PALETTE_STEPS
    # Every colour is on the line from red to white (anti-aliased edges).
    for colour in colours:
        t = (colour[1] - BRAND_RED[1]) / (255 - BRAND_RED[1])
        for channel, red in zip(colour, BRAND_RED, strict=True):
            assert abs(channel - (red + (255 - red) * t)) <= 1


def test_fonts_dir_may_be_a_path():
    assert draw_card("Tin", "Loa", "vi", str(FONTS)).size == (1200, 630)


@pytest.mark.parametrize("title", [THAI, THAI_SPACED, THAI_MARKS])
def test_thai_title_draws_glyphs(fonts, title):
    blank = draw_card("", "ข่าวสหภาพแรงงาน", "th", fonts)
    card = draw_card(title, "ข่าวสหภาพแรงงาน", "th", fonts)
    assert changed_pixels(card, blank) > 5000


def test_thai_is_drawn_with_the_thai_font(fonts, tmp_path):
    # A fonts folder whose "Thai" font is Noto Sans: Thai becomes .notdef boxes.
    latin_only = tmp_path / "fonts"
    latin_only.mkdir()
    for name in cards.FONT_FILES.values():
        shutil.copy(FONTS / "NotoSans-Bold.ttf", latin_only / name)
    boxes = draw_card(THAI, "", "th", CardFonts(str(latin_only), fonts.engine))
    card = draw_card(THAI, "", "th", fonts)
    assert changed_pixels(card, boxes) > 5000


def test_latin_font_lacks_thai_so_runs_must_switch():
    font = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 60)
    thai = ImageFont.truetype(str(FONTS / "NotoSansThai-Bold.ttf"), 60)
    assert mask(font, "ก") == mask(font, "ข")  # both .notdef
    assert mask(thai, "ก") != mask(thai, "ข")
    assert cards.runs("Lễ ผู้ใช้ 2024") == [
        ("latin", "Lễ "),
        ("thai", "ผู้ใช้ "),
        ("latin", "2024"),
    ]


def mask(font, text):
    image = Image.new("L", (200, 200))
    ImageDraw.Draw(image).text((20, 150), text, font=font, fill=255, anchor="ls")
    return image.tobytes()


def test_vietnamese_letters_are_in_the_latin_font():
    font = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 60)
    notdef = mask(font, "\U0010fffd")
    for letter in set(unicodedata.normalize("NFC", VIETNAMESE)) - {" "}:
        assert mask(font, letter) != notdef, letter


def test_vietnamese_title_renders_the_same_from_decomposed_text(fonts):
    site = "Bản tin Công đoàn"
    composed = draw_card(VIETNAMESE, site, "vi", fonts)
    decomposed = draw_card(unicodedata.normalize("NFD", VIETNAMESE), site, "vi", fonts)
    assert ImageChops.difference(composed, decomposed).getbbox() is None
    assert changed_pixels(composed, draw_card("", site, "vi", fonts)) > 5000


def ink_outside_title_box(image):
    """Whether anything but the background was drawn beside or under the title."""
    left, top, right, bottom = TITLE_BOX
    strips = [
        (0, top, MARGIN - 4, bottom),
        (right + 4, 0, WIDTH, cards.BAND_TOP),
        (0, bottom + 4, WIDTH, cards.BAND_TOP),
    ]
    red = Image.new("RGB", image.size, BRAND_RED)
    return any(
        ImageChops.difference(image.crop(s), red.crop(s)).getbbox() for s in strips
    )


@pytest.mark.parametrize(
    "title, lang",
    [
        (LONG_VI, "vi"),
        (LONG_TH, "th"),
        ("https://congdoan.example.org/" + "a" * 200, "en"),
    ],
    ids=["vietnamese", "thai", "one-long-word"],
)
def test_long_titles_stay_inside_the_card(fonts, title, lang):
    layout = layout_title(title, fonts, lang)
    width = TITLE_BOX[2] - TITLE_BOX[0]
    assert len(layout.lines) == cards.MAX_LINES
    assert layout.truncated and layout.lines[-1].endswith("…")
    assert layout.style.size == min(cards.TITLE_SIZES)
    assert all(layout.style.measure(line) <= width for line in layout.lines)
    assert not ink_outside_title_box(draw_card(title, "Loa", lang, fonts))


def test_short_titles_keep_the_largest_size(fonts):
    layout = layout_title("Tin ngắn", fonts, "vi")
    assert layout.lines == ["Tin ngắn"]
    assert layout.style.size == max(cards.TITLE_SIZES)


def test_long_site_name_is_cut_to_the_band(fonts):
    image = draw_card("Tin", "Công đoàn " * 30, "vi", fonts)
    strip = (WIDTH - MARGIN + 4, cards.BAND_TOP, WIDTH, HEIGHT)
    white = Image.new("RGB", image.size, cards.WHITE)
    assert ImageChops.difference(image.crop(strip), white.crop(strip)).getbbox() is None


def test_saved_card_is_a_small_png_of_the_same_pixels(fonts, tmp_path):
    card = cards.draw_card(THAI_MARKS, "ข่าวสหภาพแรงงาน", "th", fonts)
    cards.save_card(card, str(tmp_path / "card.png"))
    assert (tmp_path / "card.png").stat().st_size < 40_000
    with Image.open(tmp_path / "card.png") as saved:
        assert saved.format == "PNG" and saved.size == (1200, 630)
        rgb = saved.convert("RGB")
    assert rgb.getpixel((5, 5)) == BRAND_RED
    assert rgb.getpixel((5, HEIGHT - 5)) == cards.WHITE
    assert ImageChops.difference(card.convert("RGB"), rgb).getbbox() is None


@pytest.mark.skipif(not features.check("raqm"), reason="needs Raqm to compare")
@pytest.mark.parametrize(
    "text, lang",
    [
        (THAI_MARKS + " น้ำใจ ญู ฐุ", "th"),
        (VIETNAMESE, "vi"),
        ("AVATAR To Workers' Day: “Tây Ninh”", "en"),
    ],
)
def test_stamped_letters_match_pillow_shaping_the_whole_line(text, lang):
    """Letters are rasterized once and stamped at the pen positions shaping
    gives them: the line looks like Pillow drawing it whole (kerning, Thai
    marks stacked and moved, ำ split) but for single pixels at glyph edges."""
    fonts, size = CardFonts(str(FONTS)), 60
    style = TextStyle(fonts, size, lang)
    stamped = Image.new("L", (1600, 140))
    style.draw(stamped, (20, 100), text, 255)
    whole = Image.new("L", (1600, 140))
    draw, x = ImageDraw.Draw(whole), 20
    for script, run in cards.runs(text):
        draw.text(
            (x, 100),
            run,
            font=fonts.font(script, size),
            fill=255,
            anchor="ls",
            language=lang,
        )
        x += style.measure(run)
    differing = ImageChops.difference(stamped, whole).point(
        lambda value: 255 if value > 64 else 0
    )
    ink = whole.point(lambda value: 255 if value > 64 else 0)
    assert differing.histogram()[255] < 0.03 * ink.histogram()[255]


# Wrapping, with one code point as one unit of width.


THAI_TEXTS = [THAI, THAI_MARKS.replace(" ", ""), "น้ำใจ" * 5]


@pytest.mark.parametrize("text", THAI_TEXTS)
@pytest.mark.parametrize("width", range(1, 30))
def test_wrap_never_splits_a_thai_cluster(text, width):
    lines = wrap(text, len, width)
    assert "".join(lines) == text
    for line in lines:
        assert not is_mark(line[0]), lines
        assert line[-1] not in cards.THAI_LEADING_VOWELS, lines
        # Only a cluster wider than the line may overflow it.
        assert len(line) <= width or len(cards.grapheme_ends(line)) == 1


@pytest.mark.parametrize("text", THAI_TEXTS)
@pytest.mark.parametrize("width", range(5, 30))
def test_wrap_never_starts_a_line_with_a_following_vowel(text, width):
    # Narrower than a syllable, a line may have to; never when one fits.
    for line in wrap(text, len, width):
        assert line[0] not in cards.THAI_FOLLOWING, line


def test_wrap_keeps_combining_marks_with_their_letter():
    for line in wrap("ที่นี่ที่นี่ที่นี่", len, 2):
        assert line in ("ที่", "นี่"), line
    assert wrap("ปี่", len, 1) == ["ปี่"]


def test_wrap_prefers_spaces_in_thai():
    assert wrap(THAI_SPACED, len, len(THAI_SPACED) - 2) == ["ผู้ใช้แรงงาน", "ร่วมใจ"]


def test_wrap_keeps_leading_vowels_and_silent_letters():
    # เ is written before ต; ดิ์ is silent and ends the syllable ศักดิ์.
    assert wrap("เต๊ด", len, 1) == ["เต๊", "ด"]
    assert "ศักดิ์" in wrap("ศักดิ์สิทธิ์", len, 6)


def marked(text):
    """`text` with its breaks: "|" a syllable boundary, "·" any other."""
    out, last = "", 0
    for end, _, priority in cards.breaks(text):
        out += text[last:end] + ("|" if priority == cards.SYLLABLE else "·")
        last = end
    return out + text[last:]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A letter carrying its vowel or tone begins a syllable (ส่, กลา) ...
        ("ถึงส่วนกลาง", "ถึ·ง|ส่·ว·น|ก·ลา·ง"),
        # ... and so does a cluster (ปร) or a letter led by ห or อ (หมู่, อย่าง).
        ("การประชุมใหญ่", "กา·ร|ป·ระ|ชุ·ม|ให·ญ่"),
        ("บ้านอย่างหมู่", "บ้า·น|อ·ย่า·ง|ห·มู่"),
        # ์ keeps the silenced letters with their syllable.
        ("เดือนรณรงค์", "เดื·อ·น·ร·ณ·รงค์"),
        ("ศักดิ์สิทธิ์", "ศักดิ์|สิทธิ์"),
    ],
)
def test_thai_syllable_boundaries_are_preferred(text, expected):
    assert marked(text) == expected


def test_wrap_ends_lines_at_syllables_when_it_can():
    lines = wrap("โครงสร้างสี่ระดับจากโรงงานถึงส่วนกลาง", len, 30)
    assert lines == ["โครงสร้างสี่ระดับจากโรงงานถึง", "ส่วนกลาง"]


def test_wrap_breaks_latin_only_at_spaces_and_composes_first():
    decomposed = unicodedata.normalize("NFD", VIETNAMESE)
    lines = wrap(decomposed, len, 20)
    assert lines == ["Lễ khởi động Tháng", "Công nhân ở Đồng Nai", "– Ưu đãi"]
    assert all(unicodedata.is_normalized("NFC", line) for line in lines)


def test_zero_width_space_is_a_break_hint_and_not_drawn():
    assert wrap("สหภาพ\u200bแรงงาน", len, 8) == ["สหภาพ", "แรงงาน"]
    assert wrap("สหภาพ\u200bแรงงาน", len, 40) == ["สหภาพแรงงาน"]


# Thai without Raqm: the plugin moves the marks itself.


def ink_box(style, text):
    image = Image.new("L", (600, 300))
    style.draw(image, (50, 200), text, 255)
    return image.getbbox()


def test_basic_layout_lifts_tone_marks_above_upper_vowels():
    style = TextStyle(CardFonts(str(FONTS), ImageFont.Layout.BASIC), 80, "th")
    vowel_top = ink_box(style, "ที")[1]
    tone_top = ink_box(style, "ที่")[1]
    assert tone_top < vowel_top - 8  # the tone is above the vowel, not in it


@pytest.mark.skipif(not features.check("raqm"), reason="needs Raqm to compare")
def test_basic_layout_is_closer_to_shaped_text_than_plain_basic():
    size, text = 80, "ที่นี่ ปี่ ฟื้น ป้ำ"

    def render(draw_text):
        image = Image.new("L", (1000, 200))
        draw_text(image)
        return image.point(lambda value: 255 if value >= 128 else 0).convert("1")

    def overlap(a, b):
        both = ImageChops.logical_and(a, b).histogram()[255]
        either = ImageChops.logical_or(a, b).histogram()[255]
        return both / either

    shaped = render(
        lambda image: TextStyle(CardFonts(str(FONTS)), size, "th").draw(
            image, (20, 150), text, 255
        )
    )
    fallback = render(
        lambda image: TextStyle(
            CardFonts(str(FONTS), ImageFont.Layout.BASIC), size, "th"
        ).draw(image, (20, 150), text, 255)
    )
    plain_font = ImageFont.truetype(
        str(FONTS / "NotoSansThai-Bold.ttf"), size, layout_engine=ImageFont.Layout.BASIC
    )
    plain = render(
        lambda image: ImageDraw.Draw(image).text(
            (20, 150), text, font=plain_font, fill=255, anchor="ls"
        )
    )
    assert overlap(fallback, shaped) > overlap(plain, shaped) + 0.05
    assert overlap(fallback, shaped) > 0.8


# Cache and settings.


def test_cache_draws_each_card_once(tmp_path, monkeypatch):
    fonts = CardFonts(str(FONTS))
    cache = CardCache(str(tmp_path / "cache"), fonts)
    card = Card("cards/th/a.png", THAI, "ข่าวสหภาพแรงงาน", "th", "a.th.md")
    cache.write(card, str(tmp_path / "out1" / "a.png"))
    assert (cache.drawn, cache.reused) == (1, 0)

    def no_drawing(*args):
        raise AssertionError("an unchanged card was drawn again")

    monkeypatch.setattr("social_cards.social_cards.draw_card", no_drawing)
    again = CardCache(str(tmp_path / "cache"), CardFonts(str(FONTS)))
    again.write(card, str(tmp_path / "out2" / "a.png"))
    assert (again.drawn, again.reused) == (0, 1)
    first, second = (tmp_path / d / "a.png" for d in ("out1", "out2"))
    assert first.read_bytes() == second.read_bytes()

    monkeypatch.undo()
    renamed = Card("cards/th/a.png", THAI, "Loa", "th", "a.th.md")
    later = CardCache(str(tmp_path / "cache"), CardFonts(str(FONTS)))
    later.write(renamed, str(tmp_path / "out3" / "a.png"))
    assert later.drawn == 1
    later.prune()  # no article shows the first card any more
    key = cards.card_key(THAI, "Loa", "th", later.fonts)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"{key}.png"]


def test_card_key_depends_on_texts_language_and_fonts():
    fonts = CardFonts(str(FONTS))
    key = cards.card_key("Tin", "Loa", "vi", fonts)
    assert key == cards.card_key(
        unicodedata.normalize("NFD", "Tin"), "Loa", "vi", fonts
    )
    assert key != cards.card_key("Tin", "Loa", "en", fonts)
    assert key != cards.card_key("Tin", "Loa 2", "vi", fonts)
    layouts = ImageFont.Layout
    other = CardFonts(str(FONTS), layouts.BASIC if fonts.raqm else layouts.RAQM)
    assert key != cards.card_key("Tin", "Loa", "vi", other)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"SOCIAL_CARDS_ENABLED": "yes"}, "SOCIAL_CARDS_ENABLED"),
        ({"SOCIAL_CARDS_FONTS": "/nonexistent"}, "SOCIAL_CARDS_FONTS"),
    ],
)
def test_bad_settings_are_refused(overrides, message):
    pelican = SimpleNamespace(settings={"THEME": str(ROOT / "theme"), **overrides})
    with pytest.raises(ValueError, match=message):
        check_settings(pelican)


def test_fonts_folder_without_the_fonts_is_refused(tmp_path):
    pelican = SimpleNamespace(
        settings={"THEME": str(ROOT / "theme"), "SOCIAL_CARDS_FONTS": str(tmp_path)}
    )
    with pytest.raises(ValueError, match="NotoSans-Bold.ttf"):
        check_settings(pelican)


def test_defaults_point_at_the_theme_fonts():
    pelican = SimpleNamespace(settings={"THEME": str(ROOT / "theme")})
    check_settings(pelican)
    assert pelican.settings["SOCIAL_CARDS_ENABLED"] is True
    assert pelican.settings["SOCIAL_CARDS_FONTS"] == str(FONTS)


# Pelican wiring.


def plugins():
    names = list(get_settings()["PLUGINS"])
    if "social_cards" not in names:
        names.insert(names.index("atomic_output"), "social_cards")
    return names


def test_plan_sets_og_image_only_without_an_image(tmp_path):
    settings = get_settings(OUTPUT_PATH=tmp_path)
    sites = {
        "vi": SimpleNamespace(sitename="Bản tin Công đoàn"),
        "th": SimpleNamespace(sitename="ข่าวสหภาพแรงงาน"),
    }
    generator = SocialCardsGenerator(
        context={**settings, "LANGUAGE_SITES": sites},
        settings=settings,
        path=str(tmp_path),
        theme=settings["THEME"],
        output_path=str(tmp_path),
    )
    plain = SimpleNamespace(
        title=THAI, lang="th", slug="qua", source_path="qua.th.md", image=None
    )
    pictured = SimpleNamespace(
        title="Có ảnh", lang="vi", slug="anh", source_path="anh.md", image="i.jpg"
    )
    generator.plan([plain, pictured])
    assert plain.og_image == "cards/th/qua.png"
    assert not hasattr(pictured, "og_image")
    assert list(generator.cards.values()) == [
        Card("cards/th/qua.png", THAI, "ข่าวสหภาพแรงงาน", "th", "qua.th.md")
    ]


FILES = {
    "news/qua.vi.md": article(VIETNAMESE, Slug="qua", Lang="vi"),
    "news/qua.th.md": article(THAI, Slug="qua", Lang="th"),
    "news/anh.vi.md": article("Có ảnh", Slug="anh", Image="images/anh.png"),
    "images/anh.png": b"\x89PNG\r\n\x1a\n",
}


def test_build_writes_cards_for_articles_without_image(tmp_path):
    output = build_site(tmp_path, FILES, PLUGINS=plugins())
    for lang in ("vi", "th"):
        with Image.open(output / "cards" / lang / "qua.png") as card:
            assert card.format == "PNG"
            assert card.size == (1200, 630)
    assert not (output / "cards" / "vi" / "anh.png").exists()
    assert sorted(p.name for p in (output / "cards").rglob("*.png")) == [
        "qua.png",
        "qua.png",
    ]

    cached = sorted((tmp_path / "cache" / "cards").iterdir())
    assert len(cached) == 2
    stamps = [p.stat().st_mtime_ns for p in cached]
    output = build_site(tmp_path, FILES, PLUGINS=plugins())
    assert (output / "cards" / "th" / "qua.png").exists()
    assert [p.stat().st_mtime_ns for p in cached] == stamps  # reused, not redrawn


def test_disabled_writes_no_cards(tmp_path):
    output = build_site(tmp_path, FILES, PLUGINS=plugins(), SOCIAL_CARDS_ENABLED=False)
    assert not (output / "cards").exists()


def test_many_cards_are_drawn_in_parallel_and_match(tmp_path):
    from social_cards.social_cards import PARALLEL_THRESHOLD

    count = PARALLEL_THRESHOLD + 4
    files = {
        f"news/tin-{n}.md": article(f"Tin số {n} của Công đoàn", Slug=f"tin-{n}")
        for n in range(count)
    }
    site = build_site(tmp_path, files)
    drawn = sorted((site / "cards" / "vi").glob("*.png"))
    assert len(drawn) == count
    expected = tmp_path / "expected.png"
    fonts = cards.CardFonts(str(ROOT / "theme" / "fonts"))
    cards.save_card(
        cards.draw_card("Tin số 7 của Công đoàn", "Bản tin Công đoàn", "vi", fonts),
        str(expected),
    )
    assert (site / "cards" / "vi" / "tin-7.png").read_bytes() == expected.read_bytes()
