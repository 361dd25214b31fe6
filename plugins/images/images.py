"""Pelican wiring: responsive pictures for featured and Markdown images.

- `responsive_image(path, alt, eager=False, sizes=None)`, a template global,
  gives the <picture> of a featured image (a path under content/);
  `image_caption(text)` its <figcaption>, with the credit in a <span>.
- Every HTML page Pelican writes has its <img> tags of pictures under
  content/ swapped for <picture> markup (`content_written`), with the page's
  own SITEURL, so relative (preview) and absolute (deploy) URLs both work.
- Derivatives are made once per picture per build (or taken from
  CACHE_PATH/images) and copied to images/derived/ in the build's output.
"""

import logging
import os
import re
from functools import partial
from urllib.parse import unquote

from content_cache.files import link_or_copy, replace_text
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from .derivatives import (
    DEFAULT_WIDTHS,
    JPEG_QUALITY,
    WEBP_QUALITY,
    DerivativeCache,
    ImageError,
)
from .html import DEFAULT_SIZES, figcaption, picture, plain_image, to_html
from .originals import clean_published_originals
from .rewrite import rewrite_images, site_path

logger = logging.getLogger(__name__)

DEFAULTS = {
    "IMAGES_WIDTHS": DEFAULT_WIDTHS,
    "IMAGES_JPEG_QUALITY": JPEG_QUALITY,
    "IMAGES_WEBP_QUALITY": WEBP_QUALITY,
    "IMAGES_SIZES": DEFAULT_SIZES,
}
# Beside the originals (images/x.jpg), shared by every language.
DERIVED_DIR = "images/derived"
CACHE_DIR = "images"
CONTEXT_KEY = "RESPONSIVE_IMAGES"
# What Pillow reads and a browser shows; SVGs and the rest stay as they are.
RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"})
IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)


def _is_count(value, low, high):
    return (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    )


def options(settings):
    """IMAGES_* settings with their defaults; ValueError names a bad key."""
    unknown = sorted(
        key for key in settings if key.startswith("IMAGES_") and key not in DEFAULTS
    )
    if unknown:
        raise ValueError(
            f"images: unknown setting {', '.join(unknown)} "
            f"(known: {', '.join(sorted(DEFAULTS))})"
        )
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    widths = values["IMAGES_WIDTHS"]
    if (
        not isinstance(widths, list | tuple)
        or not widths
        or not all(_is_count(w, 1, 20000) for w in widths)
    ):
        raise ValueError(
            "IMAGES_WIDTHS must be a list of widths in pixels, e.g. "
            f"(480, 960, 1600), not {widths!r}"
        )
    for key in ("IMAGES_JPEG_QUALITY", "IMAGES_WEBP_QUALITY"):
        if not _is_count(values[key], 1, 100):
            raise ValueError(
                f"{key} must be a whole number from 1 to 100, not {values[key]!r}"
            )
    sizes = values["IMAGES_SIZES"]
    if not isinstance(sizes, str) or not sizes.strip():
        raise ValueError(
            f"IMAGES_SIZES must be a `sizes` attribute value, not {sizes!r}"
        )
    return values


def check_settings(pelican):
    """Validate IMAGES_* once, up front, before anything is built."""
    options(pelican.settings)


def derived_url(siteurl, derivative):
    return f"{siteurl}/{DERIVED_DIR}/{derivative.relative_name}"


class ImageStore:
    """One build's pictures: each made (or found in the cache) once, and
    copied into this build's output folder."""

    def __init__(self, settings, output_path):
        values = options(settings)
        self.content_path = os.path.abspath(settings["PATH"])
        self.output_path = output_path
        self.sizes = values["IMAGES_SIZES"]
        self.cache = DerivativeCache(
            os.path.join(settings["CACHE_PATH"], CACHE_DIR),
            widths=values["IMAGES_WIDTHS"],
            jpeg_quality=values["IMAGES_JPEG_QUALITY"],
            webp_quality=values["IMAGES_WEBP_QUALITY"],
        )
        self._derivatives = {}
        self._sources = None

    def derivatives(self, source_path):
        """The derivatives of the picture at `source_path`, or None to leave
        it as it is (not a raster picture, missing, unreadable, animated)."""
        source_path = os.path.abspath(source_path)
        if source_path in self._derivatives:
            return self._derivatives[source_path]
        found = None
        suffix = os.path.splitext(source_path)[1].lower()
        if suffix in RASTER_SUFFIXES and os.path.isfile(source_path):
            try:
                encoded = self.cache.encoded
                found = self.cache.get(source_path) or None
            except ImageError as e:
                # A warning: the page still works, with the file as it is.
                logger.warning(
                    "%s: warning: not a picture that can be read, served as it "
                    "is (save it again as JPEG, PNG or WebP): %s",
                    os.path.relpath(source_path),
                    e,
                )
            else:
                if found:
                    self._publish(found)
                    made = self.cache.encoded > encoded
                    logger.log(
                        logging.INFO if made else logging.DEBUG,
                        "images: %s: %d derivatives (%s)",
                        os.path.relpath(source_path, self.content_path),
                        len(found),
                        "made" if made else "from cache",
                    )
        self._derivatives[source_path] = found
        return found

    def _publish(self, derivatives):
        folder = os.path.join(self.output_path, DERIVED_DIR)
        os.makedirs(folder, exist_ok=True)
        for derivative in derivatives:
            link_or_copy(
                self.cache.path(derivative),
                os.path.join(folder, derivative.relative_name),
            )

    def content_file(self, path):
        """The file under content/ that metadata `path` names, or None."""
        path = str(path or "").removeprefix("{static}").lstrip("/")
        full = os.path.normpath(os.path.join(self.content_path, path))
        if os.path.commonpath([full, self.content_path]) != self.content_path:
            return None
        return full

    def source_of(self, path, static_content):
        """The source file of the static file served at site path `path`."""
        if self._sources is None:
            self._sources = {}
            for static in static_content.values():
                self._sources.setdefault(unquote(static.url), static.source_path)
        return self._sources.get(path)

    def rewrite_page(self, html, context):
        """`html` of one written page with its content pictures made responsive."""
        siteurl = context.get("SITEURL") or ""
        page = context.get("output_file") or ""
        static_content = context.get("static_content") or {}
        url_of = partial(derived_url, siteurl)

        def render(attributes, eager):
            path = site_path(attributes.get("src", ""), siteurl, page)
            source = path and self.source_of(path, static_content)
            derivatives = source and self.derivatives(source)
            if not derivatives:
                return None
            element = picture(
                derivatives,
                url_of,
                attributes.get("alt", ""),
                sizes=self.sizes,
                lazy=not eager,
                attributes=attributes,
            )
            return to_html(element)

        return rewrite_images(html, render)


@pass_context
def responsive_image(context, path, alt="", eager=False, sizes=None):
    """The <picture> of a picture under content/ (e.g. `article.image`).

    `eager` for a picture at the top of the page: no lazy loading, and
    fetched first. Without derivatives (SVG, animation) a plain <img>.
    """
    if not path:
        return Markup("")
    store = context.get(CONTEXT_KEY)
    siteurl = context.get("SITEURL") or ""
    source = store.content_file(path) if store is not None else None
    derivatives = store.derivatives(source) if source else None
    if derivatives:
        element = picture(
            derivatives,
            partial(derived_url, siteurl),
            alt,
            sizes=sizes or store.sizes,
            lazy=not eager,
            priority=eager,
        )
    else:
        extra = {"decoding": "async"} if eager else {"loading": "lazy"}
        element = plain_image(f"{siteurl}/{str(path).lstrip('/')}", alt, extra)
    return Markup(to_html(element))


def image_caption(text):
    """<figcaption> of an Image_caption, its credit ("Ảnh: …") in a <span>."""
    if not text:
        return Markup("")
    return Markup(to_html(figcaption(text)))


GLOBALS = {"responsive_image": responsive_image, "image_caption": image_caption}


def prepare_generator(generator):
    """One ImageStore per build, in the shared context; globals in each env."""
    context = generator.context
    if CONTEXT_KEY not in context:
        # The generator's output_path: atomic_output has already pointed it
        # at the staging folder.
        context[CONTEXT_KEY] = ImageStore(generator.settings, generator.output_path)
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals.update(GLOBALS)


def rewrite_written_page(path, context=None):
    if not path.endswith(".html") or not context:
        return
    store = context.get(CONTEXT_KEY)
    if store is None:
        return
    with open(path, encoding="utf-8", newline="") as f:
        html = f.read()
    if not IMG_TAG.search(html):
        return
    rewritten = store.rewrite_page(html, context)
    if rewritten != html:
        replace_text(path, rewritten)


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(prepare_generator)
    signals.content_written.connect(rewrite_written_page)
    signals.finalized.connect(clean_published_originals)
