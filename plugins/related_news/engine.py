"""Ranks related stories: BM25-weighted term vectors, cosine similarity, and
an inverted index with pruned postings so cost grows linearly with the number
of stories (never all pairs).

Pure functions and per-build objects only: the Pelican wiring lives in
related_news.py, the tokens in tokenize.py.
"""

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from .tokenize import tokenize

DEFAULT_WEIGHTS = {
    "title": 3.0,
    "summary": 2.0,
    "body": 1.0,
    "tags": 2.0,
    "category": 1.0,
}
BM25_K1 = 1.2
BM25_B = 0.75
# Each story is described by its strongest terms, and each term lists only
# the stories it describes most: both caps keep the work per story bounded.
TERMS_PER_STORY = 40
STORIES_PER_TERM = 100
# A story three years apart loses this share of its score: enough to break
# ties in favour of the nearer story, never enough to beat better text.
RECENCY_PENALTY = 0.1
RECENCY_HORIZON_DAYS = 3 * 365


@dataclass
class Story:
    key: str  # unique and stable: breaks ties deterministically
    lang: str
    title: str
    summary: str = ""
    body: str = ""
    tags: tuple = ()
    category: str = ""
    date: date | datetime | None = None
    payload: object = field(default=None, compare=False, repr=False)


def term_counts(story, weights=DEFAULT_WEIGHTS):
    """Weighted term frequencies of one story (what the cache keeps)."""
    counts = Counter()
    for name in ("title", "summary", "body"):
        weight = weights[name]
        if weight:
            for token, n in Counter(tokenize(getattr(story, name), story.lang)).items():
                counts[token] += n * weight
    for tag in story.tags:
        counts["#" + tag.strip().lower()] += weights["tags"]
    if story.category:
        counts["@" + story.category.strip().lower()] += weights["category"]
    return dict(counts)


def _days(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.timestamp() / 86400
    return value.toordinal() - date(1970, 1, 1).toordinal()


class RelatedIndex:
    """The stories of one language, ready to answer `related(i)`."""

    def __init__(self, stories, counts):
        """`counts[i]` are the term counts of `stories[i]` (see term_counts)."""
        self.stories = stories
        self.days = [_days(s.date) for s in stories]
        self.vectors = self._vectors(counts)
        self.postings = self._postings(self.vectors)

    @staticmethod
    def _vectors(counts):
        n = len(counts)
        df = Counter(term for c in counts for term in c)
        lengths = [sum(c.values()) for c in counts]
        average = (sum(lengths) / n) if n else 1.0
        vectors = []
        for c, length in zip(counts, lengths, strict=True):
            norm_len = BM25_K1 * (1 - BM25_B + BM25_B * length / (average or 1.0))
            weights = {
                term: (tf * (BM25_K1 + 1) / (tf + norm_len))
                * math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                for term, tf in c.items()
            }
            # The norm is over every term (true cosine), but a term no other
            # story has can't make a match: only shared terms are kept.
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            shared = ((t, w) for t, w in weights.items() if df[t] > 1)
            top = heapq.nlargest(TERMS_PER_STORY, shared, key=_weight_then_term)
            vectors.append([(term, w / norm) for term, w in top])
        return vectors

    @staticmethod
    def _postings(vectors):
        postings = defaultdict(list)
        for i, vector in enumerate(vectors):
            for term, weight in vector:
                postings[term].append((weight, i))
        for term, entries in postings.items():
            if len(entries) > STORIES_PER_TERM:
                postings[term] = heapq.nlargest(STORIES_PER_TERM, entries)
        return postings

    def related(self, i, k=5, accept=None):
        """Indexes of the `k` stories most related to story `i`, best first.

        `accept(j)` may narrow the candidates (e.g. same category).
        """
        scores = defaultdict(float)
        postings = self.postings
        for term, weight in self.vectors[i]:
            for other_weight, j in postings.get(term, ()):
                scores[j] += weight * other_weight
        scores.pop(i, None)
        ranked = []
        day = self.days[i]
        for j, score in scores.items():
            if score <= 0 or (accept is not None and not accept(j)):
                continue
            if day is not None and self.days[j] is not None:
                gap = min(abs(day - self.days[j]) / RECENCY_HORIZON_DAYS, 1.0)
                score *= 1 - RECENCY_PENALTY * gap
            ranked.append((score, j))
        best = heapq.nsmallest(
            k, ranked, key=lambda item: (-item[0], self.stories[item[1]].key)
        )
        return [j for _, j in best]


def _weight_then_term(item):
    term, weight = item
    return (weight, term)
