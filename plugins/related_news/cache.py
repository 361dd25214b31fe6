"""Term counts of unchanged stories, and the rankings of a language none of
whose stories changed, are reused between builds.

Each cache is one pickle in CACHE_PATH, keyed by a hash of everything that
goes into an entry; a new engine or tokenizer version starts afresh.
"""

import hashlib
import logging
import os
import pickle

from content_cache.versions import code_version

logger = logging.getLogger(__name__)

# Entries made by other code (another commit, another NumPy) are ignored.
LIBRARIES = ("numpy", "snowballstemmer")
FILE_NAME = "related_news.pickle"
RANKINGS_FILE_NAME = "related_news-rankings.pickle"


def _version():
    return code_version(os.path.dirname(__file__), libraries=LIBRARIES)


def story_hash(story, weights, vocabulary_digest=""):
    digest = hashlib.blake2b(digest_size=16)
    for part in (
        story.lang,
        story.title,
        story.summary,
        story.body,
        "\x1f".join(story.tags),
        story.category,
        repr(sorted(weights.items())),
        vocabulary_digest,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def rankings_key(stories, story_keys, maximum):
    """What one language's rankings depend on: each story (in order), the
    hash of its counts (story_hash) and its date, and how many are kept.
    The code version is not part of it: CountsCache drops a file made by
    other code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{maximum}\0".encode())
    for story in stories:
        line = f"{story.key}\0{story_keys[story.key]}\0{story.date.isoformat()}\0"
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


class CountsCache:
    def __init__(self, directory, file_name=FILE_NAME):
        self.path = os.path.join(directory, file_name) if directory else None
        self.entries = {}
        self.changed = False
        if self.path and os.path.exists(self.path):
            try:
                with open(self.path, "rb") as f:
                    version, entries = pickle.load(f)
                if version == _version():
                    self.entries = entries
            except (OSError, pickle.UnpicklingError, ValueError, EOFError) as e:
                logger.warning(
                    "related_news: ignoring unreadable cache %s (%s)", self.path, e
                )

    def __contains__(self, key):
        return key in self.entries

    def get(self, key):
        return self.entries[key]

    def put(self, key, value):
        self.entries[key] = value
        self.changed = True

    def save(self, keep):
        """Write the entries whose keys are in `keep` (stale ones are dropped)."""
        if not self.path:
            return
        entries = {k: v for k, v in self.entries.items() if k in keep}
        if not self.changed and len(entries) == len(self.entries):
            return  # a rebuild with nothing new: the file is already this

        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = f"{self.path}.{os.getpid()}.tmp"  # two builds may share a cache
        with open(tmp, "wb") as f:
            pickle.dump((_version(), entries), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
