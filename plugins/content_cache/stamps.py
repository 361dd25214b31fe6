"""Each file's stamp (its MD5 with CHECK_MODIFIED_METHOD = "md5") taken once
per cache and build, and only by a cache that keeps something. Pelican
stamped every article five times a build: the articles generator's own
cache (off with the reader layer) asks and then stores (keeping nothing),
then the read-ahead scan, the reader cache's lookup, and storing what was
read."""

from pelican.cache import FileStampDataCacher

STAMPS = "_stamps_this_build"

_pelican_get_file_stamp = getattr(
    FileStampDataCacher._get_file_stamp,
    "unpatched",
    FileStampDataCacher._get_file_stamp,
)
_pelican_get_cached_data = getattr(
    FileStampDataCacher.get_cached_data,
    "unpatched",
    FileStampDataCacher.get_cached_data,
)
_pelican_cache_data = getattr(
    FileStampDataCacher.cache_data,
    "unpatched",
    FileStampDataCacher.cache_data,
)


def get_cached_data(cacher, filename, default=None):
    if filename not in cacher._cache:
        return default  # no record: the stamp could not match anything
    return _pelican_get_cached_data(cacher, filename, default)


def cache_data(cacher, filename, data):
    if cacher._cache_data_policy:  # else nothing is kept: no stamp to take
        _pelican_cache_data(cacher, filename, data)


def get_file_stamp(cacher, filename):
    # A cache lives for one build (Pelican makes new generators and readers
    # for each), so a file saved mid-build is seen as it was when first asked.
    stamps = vars(cacher).setdefault(STAMPS, {})
    if filename not in stamps:
        stamps[filename] = _pelican_get_file_stamp(cacher, filename)
    return stamps[filename]


def install():
    get_cached_data.unpatched = _pelican_get_cached_data
    cache_data.unpatched = _pelican_cache_data
    get_file_stamp.unpatched = _pelican_get_file_stamp
    FileStampDataCacher.get_cached_data = get_cached_data
    FileStampDataCacher.cache_data = cache_data
    FileStampDataCacher._get_file_stamp = get_file_stamp
