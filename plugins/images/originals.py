"""The originals a site publishes carry no camera data.

Phones write the place a photo was taken (GPS) and the device into its EXIF;
on a union's site that can locate members. Derivatives are already clean;
this cleans the copied originals too (og:image, feeds and the `<img>` fallback
point at them): turned upright, saved without EXIF, ICC or comments. Only
files that have EXIF are re-encoded, so clean pictures keep their bytes.
"""

import logging
import os

from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

CLEANABLE = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
JPEG_QUALITY = 90  # an original stays close to what the editor uploaded


def has_exif(path):
    with Image.open(path) as image:
        return bool(image.getexif())


def strip_metadata(path):
    """Rewrite `path` upright and without metadata; True if it changed."""
    kind = CLEANABLE.get(os.path.splitext(path)[1].lower())
    if kind is None:
        return False
    try:
        if not has_exif(path):
            return False
        with Image.open(path) as image:
            clean = ImageOps.exif_transpose(image)
            clean.info.clear()
            options = {"quality": JPEG_QUALITY} if kind == "JPEG" else {}
            if kind == "JPEG" and clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            tmp = f"{path}.{os.getpid()}.tmp"
            clean.save(tmp, format=kind, **options)
        os.replace(tmp, path)
        return True
    except UnidentifiedImageError:
        return False  # not a picture Pillow reads: reported where it is used
    except OSError as e:
        logger.warning("images: could not clean %s (%s)", path, e)
        return False


def clean_published_originals(pelican):
    """finalized receiver: strip metadata from the pictures copied from
    content/ (STATIC_PATHS); derivatives and drawn cards are clean already."""
    cleaned = 0
    roots = [
        os.path.join(pelican.output_path, folder)
        for folder in pelican.settings.get("STATIC_PATHS", [])
    ]
    for folder, dirs, names in (entry for root in roots for entry in os.walk(root)):
        dirs[:] = [d for d in dirs if d != "derived"]
        for name in names:
            if strip_metadata(os.path.join(folder, name)):
                cleaned += 1
    if cleaned:
        logger.info("images: removed camera data from %d published originals", cleaned)
