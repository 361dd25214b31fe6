"""Draws a 1200×630 social card: an article's title and the site's name.

Text is stamped from masks kept per process: each letter (a Thai consonant
with its marks and following vowels) is rasterized once per size and placed
at the pen position shaping gives it, its advance plus the kerning of each
pair (FreeType took ~90 µs a glyph at these sizes, ~12 ms a card). The card
is drawn in one channel, the blend from red (0) to white (255), and saved
with a red-to-white palette.

Pillow draws one font per call, so a line is cut into runs: Thai letters in
Noto Sans Thai, everything else (Latin, Vietnamese, digits, punctuation) in
Noto Sans. With Raqm (HarfBuzz) each run is shaped, so Thai marks stack and
dodge tall consonants as the font's GPOS says. Without Raqm, Pillow's basic
layout draws every mark at the font's default spot (a tone over sara i hides
inside the vowel, marks collide with ป ฝ ฟ), so `_draw_thai_basic` moves the
marks itself.

Thai is written without spaces between words, so lines break at spaces when
they can, else where a Thai syllable surely begins (before เ แ โ ใ ไ, after
ะ ำ, before a letter carrying its vowel or tone), else between character
clusters: never before a combining vowel or tone mark, never after a leading
vowel, never before a following vowel (ะ า ำ) or letters silenced by ์.
"""

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from zlib import Z_RLE

from content_cache.versions import code_version
from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
FONT_FILES = {"latin": "NotoSans-Bold.ttf", "thai": "NotoSansThai-Bold.ttf"}

BRAND_RED = (0xB3, 0x26, 0x1E)
WHITE = (0xFF, 0xFF, 0xFF)
# The card is drawn as one channel: how far each pixel is from red to white.
RED_INK, WHITE_INK = 0, 255

MARGIN = 80
# (left, top, right, bottom) the title is centred in; the white band is below.
TITLE_BOX = (MARGIN, 86, WIDTH - MARGIN, 478)
BAND_TOP = 520
RULE = (MARGIN, 56, MARGIN + 96, 64)
TITLE_SIZES = (76, 68, 60, 54, 48)
MAX_LINES = 4
SITE_NAME_SIZES = (40, 34, 28)
# Masks and spacings kept per process (~500 letters × 5 sizes for a real site).
GLYPH_CACHE_LIMIT = 20_000
ELLIPSIS = "…"
# The card is brand red, white and their anti-aliased blends: 32 steps from
# one to the other look the same as full RGB and make the PNG a third of the
# size (16-22 kB; RGB PNG 35-55 kB; JPEG at quality 85, 50-80 kB and blurred).
PALETTE_STEPS = 32

# Break priorities: a space is the best place to end a line, then a point
# that is surely a Thai syllable boundary, then any cluster boundary.
SPACE, SYLLABLE, CLUSTER = 3, 2, 1
# A line may end at a worse kind of break only when the better one would
# leave it this empty (a fraction of the width).
MIN_FILL = {SPACE: 0.5, SYLLABLE: 0.7, CLUSTER: 0.0}

ZWSP = "\u200b"  # an author's hint of a Thai word boundary
THAI_UPPER_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37")
THAI_LOWER_VOWELS = frozenset("\u0e38\u0e39\u0e3a")
THAI_UPPER_MARKS = frozenset("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
THAI_MARKS = THAI_UPPER_VOWELS | THAI_LOWER_VOWELS | THAI_UPPER_MARKS
THAI_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
# Spacing signs that belong to the syllable before them: never start a line.
THAI_FOLLOWING = frozenset("\u0e2f\u0e30\u0e32\u0e33\u0e45\u0e46")
# After these a Thai syllable (or word, for ๆ and ฯ) has surely ended.
THAI_SYLLABLE_END = frozenset("\u0e2f\u0e30\u0e33\u0e46")
THANTHAKHAT = "\u0e4c"
# ร ล ว as the second letter of a cluster (ปร, กล, ขว), and the letters a
# silent ห or อ leads (หน, หม, อย).
THAI_SECOND = frozenset("\u0e23\u0e25\u0e27")
THAI_LEADERS = frozenset("\u0e2b\u0e2d")
# Letters ร ล ว follow in a cluster (กร, ขว, ปล; สร and ทร spelled so).
THAI_CLUSTER_FIRST = frozenset("กขคจซตทปผพศส")
THAI_LED = frozenset("\u0e07\u0e0d\u0e19\u0e21\u0e22\u0e23\u0e25\u0e27")
SARA_AM, SARA_AA, NIKHAHIT = "\u0e33", "\u0e32", "\u0e4d"
# Consonants whose ascender the upper marks must dodge, and those whose
# descender or tail the lower vowels must clear.
THAI_TALL = frozenset("\u0e1b\u0e1d\u0e1f\u0e2c")
THAI_DEEP = frozenset("\u0e0d\u0e0e\u0e0f\u0e10")


def is_thai(ch):
    return "\u0e00" <= ch <= "\u0e7f"


def is_mark(ch):
    """A combining character: it belongs to the character before it."""
    return ch in THAI_MARKS or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def normalize(text):
    """NFC (Vietnamese letters as single code points), one space between words."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def grapheme_ends(text):
    """Positions a line may be cut at without splitting a character cluster."""
    return [
        i
        for i in range(1, len(text) + 1)
        if i == len(text)
        or not (is_mark(text[i]) or text[i - 1] in THAI_LEADING_VOWELS)
    ]


def _carries_thanthakhat(text, i):
    j = i + 1
    while j < len(text) and is_mark(text[j]):
        if text[j] == THANTHAKHAT:
            return True
        j += 1
    return False


def _thai_break(text, i):
    """The priority of a break between text[i-1] and text[i], or 0."""
    before, after = text[i - 1], text[i]
    if not (is_thai(before) or is_thai(after)):
        return 0
    if not (before.isalnum() or is_mark(before)) or not after.isalnum():
        return 0
    if is_mark(after) or after in THAI_FOLLOWING or before in THAI_LEADING_VOWELS:
        return 0
    # ์ silences its letter, and with it the rest of the syllable's end
    # (งค์ in รณรงค์, ทร์ in จันทร์): no break before either.
    if _carries_thanthakhat(text, i) or (
        i + 1 < len(text)
        and _is_consonant(text[i + 1])
        and _carries_thanthakhat(text, i + 1)
    ):
        return 0
    if after in THAI_LEADING_VOWELS or before in THAI_SYLLABLE_END:
        return SYLLABLE
    if _starts_syllable(text, i):
        return SYLLABLE
    return CLUSTER


def _is_consonant(ch):
    return "\u0e01" <= ch <= "\u0e2e"


def _starts_syllable(text, i):
    """Whether the consonant text[i] surely begins a syllable: it (or the
    cluster it begins: ประ, ขวัญ, อย่าง) carries a vowel or tone (ส่วน, ภาพ),
    and it is not itself the second letter of a cluster (สร้าง, หมู่)."""
    consonant, before = text[i], text[i - 1]
    if not _is_consonant(consonant):
        return False
    if consonant in THAI_SECOND and _is_consonant(before):
        return False
    if before in THAI_LEADERS and consonant in THAI_LED:
        return False
    j = i + 1
    if j < len(text) and (
        (consonant in THAI_CLUSTER_FIRST and text[j] in THAI_SECOND)
        or (consonant in THAI_LEADERS and text[j] in THAI_LED)
    ):
        j += 1
    return j < len(text) and (is_mark(text[j]) or text[j] in THAI_FOLLOWING)


def breaks(text):
    """(end of this line, start of the next, priority) where a line may end."""
    found = []
    for i in range(1, len(text)):
        if text[i] in (" ", ZWSP):
            found.append((i, i + 1, SPACE))
        elif text[i - 1] not in (" ", ZWSP):
            priority = _thai_break(text, i)
            if priority:
                found.append((i, i, priority))
    return found


def _choose(fitting, width):
    """The best (end, next start) among breaks that fit: (end, next, prio, w)."""
    for priority in (SPACE, SYLLABLE):
        good = [b for b in fitting if b[2] == priority]
        if good and good[-1][3] >= MIN_FILL[priority] * width:
            return good[-1][:2]
    return fitting[-1][:2]


def _fitting(text, start, candidates, measure, width):
    fitting = []
    for end, following, priority in candidates:
        if end <= start:
            continue
        length = measure(text[start:end])
        if length > width:
            break
        fitting.append((end, following, priority, length))
    return fitting


def _hard_break(text, start, measure, width):
    """The longest run of whole clusters that fits (at least one cluster)."""
    ends = [e for e in grapheme_ends(text) if e > start]
    best = ends[0]
    for end in ends:
        if measure(text[start:end]) > width:
            break
        best = end
    return best


def wrap_spans(text, measure, width):
    """(start, end) of each line of normalized `text` no wider than `width`."""
    candidates = breaks(text)
    spans, start = [], 0
    while start < len(text):
        if measure(text[start:]) <= width:
            spans.append((start, len(text)))
            break
        fitting = _fitting(text, start, candidates, measure, width)
        if fitting:
            end, start_next = _choose(fitting, width)
        else:
            end = start_next = _hard_break(text, start, measure, width)
        spans.append((start, end))
        start = start_next
    return spans


def wrap(text, measure, width):
    """Lines of `text` no wider than `width` (`measure` gives a string's width)."""
    text = normalize(text)
    return [
        text[start:end].replace(ZWSP, "")
        for start, end in wrap_spans(text, measure, width)
    ]


def truncate(text, measure, width):
    """`text` cut at a cluster boundary so that it and an ellipsis fit."""
    text = normalize(text)

    def with_ellipsis(part):
        return part.replace(ZWSP, "").rstrip(" ,.;:–-") + ELLIPSIS

    candidates = sorted(
        {(end, end, CLUSTER) for end in grapheme_ends(text)}
        | {(end, end, p) for end, _, p in breaks(text)},
        key=lambda c: (c[0], -c[2]),
    )
    fitting = _fitting(text, 0, candidates, lambda s: measure(with_ellipsis(s)), width)
    if not fitting:
        return ELLIPSIS
    end, _ = _choose(fitting, width)
    return with_ellipsis(text[:end])


def runs(text):
    """(script, substring) pieces: "thai" for Thai letters, else "latin".

    A space stays in the run before it (both fonts have the same space), so
    a Thai phrase with spaces is shaped as one run.
    """
    pieces = []
    for ch in text:
        script = "thai" if is_thai(ch) else "latin"
        if pieces and (ch == " " or pieces[-1][0] == script):
            pieces[-1][1].append(ch)
        else:
            pieces.append((script, [ch]))
    return [(script, "".join(chars)) for script, chars in pieces]


def best_engine():
    """Raqm when Pillow can use it (it needs libfribidi), else basic layout."""
    if features.check("raqm"):
        return ImageFont.Layout.RAQM
    return ImageFont.Layout.BASIC


class CardFonts:
    """The card's fonts, loaded once per size, and what they are (for caches)."""

    def __init__(self, directory, engine=None):
        self.directory = directory
        self.engine = best_engine() if engine is None else engine
        self.paths = {
            script: os.path.join(directory, name) for script, name in FONT_FILES.items()
        }
        self._fonts = {}
        self._metrics = {}
        self.bands = {}  # drawn site-name bands, by (site name, language)
        self._glyphs = {}
        self._kerning = {}
        self._digest = None

    @property
    def raqm(self):
        return self.engine == ImageFont.Layout.RAQM

    def font(self, script, size):
        key = (script, size)
        if key not in self._fonts:
            self._fonts[key] = ImageFont.truetype(
                self.paths[script], size, layout_engine=self.engine
            )
        return self._fonts[key]

    @property
    def digest(self):
        """A hash of the font files and the layout engine."""
        if self._digest is None:
            digest = hashlib.sha256(f"engine={int(self.engine)}".encode())
            for script in sorted(self.paths):
                with open(self.paths[script], "rb") as f:
                    digest.update(hashlib.sha256(f.read()).digest())
            self._digest = digest.hexdigest()
        return self._digest

    def advance(self, size, ch):
        key = (size, ch, "advance")
        if key not in self._metrics:
            script = "thai" if is_thai(ch) else "latin"
            self._metrics[key] = self.font(script, size).getlength(ch)
        return self._metrics[key]

    def glyphs(self, script, size, text, options):
        """`text` drawn alone (255 on 0) and its top left from the pen on the
        baseline: drawn once per process."""
        key = (script, size, text, options)
        found = self._glyphs.get(key)
        if found is None:
            if len(self._glyphs) > GLYPH_CACHE_LIMIT:  # a bound, not a policy
                self._glyphs.clear()
            font = self.font(script, size)
            left, top, right, bottom = font.getbbox(text, anchor="ls", **dict(options))
            mask = Image.new("L", (max(0, right - left), max(0, bottom - top)))
            if mask.width and mask.height:
                ImageDraw.Draw(mask).text(
                    (-left, -top),
                    text,
                    font=font,
                    fill=255,
                    anchor="ls",
                    **dict(options),
                )
            found = self._glyphs[key] = (mask, (left, top))
        return found

    def spacing(self, script, size, first, second, options):
        """How far `second` starts after `first`: its advance plus their kerning."""
        key = (script, size, first, second, options)
        found = self._kerning.get(key)
        if found is None:
            if len(self._kerning) > GLYPH_CACHE_LIMIT:
                self._kerning.clear()
            font, kwargs = self.font(script, size), dict(options)
            found = font.getlength(first, **kwargs)
            if second:  # shaped together, the pair may sit closer (AV, To)
                found = font.getlength(first + second, **kwargs) - font.getlength(
                    second, **kwargs
                )
            self._kerning[key] = found
        return found

    def ink(self, size, ch):
        """Bounding box of `ch` drawn in Thai at the pen (0, 0) on the baseline."""
        key = (size, ch)
        if key not in self._metrics:
            # getbbox() would also span the pen's line; the mask is only ink.
            mask, (x, y) = self.font("thai", size).getmask2(ch, anchor="ls")
            box = mask.getbbox() or (0, 0, 0, 0)
            self._metrics[key] = (x + box[0], y + box[1], x + box[2], y + box[3])
        return self._metrics[key]

    def ascender_left(self, size, ch):
        """Left edge of a tall consonant's ascender, from its pen position."""
        key = (size, ch, "ascender")
        if key not in self._metrics:
            font = self.font("thai", size)
            x_top = self.ink(size, "\u0e1a")[1]  # บ: as high as short letters go
            pad = size
            image = Image.new("L", (3 * size, 3 * size))
            ImageDraw.Draw(image).text(
                (pad, 2 * size), ch, font=font, fill=255, anchor="ls"
            )
            box = image.crop((0, 0, 3 * size, 2 * size + x_top - 1)).getbbox()
            self._metrics[key] = (box[0] - pad) if box else 0
        return self._metrics[key]


@dataclass
class TextStyle:
    fonts: CardFonts
    size: int
    lang: str

    def _options(self):
        return {"language": self.lang} if self.fonts.raqm and self.lang else {}

    def _option_items(self):
        return tuple(self._options().items())

    def measure(self, text):
        if not self.fonts.raqm:
            # Basic layout neither shapes nor kerns: widths simply add up.
            return sum(self.fonts.advance(self.size, ch) for ch in text)
        return sum(
            self.fonts.font(script, self.size).getlength(run, **self._options())
            for script, run in runs(text)
        )

    def draw(self, image, xy, text, fill):
        """Stamp `text` on the one-channel `image` with its pen at `xy`."""
        x, baseline = xy
        for script, run in runs(text):
            if script == "thai" and not self.fonts.raqm:
                _draw_thai_basic(image, (x, baseline), run, self, fill)
            else:
                self._draw_run(image, (x, baseline), script, run, fill)
            x += self.measure(run)

    def _draw_run(self, image, xy, script, run, fill):
        x, baseline = xy
        options = self._option_items()
        letters = shaping_units(run)
        for letter, following in zip(letters, letters[1:] + [""], strict=True):
            glyphs = self.fonts.glyphs(script, self.size, letter, options)
            stamp(image, (x, baseline), glyphs, fill)
            x += self.fonts.spacing(script, self.size, letter, following, options)


def shaping_units(text):
    """`text` cut where shaping does not reach across: before each letter,
    except marks, following vowels (ะ า ำ) and the letter after a leading
    vowel, which stay with the letter before them (น้ำ, เก)."""
    units = []
    for ch in text:
        if units and (
            is_mark(ch) or ch in THAI_FOLLOWING or units[-1][-1] in THAI_LEADING_VOWELS
        ):
            units[-1] += ch
        else:
            units.append(ch)
    return units


def stamp(image, xy, glyphs, fill):
    """Blend `fill` into `image` through a mask from `CardFonts.glyphs`, with
    the pen at `xy` rounded to whole pixels (as FreeType places glyphs)."""
    mask, (left, top) = glyphs
    if mask.width and mask.height:  # a space has no ink
        x, y = round(xy[0]) + left, round(xy[1]) + top
        image.paste(fill, (x, y, x + mask.width, y + mask.height), mask)


def _draw_thai_basic(image, xy, text, style, fill):
    """Thai without shaping: each mark moved off the vowel or stem it would hit."""
    fonts, size = style.fonts, style.size
    gap = max(1, round(size * 0.05))
    x, baseline = xy
    text = _split_sara_am(text)
    base = None
    upper_top = lower_bottom = None  # ink reached by this cluster so far
    for i, ch in enumerate(text):
        if not is_mark(ch):
            stamp(image, (x, baseline), fonts.glyphs("thai", size, ch, ()), fill)
            x += fonts.advance(size, ch)
            base = ch
            box = fonts.ink(size, ch)
            upper_top, lower_bottom = box[1], box[3]
            continue
        x0, y0, x1, y1 = fonts.ink(size, ch)
        dx = dy = 0
        if ch in THAI_LOWER_VOWELS:
            if base in THAI_DEEP:
                dy = max(0, lower_bottom + gap - y0)
        else:
            if base in THAI_TALL:
                dx = min(0, fonts.ascender_left(size, base) - fonts.advance(size, base))
                dx = min(0, dx - gap - x1)
            if _on_top(text, i):
                dy = min(0, upper_top - gap - y1)
        stamp(image, (x + dx, baseline + dy), fonts.glyphs("thai", size, ch, ()), fill)
        if ch in THAI_LOWER_VOWELS:
            lower_bottom = y1 + dy
        else:
            upper_top = y0 + dy


def _split_sara_am(text):
    """ำ as its circle (a mark, under any tone) and า, as shaping would draw it.

    Drawn whole, ำ puts its circle on a tall consonant's stem and under the
    tone mark typed before it.
    """
    if SARA_AM not in text:
        return text
    chars = []
    for ch in text:
        if ch == SARA_AM:
            marks = 0
            while marks < len(chars) and is_mark(chars[-1 - marks]):
                marks += 1
            chars.insert(len(chars) - marks, NIKHAHIT)
            chars.append(SARA_AA)
        else:
            chars.append(ch)
    return "".join(chars)


def _on_top(text, i):
    """Whether text[i] sits over an upper vowel or mark of the same cluster."""
    j = i - 1
    while j >= 0 and is_mark(text[j]):
        if text[j] in THAI_UPPER_VOWELS or text[j] in THAI_UPPER_MARKS:
            return True
        j -= 1
    return False


@dataclass
class TitleLayout:
    style: TextStyle
    lines: list
    line_height: int
    truncated: bool = False


def layout_title(title, fonts, lang):
    """The largest size whose lines fit MAX_LINES; else the smallest, cut."""
    left, top, right, bottom = TITLE_BOX
    width, height = right - left, bottom - top
    title = normalize(title)
    spacing = 1.36 if any(is_thai(ch) for ch in title) else 1.22
    for size in TITLE_SIZES:
        style = TextStyle(fonts, size, lang)
        line_height = round(size * spacing)
        spans = wrap_spans(title, style.measure, width)
        if len(spans) <= MAX_LINES and len(spans) * line_height <= height:
            lines = [title[a:b].replace(ZWSP, "") for a, b in spans]
            return TitleLayout(style, lines, line_height)
    kept = spans[: MAX_LINES - 1]
    lines = [title[a:b].replace(ZWSP, "") for a, b in kept]
    # The last line is what is left of the title, cut to fit with an ellipsis.
    lines.append(truncate(title[spans[len(kept)][0] :], style.measure, width))
    return TitleLayout(style, lines, line_height, truncated=True)


def draw_card(title, site_name, lang, fonts_dir):
    """The card as a palette image of red-to-white steps (what `save_card`
    writes); `fonts_dir` is a folder or a CardFonts."""
    fonts = fonts_dir if isinstance(fonts_dir, CardFonts) else CardFonts(fonts_dir)
    blend = Image.new("L", (WIDTH, HEIGHT), RED_INK)
    ImageDraw.Draw(blend).rectangle(RULE, fill=WHITE_INK)

    layout = layout_title(title, fonts, lang)
    left, top, _, bottom = TITLE_BOX
    size = layout.style.size
    block = len(layout.lines) * layout.line_height
    y = top + (bottom - top - block) / 2
    for line in layout.lines:
        # Baseline low enough that capitals and Thai marks clear the line above.
        baseline = y + (layout.line_height + 0.72 * size) / 2
        layout.style.draw(blend, (left, round(baseline)), line, WHITE_INK)
        y += layout.line_height

    blend.paste(_site_band(normalize(site_name), fonts, lang), (0, BAND_TOP))
    card = blend.point(_STEP_OF_BLEND)
    card.putpalette(_PALETTE)
    return card


def _site_band(site_name, fonts, lang):
    """The white band with the site's name: the same on every card of a
    language, so drawn once per process (a fifth of a card's text)."""
    key = (site_name, lang)
    if key not in fonts.bands:
        band = Image.new("L", (WIDTH, HEIGHT - BAND_TOP), WHITE_INK)
        _draw_site_name(band, site_name, fonts, lang)
        fonts.bands[key] = band
    return fonts.bands[key]


def _draw_site_name(band, site_name, fonts, lang):
    """The site's name centred in the band."""
    width = WIDTH - 2 * MARGIN
    for size in SITE_NAME_SIZES:
        style = TextStyle(fonts, size, lang)
        if style.measure(site_name) <= width:
            break
    else:
        site_name = truncate(site_name, style.measure, width)
    baseline = (HEIGHT - BAND_TOP + 0.72 * style.size) / 2
    style.draw(band, (MARGIN, round(baseline)), site_name, RED_INK)


def card_key(title, site_name, lang, fonts):
    """What a card depends on, hashed: its texts, the fonts and the design."""
    digest = hashlib.sha256()
    # The drawing code and Pillow: a card drawn by other code is drawn again.
    design = code_version(__file__, libraries=("pillow",))
    for part in (design, fonts.digest, lang or "", title, site_name):
        digest.update(normalize(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def _palette():
    """The PALETTE_STEPS colours from brand red to white, as a flat RGB list."""
    ramp = []
    for step in range(PALETTE_STEPS):
        t = step / (PALETTE_STEPS - 1)
        ramp += [round(r + (w - r) * t) for r, w in zip(BRAND_RED, WHITE, strict=True)]
    return ramp


_PALETTE = _palette()
# A blend value (0 red … 255 white) to the nearest of the palette's steps.
_STEP_OF_BLEND = [round(v * (PALETTE_STEPS - 1) / 255) for v in range(256)]


def save_card(card, path):
    """Write a card from `draw_card` as a PNG, atomically."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"  # two builds may share a cache
    # zlib's run-length strategy suits runs of one colour: 1.8 ms a card for
    # 16-22 KB, where level 6 takes 4 ms for 12-17 KB and 9 takes 30 ms.
    card.save(tmp, format="PNG", compress_type=Z_RLE)
    os.replace(tmp, path)
