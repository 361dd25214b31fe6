"""Pelican's reader cache (CACHE_CONTENT, LOAD_CONTENT_CACHE) keeps each
Markdown file's HTML and metadata between builds, keyed by the file's hash.
It does not know when the *reading* changes: a Markdown setting, a plugin's
extension, a new library version. This plugin fingerprints all of that and
drops the cache files when the fingerprint differs from the last build's,
before any generator loads them.
"""

import hashlib
import json
import logging
import os
from pathlib import Path

from pelican import signals

from . import saving, stamps
from .plain import plain
from .prereading import read_ahead
from .versions import code_version

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "content-cache-fingerprint.txt"
# Pelican names its reader caches after the generator classes.
CACHE_FILES = ("ArticlesGenerator-Readers", "PagesGenerator-Readers")
LIBRARIES = ("pelican", "markdown", "pygments")
# Where the running build's code lives: plugins/ (every plugin may take part
# in reading through signals or Markdown extensions) and the settings files.
PLUGINS_FOLDER = Path(__file__).resolve().parent.parent
# Set by atomic_output for each run: where the site it replaces is.
VOLATILE = {"PREVIOUS_OUTPUT_PATH"}


def fingerprint(settings):
    """A digest of everything besides the files that shapes what is read."""
    digest = hashlib.blake2b(digest_size=16)
    kept = {k: v for k, v in settings.items() if k not in VOLATILE}
    digest.update(json.dumps(plain(kept), sort_keys=True).encode())
    digest.update(code_version(PLUGINS_FOLDER, libraries=LIBRARIES).encode())
    return digest.hexdigest()


def drop_stale_cache(pelican):
    settings = pelican.settings
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    folder = settings["CACHE_PATH"]
    stamp = os.path.join(folder, FINGERPRINT_FILE)
    current = fingerprint(settings)
    try:
        with open(stamp) as f:
            previous = f.read()
    except OSError:
        previous = None
    if previous == current:
        return
    for name in CACHE_FILES:
        path = os.path.join(folder, name)
        if os.path.exists(path):
            os.remove(path)
            logger.debug("content_cache: dropped %s (settings or code changed)", path)
    os.makedirs(folder, exist_ok=True)
    with open(stamp, "w") as f:
        f.write(current)


def register():
    saving.install()
    stamps.install()
    signals.initialized.connect(drop_stale_cache)
    signals.article_generator_init.connect(read_ahead)
