"""A video facade without a picture gets the story's social card as poster.

The Markdown extension already uses the story's own `Image`; a story without
one has a drawn card (`og_image`, from the social_cards plugin) only once the
page is written, so the finished page is patched: each `<a class="video-link">`
with no `<img>` gets one. Only those tags change; the rest of the page keeps
its bytes. Still nothing is asked of a third party before a tap.
"""

import re
from html import escape

from content_cache.files import replace_text

# The facade as the extension writes it: the link, then straight to the label.
BARE_FACADE = re.compile(
    r'(<a class="video-link" href="[^"]*">)(<span class="video-play">)'
)
CARD_SIZE = (1200, 630)


def poster_markup(src):
    width, height = CARD_SIZE
    return (
        f'<img src="{escape(src)}" alt="" loading="lazy" decoding="async" '
        f'width="{width}" height="{height}">'
    )


def add_card_posters(html, src):
    """`html` with the card as the poster of every facade that has none."""
    return BARE_FACADE.sub(lambda m: m.group(1) + poster_markup(src) + m.group(2), html)


def patch_written_page(path, context=None):
    """content_written receiver for article pages with bare video facades."""
    article = (context or {}).get("article")
    card = getattr(article, "og_image", None)
    # Most stories have no video: ask the article before reading its page.
    if not card or 'class="video-link"' not in (article._content or ""):
        return
    with open(path, encoding="utf-8") as f:
        html = f.read()
    patched = add_card_posters(html, f"{context['SITEURL']}/{card}")
    if patched != html:
        replace_text(path, patched)
