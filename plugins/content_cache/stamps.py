"""Each file's stamp (its MD5 with CHECK_MODIFIED_METHOD = "md5") taken once
per cache and build. Pelican stamped every article four times a build: the
articles generator's own cache (empty with the reader layer) asks, then the
read-ahead scan, the reader cache's lookup, and storing what was read."""

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


def get_cached_data(cacher, filename, default=None):
    if filename not in cacher._cache:
        return default  # no record: the stamp could not match anything
    return _pelican_get_cached_data(cacher, filename, default)


def get_file_stamp(cacher, filename):
    # A cache lives for one build (Pelican makes new generators and readers
    # for each), so a file saved mid-build is seen as it was when first asked.
    stamps = vars(cacher).setdefault(STAMPS, {})
    if filename not in stamps:
        stamps[filename] = _pelican_get_file_stamp(cacher, filename)
    return stamps[filename]


def install():
    get_cached_data.unpatched = _pelican_get_cached_data
    get_file_stamp.unpatched = _pelican_get_file_stamp
    FileStampDataCacher.get_cached_data = get_cached_data
    FileStampDataCacher._get_file_stamp = get_file_stamp
