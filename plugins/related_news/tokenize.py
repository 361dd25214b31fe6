"""Language-aware tokens for ranking related stories.

- Vietnamese: NFC, lower case, syllables and syllable bigrams (most words are
  two syllables: "công đoàn", "người lao động"), minus function words.
- Thai (written without spaces): character trigrams of each Thai run, chosen
  by measurement over dictionary segmenters (see README.md).
- English: lower case, minus function words, Snowball (Porter 2) stems.

Latin words inside Thai text and Thai inside others are handled by script.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from .stopwords import BY_LANG

# A run of letters/digits in one script; Thai combining marks are part of \w.
WORD_RE = re.compile(r"\w+", re.UNICODE)
THAI_RE = re.compile(r"[\u0E00-\u0E7F]+")
# Phrases are not bridged by bigrams: split at punctuation.
PHRASE_RE = re.compile(r"[^\w\s]+|\n", re.UNICODE)
# Trigrams alone measured as well as bigrams + trigrams, with half the terms.
THAI_NGRAMS = (3,)


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


def thai(text):
    tokens = []
    text = normalize(text)
    for run in THAI_RE.findall(text):
        for n in THAI_NGRAMS:
            tokens.extend(run[i : i + n] for i in range(len(run) - n + 1))
    # Latin words (names, "Zalo", "Tết") inside Thai text.
    latin = THAI_RE.sub(" ", text)
    tokens.extend(vietnamese(latin))
    return tokens


TOKENIZERS = {"vi": vietnamese, "th": thai, "en": english}


def tokenize(text, lang):
    """Tokens of `text` for `lang`; unknown languages fall back to Vietnamese."""
    return TOKENIZERS.get(lang, vietnamese)(text)
