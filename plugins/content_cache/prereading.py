"""Markdown the reader cache does not hold, read on all cores first.

Pelican reads articles one after another. Before it starts
(`article_generator_init`), the articles whose reader output is not in the
cache — all of them on a first build, the edited ones after — are read by
forked worker processes, each with the generator's own readers, and their
output is put in the cache as Pelican would have put it. Pelican's loop then
finds every article cached: content objects, signals and errors happen in
the build process as before. A file that fails to read is left to Pelican's
loop, which reports it as usual; log records made while reading are
replayed in the build process.
"""

import os

from pelican.readers import _filter_discardable_metadata
from pelican.urlwrappers import URLWrapper
from pelican.utils import file_suffix

from .workers import forked_pool, index_chunks, kept_log_records, replay

# Below this many files to read, forking costs more than it saves.
MIN_PARALLEL = 100
MAX_WORKERS = 4
CHUNK_FILES = 40

# The generator's readers and the files to read, set before the pool forks.
_pending = None


def read_ahead(generator):
    """Fill the reader cache with every article it lacks, on all cores."""
    global _pending
    readers = generator.readers
    settings = generator.settings
    if not getattr(readers, "_cache_data_policy", False):
        return  # nothing read here would be kept for Pelican's loop
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2:
        return
    missing = []
    for relative in generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
    ):
        path = os.path.abspath(os.path.join(generator.path, relative))
        if file_suffix(path) not in readers.readers:
            continue
        if readers.get_cached_data(path, (None, None))[0] is None:
            missing.append(path)
    if len(missing) < MIN_PARALLEL:
        return
    _pending = (readers, missing)
    try:
        with forked_pool(workers) as pool:
            chunks = index_chunks(len(missing), CHUNK_FILES)
            for chunk in pool.map(_read_chunk, chunks):
                for path, output, records in chunk:
                    if output is None:
                        continue  # Pelican's loop reads it again and reports
                    replay(records)
                    _share_settings(output[1], readers.settings)
                    readers.cache_data(path, output)
    finally:
        _pending = None


def _share_settings(metadata, settings):
    """Sections, tags and authors came back with a copy of the settings
    each: give them the build's own, as a serial read does."""
    for value in metadata.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, URLWrapper):
                item.settings = settings


def _read_chunk(indexes):
    readers, paths = _pending
    read = []
    for i in indexes:
        path = paths[i]
        with kept_log_records() as records:
            try:
                content, metadata = readers.readers[file_suffix(path)].read(path)
                output = (content, _filter_discardable_metadata(metadata))
            except Exception:  # noqa: BLE001 - Pelican's own loop reports it
                output = None
        read.append((path, output, records))
    return read
