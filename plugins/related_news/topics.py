"""A controlled vocabulary of union-news topics, one file per language.

Two stories about Tết may share no word ("Tết Nguyên Đán", "đón xuân",
"Year of the Tiger"); the vocabulary maps such keywords to one topic term
(`^tet`) that the engine weighs like any other term. Format of `vi.txt`,
`th.txt`, `en.txt`:

    # comment
    topic-id: keyword, multi-word keyword, prefix*

Keywords are case-insensitive. Latin and Vietnamese keywords match whole
words (`*` at the end: any ending); Thai keywords, written without spaces,
match anywhere.
"""

import hashlib
import re
from collections import Counter
from functools import cached_property, lru_cache
from pathlib import Path

from .tokenize import THAI_RE, WORD_RE, normalize

DEFAULT_FOLDER = Path(__file__).parent / "topics"
TOPIC_PREFIX = "^"
THAI = re.compile(r"[\u0E00-\u0E7F]")
LINE = re.compile(r"^\s*([a-z0-9][a-z0-9-]*)\s*:(.*)$")


class VocabularyError(ValueError):
    """A malformed line, reported as `path:line: message`."""


class _Keywords:
    """The keywords of one language as one regular expression, each topic a
    trie, so the scan stays in C and a greedy match is the longest.

    Latin and Vietnamese keywords match whole words of the text with its
    punctuation and spacing folded to single spaces (`fee*` = any word
    starting with "fee"); Thai keywords match anywhere in the raw text. When
    two topics' keywords start at the same place, the first topic wins
    (Latin) or the longest keyword (Thai).
    """

    def __init__(self, topics):
        self.topics = list(topics)
        latin, self.thai_topic = [], {}
        for number, (topic, keywords) in enumerate(topics.items()):
            words = {" ".join(KEYWORD_WORD.findall(k)) for k in keywords}
            words = {w for w in words if w and not THAI.search(w)}
            if words:
                latin.append(f"(?P<t{number}>{_trie(words)})")
            for keyword in keywords:
                if THAI.search(keyword):
                    self.thai_topic.setdefault("".join(keyword.split()), topic)
        # Words are joined by single spaces: a match starts after a space
        # and ends before one (the space is a literal the scan can skip to).
        self.latin = re.compile(f" (?:{'|'.join(latin)})(?= )") if latin else None
        # Thai keywords are literal: one trie for all, the match names its topic.
        self.thai = re.compile(_trie(self.thai_topic)) if self.thai_topic else None

    def count(self, text, found):
        if self.thai and THAI.search(text):
            for keyword in self.thai.findall(text):
                found[self.thai_topic[keyword]] += 1
            text = THAI_RE.sub(" ", text)
        if self.latin:
            words = " " + " ".join(WORD_RE.findall(text)) + " "
            for match in self.latin.finditer(words):
                found[self.topics[int(match.lastgroup[1:])]] += 1


KEYWORD_WORD = re.compile(r"\w+\*?")


def _trie(keywords):
    """A regular expression matching any of `keywords`, longest first; a `*`
    stands for the rest of a word."""
    root = {}
    for keyword in keywords:
        node = root
        for letter in keyword:
            node = node.setdefault(letter, {})
        node[""] = {}

    def pattern(node):
        # Letters before the wildcard: the longer, exact keyword is tried first.
        branches = [
            (r"\w*" if letter == "*" else re.escape(letter)) + pattern(child)
            for letter, child in sorted(node.items(), key=lambda item: item[0] == "*")
            if letter
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


def parse(text, path="<topics>"):
    """{topic: [keywords]} of one language file, in file order."""
    topics = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = LINE.match(line)
        if not match:
            raise VocabularyError(
                f"{path}:{number}: expected 'topic-id: keyword, keyword', "
                f"got {line.strip()!r}"
            )
        topic, keywords = match.groups()
        words = [normalize(k.strip()) for k in keywords.split(",") if k.strip()]
        if not words:
            raise VocabularyError(f"{path}:{number}: topic {topic!r} has no keywords")
        topics.setdefault(topic, []).extend(words)
    return topics


class Vocabulary:
    """Topic keywords per language, and a digest for the counts cache."""

    def __init__(self, by_lang, digest=""):
        self.by_lang = by_lang
        self.digest = digest

    @cached_property
    def keywords(self):
        # Compiled on first use: check_settings loads the vocabulary only to
        # validate it, and a build with every story cached never matches.
        return {
            lang: _Keywords(
                {TOPIC_PREFIX + topic: words for topic, words in topics.items()}
            )
            for lang, topics in self.by_lang.items()
        }

    @classmethod
    def load(cls, folder):
        digest = hashlib.blake2b(digest_size=16)
        by_lang = {}
        for path in sorted(Path(folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            by_lang[path.stem] = parse(text, path)
            digest.update(path.stem.encode() + b"\0" + text.encode("utf-8") + b"\0")
        return cls(by_lang, digest.hexdigest())

    def counts(self, text, lang):
        """{topic term: number of keyword matches} in `text`."""
        found = Counter()
        keywords = self.keywords.get(lang)
        if keywords and text:
            keywords.count(normalize(text), found)
        return found


@lru_cache(maxsize=1)
def default_vocabulary():
    return Vocabulary.load(DEFAULT_FOLDER)
