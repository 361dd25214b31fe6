"""Markup for responsive pictures and captions, built as ElementTree nodes.

Alt text, captions and URLs are attribute values and text nodes, and
`to_html` escapes every one of them. It is a serializer of its own because
neither at hand fits: libxml2's (lxml) predates HTML5 and writes
`<source></source>`, a stray end tag; ElementTree's leaves `<` unescaped in
attribute values.
"""

import re
import unicodedata
import xml.etree.ElementTree as etree
from html import escape

# The story column is 46rem wide and images fill it; narrower screens get
# the full viewport width (the featured image bleeds to the edges).
DEFAULT_SIZES = "(max-width: 46rem) 100vw, 46rem"
# Attributes the picture sets itself; an author's other ones (class, title,
# id…) are kept on the <img>.
MANAGED = frozenset({"src", "srcset", "sizes"})
VOID_ELEMENTS = frozenset({"img", "source", "br", "wbr"})
# Names an author's <img> may bring along; anything else is dropped.
ATTRIBUTE_NAME = re.compile(r"[a-zA-Z_:][-a-zA-Z0-9_:.]*")
# No use in HTML, and not allowed in XML (lxml, feeds) either.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "… Ảnh: CĐLA", "… Đồ họa: Loa", "… (Photo: ILO)", "… ภาพ: สหภาพ": the credit
# is the last such label and everything after it.
CREDIT_LABELS = (
    "ảnh",
    "nguồn ảnh",
    "đồ họa",
    "đồ hoạ",
    "photo",
    "photos",
    "graphic",
    "graphics",
    "illustration",
    "credit",
    "ภาพ",
    "ภาพโดย",
    "ภาพจาก",
    "กราฟิก",
)
_LABELS = "|".join(map(re.escape, sorted(CREDIT_LABELS, key=len, reverse=True)))
CREDIT = re.compile(rf"(?:^|(?<=\s))\(?(?:{_LABELS})\s*:", re.IGNORECASE)


def clean(text):
    return CONTROL_CHARACTERS.sub("", str(text or ""))


def srcset(derivatives, url_of):
    return ", ".join(f"{url_of(d)} {d.width}w" for d in derivatives)


def picture(
    derivatives,
    url_of,
    alt,
    *,
    sizes=DEFAULT_SIZES,
    lazy=True,
    priority=False,
    attributes=None,
):
    """A <picture>: WebP <source>, then an <img> in the original's format.

    `url_of(derivative)` gives each file's URL. The <img> has the middle
    width as `src`, and its `width`/`height` (unless `attributes` already set
    one), so the page doesn't jump while it loads. `lazy` adds
    `loading="lazy"`; `priority` adds `fetchpriority="high"` (the first
    picture of a page).
    """
    fallback = [d for d in derivatives if d.format != "webp"]
    webp = [d for d in derivatives if d.format == "webp"]
    main = fallback[len(fallback) // 2]
    element = etree.Element("picture")
    if webp:
        etree.SubElement(
            element,
            "source",
            type="image/webp",
            srcset=srcset(webp, url_of),
            sizes=sizes,
        )
    img = etree.SubElement(element, "img")
    img.set("src", url_of(main))
    img.set("srcset", srcset(fallback, url_of))
    img.set("sizes", sizes)
    extra = {k: clean(v) for k, v in (attributes or {}).items() if k not in MANAGED}
    extra.pop("alt", None)
    if "width" not in extra and "height" not in extra:
        img.set("width", str(main.width))
        img.set("height", str(main.height))
    img.set("alt", clean(alt))
    for key, value in extra.items():
        img.set(key, value)
    defaults = {"loading": "lazy" if lazy else None, "decoding": "async"}
    defaults["fetchpriority"] = "high" if priority else None
    for key, value in defaults.items():
        if value is not None and img.get(key) is None:
            img.set(key, value)
    return element


def plain_image(src, alt, attributes=None):
    """An <img> for a picture without derivatives (SVG, animation)."""
    img = etree.Element("img")
    img.set("src", src)
    img.set("alt", clean(alt))
    for key, value in (attributes or {}).items():
        if key not in ("src", "alt"):
            img.set(key, clean(value))
    return img


def split_credit(text):
    """("Toàn cảnh hội thảo.", "Ảnh: CĐLA") from "Toàn cảnh hội thảo. Ảnh: CĐLA"."""
    text = unicodedata.normalize("NFC", clean(text)).strip()
    matches = list(CREDIT.finditer(text))
    if not matches:
        return text, ""
    start = matches[-1].start()
    return text[:start].rstrip(), text[start:].strip()


def figcaption(text):
    """<figcaption>caption <span class="credit">Ảnh: …</span></figcaption>."""
    caption, credit = split_credit(text)
    element = etree.Element("figcaption")
    element.text = caption
    if credit:
        if caption:
            element.text += " "
        span = etree.SubElement(element, "span")
        span.set("class", "credit")
        span.text = credit
    return element


def to_html(element):
    """HTML5 for `element`: void elements unclosed, all text escaped."""
    parts = []
    _serialize(element, parts.append)
    return "".join(parts)


def _serialize(element, write):
    write(f"<{element.tag}")
    for name, value in element.items():
        if ATTRIBUTE_NAME.fullmatch(name):
            write(f' {name}="{escape(value, quote=True)}"')
    write(">")
    if element.tag not in VOID_ELEMENTS:
        write(escape(element.text or "", quote=False))
        for child in element:
            _serialize(child, write)
        write(f"</{element.tag}>")
    write(escape(element.tail or "", quote=False))
