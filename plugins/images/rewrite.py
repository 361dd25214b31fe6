"""Swap the <img> tags of a finished HTML page for responsive pictures.

Only the matched tags change: the rest of the page is kept byte for byte
(no parse-and-reserialize of the whole document). Tags inside comments,
<script>, <style>, <template>, <textarea> and <noscript> are left alone.
"""

import posixpath
import re
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

IMG_OR_PICTURE = re.compile(r"<img\b[^>]*>|<picture\b", re.IGNORECASE)
NOT_MARKUP = re.compile(
    r"<!--.*?-->|<(script|style|template|textarea|noscript)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)


def _tag_attributes(tag):
    try:
        element = lxml.html.fragment_fromstring(tag)
    except (etree.ParserError, ValueError):
        return None
    if element.tag != "img":
        return None
    return dict(element.attrib)


def rewrite_images(html, render):
    """`html` with each <img> that `render` accepts replaced by its markup.

    `render(attributes, eager)` returns the new markup, or None to keep the
    tag. `eager` is true for the first picture of the page only (the one a
    reader sees without scrolling); a <picture> already in the page, e.g. the
    featured image, counts as that first one. Tags with a `srcset` are
    already responsive and are kept.
    """
    skipped = [m.span() for m in NOT_MARKUP.finditer(html)]
    parts, position, seen = [], 0, False
    for match in IMG_OR_PICTURE.finditer(html):
        start, end = match.span()
        if any(a <= start < b for a, b in skipped):
            continue
        if match.group().lower() == "<picture":
            seen = True
            continue
        attributes = _tag_attributes(match.group())
        if attributes is None:
            continue
        if "srcset" in attributes:
            seen = True
            continue
        markup = render(attributes, not seen)
        if markup is None:
            continue
        seen = True
        parts += [html[position:start], markup]
        position = end
    if not parts:
        return html
    parts.append(html[position:])
    return "".join(parts)


def site_path(src, siteurl, page):
    """The path under the site root that `src`, on page `page`, points to.

    `siteurl` is the page's SITEURL: absolute ("https://x.org/news"), empty,
    or relative to the page ("..", as Pelican makes it with RELATIVE_URLS).
    None for anything outside the site.
    """
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        prefix = siteurl.rstrip("/") + "/"
        if not urlsplit(siteurl).netloc or not src.startswith(prefix):
            return None
        path = urlsplit(src[len(prefix) :]).path
    elif parts.path.startswith("/"):
        # Relative or empty SITEURL: the site is served from the host's root.
        base = urlsplit(siteurl)
        root = base.path.rstrip("/") + "/" if base.netloc else "/"
        if not parts.path.startswith(root):
            return None
        path = parts.path[len(root) :]
    else:
        path = posixpath.join(posixpath.dirname(page or ""), parts.path)
    path = posixpath.normpath(unquote(path))
    if path.startswith("../") or path in ("..", "."):
        return None
    return path
