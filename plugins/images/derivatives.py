"""Resized, re-encoded copies of one picture, cached by what goes into them.

Each picture gets copies at several widths in its own format (JPEG, or PNG
for PNGs and pictures with transparency) and in WebP. The EXIF orientation
is applied to the pixels, colours are converted to sRGB, and nothing else of
the original's metadata (EXIF with GPS and camera serials, ICC, XMP,
comments) is written out.

The cache is a folder of finished files plus one small JSON manifest per
picture, named by a hash of the picture's bytes, the widths, the encoder
settings and its own code: an unchanged picture is never decoded or encoded
again, and any change to what would come out starts afresh.
"""

import hashlib
import io
import json
import logging
import os
import re
import unicodedata
from dataclasses import asdict, dataclass

from content_cache.versions import code_version
from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

DEFAULT_WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 80
WEBP_QUALITY = 75
# libwebp's default: 6 is ~2x slower for ~1-2 % smaller files.
WEBP_METHOD = 4
HASH_LENGTH = 8
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}
ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
UNSAFE_IN_NAMES = re.compile(r"[^a-z0-9]+")


class ImageError(Exception):
    """A file that should be a picture could not be read as one."""


@dataclass(frozen=True)
class Derivative:
    width: int
    height: int
    format: str  # "jpeg", "png" or "webp"
    # File name in the cache folder, and in the site's derived-images folder.
    relative_name: str
    size: int  # bytes

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]


def plan_widths(original_width, widths):
    """The widths to make: never wider than the original.

    Configured widths the original is too narrow for are replaced by one copy
    at the original's own width, so a 1200 px photo gets 480, 960 and 1200,
    and a 300 px one just 300.
    """
    wanted = sorted(set(widths))
    smaller = [w for w in wanted if w < original_width]
    if len(smaller) < len(wanted):
        smaller.append(original_width)
    return smaller


def safe_stem(path):
    """An ASCII file-name stem for URLs: "Hội thảo.jpg" -> "hoi-thao"."""
    stem = os.path.splitext(os.path.basename(path))[0]
    stem = stem.replace("đ", "d").replace("Đ", "D")
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return UNSAFE_IN_NAMES.sub("-", stem.lower()).strip("-")[:60] or "image"


def _version():
    # The encoding code and Pillow: a derivative made by other code is made
    # again (and gets another name).
    return code_version(__file__, libraries=("pillow",))


def cache_key(data, widths, jpeg_quality, webp_quality):
    digest = hashlib.blake2b(digest_size=16)
    settings = (_version(), tuple(sorted(set(widths))), jpeg_quality, webp_quality)
    digest.update(repr((*settings, WEBP_METHOD)).encode())
    digest.update(b"\x00")
    digest.update(data)
    return digest.hexdigest()


def _to_srgb(image, mode):
    """`image` in sRGB `mode` ("RGB" or "RGBA"), by its ICC profile if it has one.

    Phones save photos in Display P3; dropping that profile without
    converting would make their colours dull.
    """
    icc = image.info.get("icc_profile")
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert(mode)  # palettes, 16-bit, grey with alpha
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, profile, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError) as e:
            # A broken or unusual profile: keep the numbers as they are.
            logger.debug("images: ignoring ICC profile (%s)", e)
    return image if image.mode == mode else image.convert(mode)


def _encode(image, fmt, jpeg_quality, webp_quality):
    """The bytes of `image` in `fmt`, with no metadata at all."""
    image.info = {}  # PNG and JPEG would otherwise carry ICC/comments over
    buffer = io.BytesIO()
    if fmt == "jpeg":
        image.save(
            buffer, "JPEG", quality=jpeg_quality, progressive=True, optimize=True
        )
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=webp_quality, method=WEBP_METHOD)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _write(path, data):
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class DerivativeCache:
    """Makes derivatives into `directory`, or finds them there from a past run.

    `hits` and `encoded` count pictures taken from the cache and pictures
    decoded and encoded by this object.
    """

    def __init__(
        self,
        directory,
        widths=DEFAULT_WIDTHS,
        jpeg_quality=JPEG_QUALITY,
        webp_quality=WEBP_QUALITY,
    ):
        self.directory = directory
        self.widths = tuple(widths)
        self.jpeg_quality = jpeg_quality
        self.webp_quality = webp_quality
        self.hits = 0
        self.encoded = 0

    def path(self, derivative):
        return os.path.join(self.directory, derivative.relative_name)

    def get(self, source_path):
        """The derivatives of the picture at `source_path`, fallback format first.

        An empty list for pictures that are better left as they are
        (animations). Raises ImageError if the file is not a readable picture.
        """
        with open(source_path, "rb") as f:
            data = f.read()
        key = cache_key(data, self.widths, self.jpeg_quality, self.webp_quality)
        stem = safe_stem(source_path)
        manifest = os.path.join(self.directory, f"{stem}-{key}.json")
        derivatives = self._load(manifest)
        if derivatives is not None:
            self.hits += 1
            return derivatives
        os.makedirs(self.directory, exist_ok=True)
        derivatives = self._make(data, f"{stem}-{key[:HASH_LENGTH]}", source_path)
        self.encoded += 1
        record = {
            "version": _version(),
            "derivatives": [asdict(d) for d in derivatives],
        }
        _write(manifest, json.dumps(record, indent=1).encode())
        return derivatives

    def _load(self, manifest):
        try:
            with open(manifest, encoding="utf-8") as f:
                record = json.load(f)
            if record["version"] != _version():
                return None
            derivatives = [Derivative(**d) for d in record["derivatives"]]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as e:
            logger.warning(
                "images: ignoring unreadable cache entry %s (%s)", manifest, e
            )
            return None
        for derivative in derivatives:
            path = self.path(derivative)
            if not os.path.isfile(path) or os.path.getsize(path) != derivative.size:
                return None
        return derivatives

    def _make(self, data, prefix, source_path):
        try:
            with Image.open(io.BytesIO(data)) as opened:
                if getattr(opened, "n_frames", 1) > 1:
                    return []  # an animation: a still would lose it
                source_format = opened.format
                opened.load()
                image = ImageOps.exif_transpose(opened)
                alpha = image.mode in ALPHA_MODES or (
                    image.mode == "P" and "transparency" in image.info
                )
                image = _to_srgb(image, "RGBA" if alpha else "RGB")
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as e:
            raise ImageError(f"{source_path}: {e}") from e
        fallback = "png" if source_format == "PNG" or alpha else "jpeg"
        derivatives = []
        for fmt in (fallback, "webp"):
            for width in plan_widths(image.width, self.widths):
                height = max(1, round(image.height * width / image.width))
                resized = image
                if width != image.width:
                    resized = image.resize(
                        (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
                    )
                encoded = _encode(resized, fmt, self.jpeg_quality, self.webp_quality)
                name = f"{prefix}-{width}.{EXTENSIONS[fmt]}"
                _write(os.path.join(self.directory, name), encoded)
                derivatives.append(Derivative(width, height, fmt, name, len(encoded)))
        return derivatives


def make_derivatives(
    source_path,
    cache_dir,
    widths=DEFAULT_WIDTHS,
    jpeg_quality=JPEG_QUALITY,
    webp_quality=WEBP_QUALITY,
):
    """The derivatives of one picture, made in `cache_dir` unless already there."""
    cache = DerivativeCache(cache_dir, widths, jpeg_quality, webp_quality)
    return cache.get(source_path)
