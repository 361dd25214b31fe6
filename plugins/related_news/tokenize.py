"""Language-aware tokens for ranking related stories.

- Vietnamese: NFC, lower case, syllables and syllable bigrams (most words are
  two syllables: "công đoàn", "người lao động"), minus function words.
- Thai (written without spaces): character trigrams of each Thai run that
  start where a syllable can, chosen by measurement over dictionary
  segmenters (see README.md).
- English: lower case, minus function words, Snowball (Porter 2) stems.

Latin words inside Thai text and Thai inside others are handled by script.
"""

import hashlib
import re
import unicodedata
from functools import lru_cache

import numpy as np
import snowballstemmer

from .stopwords import BY_LANG

# A run of letters/digits in one script; Thai combining marks are part of \w.
WORD_RE = re.compile(r"\w+", re.UNICODE)
THAI_RE = re.compile(r"[\u0E00-\u0E7F]+")
# Phrases are not bridged by bigrams: split at punctuation.
PHRASE_RE = re.compile(r"[^\w\s]+|\n", re.UNICODE)


def normalize(text):
    return unicodedata.normalize("NFC", text or "").lower()


_ENGLISH_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word):
    # Snowball is pure Python; a newsroom's vocabulary repeats, so cache stems.
    return _ENGLISH_STEMMER.stemWord(word)


def _words(phrase):
    return [w for w in WORD_RE.findall(phrase) if not w.isdigit()]


def vietnamese(text):
    tokens = []
    stop = BY_LANG["vi"]
    for phrase in PHRASE_RE.split(normalize(text)):
        syllables = _words(phrase)
        kept = [s for s in syllables if s not in stop and len(s) > 1]
        tokens.extend(kept)
        tokens.extend(
            f"{a}_{b}"
            for a, b in zip(syllables, syllables[1:], strict=False)
            if not (a in stop and b in stop)
        )
    return tokens


def english(text):
    stop = BY_LANG["en"]
    words = [w for w in _words(normalize(text)) if w not in stop and len(w) > 1]
    return [_stem(w) for w in words]


def _cannot_start_syllable(letter):
    # Following vowels and tone marks (ะ ั า ำ ิ ี … ่ ้ ๊ ๋ ์): a trigram
    # starting there straddles two syllables. Dropping those measured better
    # and leaves a third fewer terms.
    code = ord(letter)
    return 0x0E30 <= code <= 0x0E3A or 0x0E45 <= code <= 0x0E4E


def thai(text):
    # Trigrams alone measured as well as bigrams + trigrams, with half the
    # terms; term_id and _thai_trigram_ids know only trigrams.
    tokens = []
    text = normalize(text)
    for run in THAI_RE.findall(text):
        tokens.extend(
            run[i : i + 3]
            for i in range(len(run) - 2)
            if not _cannot_start_syllable(run[i])
        )
    # Latin words (names, "Zalo", "Tết") inside Thai text.
    latin = THAI_RE.sub(" ", text)
    tokens.extend(vietnamese(latin))
    return tokens


TOKENIZERS = {"vi": vietnamese, "th": thai, "en": english}


def tokenize(text, lang):
    """Tokens of `text` for `lang`; unknown languages fall back to Vietnamese."""
    return TOKENIZERS.get(lang, vietnamese)(text)


# Terms are 63-bit integers, the same on every machine and in every process
# (the cache keeps them): a Thai trigram is its three code points packed under
# THAI_TRIGRAM, any other token the first 62 bits of its BLAKE2 hash.
THAI_BASE = 0x0E00
THAI_LAST = 0x0E7F
THAI_TRIGRAM = 1 << 62


@lru_cache(maxsize=1 << 18)
def term_id(token):
    if len(token) == 3 and all(THAI_BASE <= ord(c) <= THAI_LAST for c in token):
        a, b, c = (ord(c) - THAI_BASE for c in token)
        return THAI_TRIGRAM | a << 14 | b << 7 | c
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 2


def _thai_trigram_ids(text):
    # The trigrams of thai(), computed on the code points at once: a Thai
    # body has thousands of them.
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    is_thai = (points >= THAI_BASE) & (points <= THAI_LAST)
    inside = is_thai[:-2] & is_thai[1:-1] & is_thai[2:]
    first = points[:-2]
    inside &= ~(
        ((first >= 0x0E30) & (first <= 0x0E3A))
        | ((first >= 0x0E45) & (first <= 0x0E4E))
    )
    offsets = points - THAI_BASE
    ids = THAI_TRIGRAM | offsets[:-2] << 14 | offsets[1:-1] << 7 | offsets[2:]
    return ids[inside]


def token_ids(text, lang):
    """`term_id` of every token of `tokenize(text, lang)`, as an array."""
    if lang == "th":
        text = normalize(text)
        latin = [term_id(t) for t in vietnamese(THAI_RE.sub(" ", text))]
        return np.concatenate(
            [_thai_trigram_ids(text), np.array(latin, dtype=np.int64)]
        )
    return np.array([term_id(t) for t in tokenize(text, lang)], dtype=np.int64)
