"""Pagefind bundles, a few years of one language each, each indexed again
only when its documents changed.

Bundles per language and years (`pagefind/vi/2025/`, `pagefind/vi/2023-2024/`,
…) rather than one for the site: the search page of a language loads its
newest bundle and merges the older ones (Pagefind's `mergeIndex`); an edit
leaves every other bundle as it was; and Pagefind — whose memory grows with
the pages it indexes at once (~2.5 GB for 20,000 stories in one run) —
indexes one bundle at a time. A bundle whose documents,
search code and Pagefind version are those of the previous build is the
previous site's files, hard-linked (CACHE_PATH/search-bundles.json records
each bundle's key and files, so a failed build never vouches for one).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

from content_cache.files import link_or_copy, read_json, write_json
from content_cache.versions import code_version

BUNDLE = "pagefind"
MANIFEST = "search-bundles.json"

# Pagefind's ready-made interfaces; the search page uses only its JS API
# (pagefind.js, its worker, the WebAssembly and the index).
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def _index(source, bundle):
    # The command line, not Pagefind's Python service: the service sometimes
    # stops its backend while the bundle is still being written (an empty
    # pagefind-entry.json under load); a finished process has written it all.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            source,
            "--output-path",
            bundle,
            "--glob",
            "**/*.html",
            "--silent",
        ],
        check=True,
        capture_output=True,
        text=True,
    )


def write_bundle(documents, bundle):
    """Index {save_as: html} with Pagefind into the folder `bundle`."""
    bundle = os.path.abspath(bundle)
    shutil.rmtree(bundle, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="loa-search-") as source:
        for save_as, html in documents.items():
            path = os.path.join(source, save_as)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(html)
        _index(source, bundle)
    for name in UNUSED_BUNDLE_FILES:
        path = os.path.join(bundle, name)
        if os.path.exists(path):
            os.remove(path)
    _sort_languages(os.path.join(bundle, "pagefind-entry.json"))
    return len(documents)


def _sort_languages(entry_path):
    """Pagefind lists the languages in a different order on each run; two
    builds of the same site must be byte-identical."""
    with open(entry_path, encoding="utf-8") as f:
        entry = json.load(f)
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    with open(entry_path, "w", encoding="utf-8") as f:
        json.dump(entry, f, ensure_ascii=False, separators=(",", ":"))


def plan_bundles(code, stories, size):
    """[(bundle folder, [document paths])] of one language, newest first.

    `stories` are (year, document path). Whole years are packed, oldest
    first, into bundles of at most `size` documents (a year larger than
    that is a bundle of its own): an old bundle keeps its years as new
    stories arrive, so it is indexed again only when one of its stories
    changes. Folders are named by their years (`pagefind/vi/2023-2024/`).
    """
    by_year = {}
    for year, path in stories:
        by_year.setdefault(year, []).append(path)
    bundles, years, paths = [], [], []
    for year in sorted(by_year):
        if paths and len(paths) + len(by_year[year]) > size:
            bundles.append((years, paths))
            years, paths = [], []
        years.append(year)
        paths.extend(by_year[year])
    if paths:
        bundles.append((years, paths))
    named = []
    for years, paths in reversed(bundles):
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        named.append((f"{BUNDLE}/{code}/{span}", sorted(paths)))
    return named


def write_bundles(bundles, source, document, output_path, cache_path, previous_site):
    """Each bundle — (folder, [document paths]) — under `output_path`:
    linked from `previous_site` if what its documents are made from is
    unchanged (`source(path)`: a few strings), else indexed from the
    documents (`document(path)`: HTML), made for that bundle only — one
    bundle at a time, so memory stays that of one bundle, and an edit makes
    the documents of the edited bundle only. Returns the folders indexed
    again."""
    manifest = _load_manifest(cache_path)
    kept, indexed = {}, []
    for folder, paths in bundles:
        bundle = os.path.join(output_path, folder)
        key = _sources_key({path: source(path) for path in paths})
        old = manifest.get(folder)
        if not (
            old
            and old[0] == key
            and _link_intact(previous_site, folder, old[1], bundle)
        ):
            write_bundle({path: document(path) for path in paths}, bundle)
            indexed.append(folder)
        kept[folder] = [key, _files(bundle)]
    if cache_path:
        _save_manifest(cache_path, kept)
    return indexed


def _sources_key(sources):
    """What a bundle is made from: the code that makes and indexes documents
    (this folder, lxml, Pagefind) and each document's path and sources."""
    digest = hashlib.blake2b(digest_size=16)
    here = os.path.dirname(os.path.abspath(__file__))
    digest.update(code_version(here, libraries=("lxml", "pagefind")).encode())
    for path in sorted(sources):
        digest.update(path.encode() + b"\0")
        for part in sources[path]:
            digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _files(bundle):
    """{path in the bundle: [size, mtime_ns]} of every file of `bundle`."""
    files = {}
    for root, _dirs, names in os.walk(bundle):
        for name in names:
            path = os.path.join(root, name)
            stat = os.stat(path)
            files[os.path.relpath(path, bundle)] = [stat.st_size, stat.st_mtime_ns]
    return files


def _link_intact(previous_site, folder, files, bundle):
    """Link the previous site's bundle into `bundle` if it still holds
    exactly the files recorded (other files, such as the .gz/.br copies
    `assets` adds, do not count); False (nothing linked) otherwise."""
    if not previous_site:
        return False
    old = os.path.join(previous_site, folder)
    for relative, stat in files.items():
        try:
            found = os.stat(os.path.join(old, relative))
        except OSError:
            return False
        if [found.st_size, found.st_mtime_ns] != stat:
            return False
    shutil.rmtree(bundle, ignore_errors=True)
    for relative in files:
        target = os.path.join(bundle, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        link_or_copy(os.path.join(old, relative), target)
    return True


def _load_manifest(cache_path):
    if not cache_path:
        return {}
    return read_json(os.path.join(cache_path, MANIFEST), {})


def _save_manifest(cache_path, manifest):
    write_json(os.path.join(cache_path, MANIFEST), manifest)
