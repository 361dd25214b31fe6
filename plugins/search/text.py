"""What search indexes of an article: its plain text, and for languages
written with diacritics, the folded forms Pagefind cannot match by itself.

Pagefind strips combining marks from words and queries (`công` matches
`cong`), but `đ` is a letter of its own, not `d` plus a mark: without help,
`doan` never finds `đoàn`. `extra_words` lists the folded form (`doan`,
`dong`) of every word that has one, to be indexed after the text.
"""

import re
import unicodedata

import lxml.html

# Letters with no decomposition that readers type as a plain `d`; Ð (U+00D0)
# is often typed for Đ.
_D = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# Elements whose text is not part of what the reader reads.
_SKIPPED = ("script", "style", "template", "noscript", "iframe", "video", "audio")
# Runs of letters and digits: the words inside "đồng/tháng" or "(Đoàn".
_WORD_PARTS = re.compile(r"[^\W_]+")
_BLOCKS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table td th tr ul".split()
)


def fold(text):
    """`text` without diacritics, `đ` as `d`: "Công đoàn" -> "Cong doan"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(c for c in decomposed if unicodedata.category(c)[0] != "M")
    return unicodedata.normalize("NFC", stripped)


def plain_text(html):
    """The words of an HTML fragment, one space between them.

    Block elements are separated by a space (lxml's `text_content` would glue
    `<p>a</p><p>b</p>` into "ab"). Zero-width spaces are removed: Pagefind
    takes a text with one for a segmented (Thai-style) text.
    """
    if not html or not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter(*_SKIPPED)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.text = " " + (element.text or "")
            element.tail = " " + (element.tail or "")
    return normalize_space(root.text_content())


def normalize_space(text):
    return " ".join(text.replace("\u200b", "").split())


def extra_words(text):
    """Folded forms, lower case and each once, of the words of `text` that
    Pagefind's own diacritic stripping does not reach (those with `đ`)."""
    seen = {}
    for part in _WORD_PARTS.findall(text):
        if part.translate(_D) != part:
            seen.setdefault(fold(part).lower(), None)
    return list(seen)
