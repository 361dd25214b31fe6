"""What static hosts need from a finished site:

- fingerprinted copies of the theme's CSS and JS under `assets/`
  (`assets/css/loa.3f2a9c1e.css`) so they can be cached for a year; templates
  link them with `{{ asset("css/loa.css") }}`;
- `_headers` and `_redirects` for Netlify and Cloudflare Pages: a strict
  Content-Security-Policy the site's own scripts satisfy, long caching for
  fingerprinted assets, short for pages and feeds, per-language 404 pages;
- `.gz` and `.br` copies of every text file, for hosts that serve them as-is
  (ASSETS_PRECOMPRESS, on in publishconf.py). Copies are byte-stable: gzip
  without a timestamp, so two builds give identical output.
"""

import gzip
import hashlib
import logging
import os

import brotli
from content_cache.files import holds, link_or_copy
from content_cache.workers import forked_pool
from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

logger = logging.getLogger(__name__)

FINGERPRINTED = (".css", ".js", ".svg", ".woff2")
TEXT_SUFFIXES = (".html", ".css", ".js", ".xml", ".txt", ".json", ".svg", ".ics")
ASSETS_DIR = "assets"
HASH_LENGTH = 10
# Measured on 300 pages: quality 6 compresses in 0.06 s what 9 does in 1.6 s
# (3 % larger) and 11 in 3.4 s (10 % smaller). Builds stay fast.
BROTLI_QUALITY = 6
# What made the copies: old ones are reused only if it has not changed.
COMPRESSION = f"gzip 9, brotli {BROTLI_QUALITY} ({brotli.__version__})"
STAMP_FILE = "precompress.txt"
# Below this many text files, forking workers costs more than it saves.
MIN_PARALLEL = 400
CHUNK_FILES = 64
MAX_WORKERS = 4
# Third parties a page may load, and only after a reader taps a video.
FRAME_SOURCES = (
    "https://www.youtube-nocookie.com",
    "https://www.facebook.com",
    "https://player.vimeo.com",
    "https://www.tiktok.com",
)
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Pagefind's search runs WebAssembly; nothing else needs more than 'self'.
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: https://i.ytimg.com",
        "media-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        f"frame-src {' '.join(FRAME_SOURCES)}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


def fingerprint(theme_static):
    """{"css/loa.css": "assets/css/loa.<hash>.css"} for the theme's assets."""
    manifest = {}
    for folder, _dirs, files in os.walk(theme_static):
        for name in sorted(files):
            if not name.endswith(FINGERPRINTED):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, theme_static).replace(os.sep, "/")
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()[:HASH_LENGTH]
            stem, suffix = os.path.splitext(relative)
            manifest[relative] = f"{ASSETS_DIR}/{stem}.{digest}{suffix}"
    return manifest


@pass_context
def asset(context, path):
    """The URL path of a theme file: fingerprinted when it can be."""
    manifest = context.get("ASSET_MANIFEST") or {}
    return manifest.get(path) or f"{context['THEME_STATIC_DIR']}/{path}"


def headers_file(sites):
    """Netlify / Cloudflare Pages headers; HTML keeps the hosts' short default."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {CONTENT_SECURITY_POLICY}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=()",
        "",
        f"/{ASSETS_DIR}/*",
        "  Cache-Control: public, max-age=31536000, immutable",
        "",
    ]
    short = ["/sitemap.xml", "/news-sitemap.xml", "/robots.txt"]
    short += [f"/{site.prefix}feeds/*" for site in sites.values()]
    for path in short:
        lines += [path, "  Cache-Control: public, max-age=600", ""]
    return "\n".join(lines)


def redirects_file(sites):
    """Each language's missing pages get that language's 404 page."""
    lines = []
    for site in sorted(sites.values(), key=lambda s: -len(s.prefix)):
        pattern = f"/{site.prefix}*"
        lines.append(f"{pattern}  /{site.prefix}404.html  404")
    return "\n".join(lines) + "\n"


class AssetsGenerator(Generator):
    def generate_context(self):
        theme_static = os.path.join(self.theme, "static")
        self.manifest = fingerprint(theme_static)
        self.context["ASSET_MANIFEST"] = self.manifest
        self.theme_static = theme_static

    def generate_output(self, writer):
        for source, target in self.manifest.items():
            path = os.path.join(self.output_path, target)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(os.path.join(self.theme_static, source), "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data)
        sites = self.context["LANGUAGE_SITES"]
        for name, text in (
            ("_headers", headers_file(sites)),
            ("_redirects", redirects_file(sites)),
        ):
            with open(os.path.join(self.output_path, name), "w") as f:
                f.write(text)


def precompress(pelican):
    """Write .gz and .br beside each text file of the finished site.

    A file unchanged since the site being replaced (`PREVIOUS_OUTPUT_PATH`,
    set by atomic_output) takes that site's copies instead (hard links):
    after one edit only the pages it touched are compressed again. Pages
    the writer linked from the previous site are known here without being
    read; the rest are compared and compressed on all cores when there are
    many (0.4 ms a page: 12 s for 30,000 on one core).
    """
    settings = pelican.settings
    if not settings.get("ASSETS_PRECOMPRESS"):
        return
    stamp = os.path.join(settings["CACHE_PATH"], STAMP_FILE)
    previous = settings.get("PREVIOUS_OUTPUT_PATH")
    if _read_text(stamp) != COMPRESSION:
        previous = None  # copies made by other settings or another brotli
    linked, pending = 0, []
    for folder, _dirs, files in os.walk(pelican.output_path):
        for name in files:
            if name.endswith(TEXT_SUFFIXES):
                path = os.path.join(folder, name)
                old = previous and _with_copies(
                    os.path.join(previous, os.path.relpath(path, pelican.output_path))
                )
                if old and _same_file(path, old):
                    _link_copies(old, path)  # the writer linked the page itself
                    linked += 1
                else:
                    pending.append((path, old))
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(pending) < MIN_PARALLEL:
        compressed = sum(map(_compress_copies, pending))
    else:
        with forked_pool(workers) as pool:
            compressed = sum(pool.map(_compress_copies, pending, chunksize=CHUNK_FILES))
    os.makedirs(os.path.dirname(stamp), exist_ok=True)
    with open(stamp, "w") as f:
        f.write(COMPRESSION)
    logger.info(
        "assets: precompressed %d files, %d unchanged",
        compressed,
        linked + len(pending) - compressed,
    )


def _compress_copies(job):
    """Give `path` its .gz and .br copies: the old file's when it holds the
    same bytes, else new ones. True if they had to be compressed."""
    path, old = job
    with open(path, "rb") as f:
        data = f.read()
    if old and holds(old, data):
        _link_copies(old, path)
        return False
    with open(path + ".gz", "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    with open(path + ".br", "wb") as f:
        f.write(brotli.compress(data, quality=BROTLI_QUALITY))
    return True


def _with_copies(old):
    """`old` if the previous site has its compressed copies (whether it has
    the file itself, `samefile` and `holds` find out)."""
    if all(os.path.exists(old + suffix) for suffix in (".gz", ".br")):
        return old
    return None


def _same_file(path, old):
    try:
        return os.path.samefile(path, old)
    except OSError:
        return False


def _link_copies(old, path):
    for suffix in (".gz", ".br"):
        link_or_copy(old + suffix, path + suffix)


def _read_text(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def install_globals(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["asset"] = asset


def get_generators(pelican):
    return AssetsGenerator


def register():
    signals.generator_init.connect(install_globals)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(precompress)
