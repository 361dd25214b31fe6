"""Ranks related stories: BM25-weighted term vectors, cosine similarity, and
an inverted index with pruned postings so cost grows linearly with the number
of stories (never all pairs).

The index is flat NumPy arrays (terms and postings as CSR), so ranking every
story is a few vector operations per block of stories rather than a Python
loop per shared term. Pure functions and per-build objects only: the Pelican
wiring lives in related_news.py, the tokens in tokenize.py.
"""

import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from .tokenize import THAI_TRIGRAM, term_id, token_ids
from .topics import default_vocabulary

DEFAULT_WEIGHTS = {
    "title": 3.0,
    "summary": 2.0,
    "body": 1.0,
    "tags": 2.0,
    "category": 1.0,
    "topics": 2.0,
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
# Scores are summed into a dense block of (stories × all stories); this
# bounds the block to ~32 MB whatever the number of stories.
BLOCK_CELLS = 4_000_000
# Stories are also compared by their topic profiles (topics.py): the final
# score is 70 % text, 30 % topics. A profile counts fully from 4 (weighted)
# keyword matches: one word in passing does not claim a topic.
TOPIC_SHARE = 0.3
TOPIC_EVIDENCE = 4.0
THAI_TRIGRAM_CODES = 1 << 21
# Counting terms costs ~0.5 ms a story: from a few hundred stories to count
# (a first build, a new vocabulary), all cores share the work.
PARALLEL_THRESHOLD = 400
MAX_WORKERS = 4
CHUNK_STORIES = 64


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


def term_counts(story, weights=DEFAULT_WEIGHTS, vocabulary=None):
    """Weighted term frequencies of one story (what the cache keeps): sorted
    term ids (see tokenize.term_id) and their weights, as two arrays.

    Topic terms from `vocabulary` (topics.py) count once per keyword found,
    scaled by the field's weight and the "topics" weight.
    """
    vocabulary = vocabulary or default_vocabulary()
    ids, scale = [], []
    extra, topics = Counter(), Counter()
    for name in ("title", "summary", "body"):
        text = getattr(story, name)
        if weights[name]:
            ids.append(token_ids(text, story.lang))
            scale.append(np.full(len(ids[-1]), float(weights[name])))
            for topic, n in vocabulary.counts(text, story.lang).items():
                topics[topic] += n * weights[name]
    for topic, n in topics.items():
        extra[topic] += n * weights["topics"]
    for tag in story.tags:
        extra["#" + tag.strip().lower()] += weights["tags"]
    if story.category:
        extra["@" + story.category.strip().lower()] += weights["category"]
    ids.append(np.array([term_id(t) for t in extra], dtype=np.int64))
    scale.append(np.array(list(extra.values()), dtype=float))
    terms, where = np.unique(np.concatenate(ids), return_inverse=True)
    return terms, np.bincount(where, weights=np.concatenate(scale)), dict(topics)


# What all_term_counts' workers count, set before the pool forks.
_counting = None


def _as_is(story):
    return story


def all_term_counts(
    stories, weights=DEFAULT_WEIGHTS, vocabulary=None, workers=None, prepare=_as_is
):
    """`term_counts` of every story after `prepare` (e.g. stripping HTML),
    in order; on all cores when many."""
    global _counting
    vocabulary = vocabulary or default_vocabulary()
    if workers is None:
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(stories) < PARALLEL_THRESHOLD or workers < 2:
        return [term_counts(prepare(s), weights, vocabulary) for s in stories]
    # Forked workers find the stories and the vocabulary here: only index
    # ranges go out and counts come back (nothing else is pickled).
    _counting = (stories, weights, vocabulary, prepare)
    try:
        chunks = [
            range(i, min(i + CHUNK_STORIES, len(stories)))
            for i in range(0, len(stories), CHUNK_STORIES)
        ]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return [c for chunk in pool.map(_count_chunk, chunks) for c in chunk]
    finally:
        _counting = None


def _count_chunk(indexes):
    stories, weights, vocabulary, prepare = _counting
    return [term_counts(prepare(stories[i]), weights, vocabulary) for i in indexes]


def _days(value):
    if value is None:
        return np.nan
    if isinstance(value, datetime):
        return value.timestamp() / 86400
    return float(value.toordinal() - date(1970, 1, 1).toordinal())


def _group_starts(groups):
    """Index of the first entry of each run in sorted `groups`."""
    return np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])


def _rank_within_groups(groups):
    """0, 1, 2… within each run of equal values of sorted `groups`."""
    starts = _group_starts(groups)
    lengths = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, lengths)


def _number_terms(ids):
    """Number the distinct `ids` 0, 1, 2… in increasing order: (numbers, count).

    Thai trigram ids are 21-bit codes under a flag, so they are numbered by
    counting rather than sorting (a Thai corpus has millions of them).
    """
    thai = ids >= THAI_TRIGRAM
    others, numbers = np.unique(ids[~thai], return_inverse=True)
    codes = ids[thai] - THAI_TRIGRAM
    present = np.bincount(codes, minlength=THAI_TRIGRAM_CODES) > 0
    code_number = np.cumsum(present) - 1 + len(others)
    term = np.empty(len(ids), dtype=np.int64)
    term[~thai] = numbers
    term[thai] = code_number[codes]
    return term, len(others) + int(present.sum())


def _kth_largest_per_group(groups, values, n, k):
    """For each of the `n` groups of sorted `groups`, its k-th largest value
    (-inf when it has k values or fewer), a block of groups at a time."""
    kth = np.full(n, -np.inf)
    ptr = np.searchsorted(groups, np.arange(n + 1))
    sizes = np.diff(ptr)
    start = 0
    while start < n:
        widest = 0
        stop = start
        while stop < n and max(widest, sizes[stop]) * (stop - start + 1) <= BLOCK_CELLS:
            widest = max(widest, sizes[stop])
            stop += 1
        stop = max(stop, start + 1)
        widest = max(widest, sizes[start])
        if widest > k:
            block = np.full((stop - start, widest), -np.inf)
            rows = np.repeat(np.arange(stop - start), sizes[start:stop])
            columns = np.arange(ptr[start], ptr[stop]) - np.repeat(
                ptr[start:stop], sizes[start:stop]
            )
            block[rows, columns] = values[ptr[start] : ptr[stop]]
            kth[start:stop] = np.partition(block, widest - k, axis=1)[:, widest - k]
            kth[start:stop][sizes[start:stop] <= k] = -np.inf
        start = stop
    return kth


class RelatedIndex:
    """The stories of one language, ready to answer `related(i)`."""

    def __init__(self, stories, counts):
        """`counts[i]` are the term counts of `stories[i]` (see term_counts)."""
        self.stories = stories
        n = len(stories)
        self.days = np.array([_days(s.date) for s in stories], dtype=float)
        # Ties on score go to the smaller key, whatever the input order.
        self.key_rank = np.empty(n, dtype=np.int64)
        self.key_rank[sorted(range(n), key=lambda i: stories[i].key)] = np.arange(n)
        self._index([c[:2] for c in counts])
        self._topic_profiles([c[2] for c in counts])

    def _topic_profiles(self, topics):
        names = sorted({t for c in topics for t in c})
        column = {t: i for i, t in enumerate(names)}
        profiles = np.zeros((len(topics), len(names)))
        for row, c in enumerate(topics):
            for t, w in c.items():
                profiles[row, column[t]] = w
        norm = np.linalg.norm(profiles, axis=1, keepdims=True)
        evidence = profiles.sum(axis=1, keepdims=True)
        confidence = np.minimum(evidence / TOPIC_EVIDENCE, 1.0)
        self.profiles = confidence * profiles / np.where(norm > 0, norm, 1.0)

    def _index(self, counts):
        n = len(counts)
        sizes = [len(terms) for terms, _ in counts]
        ids = np.concatenate([terms for terms, _ in counts] + [np.zeros(0, np.int64)])
        tf = np.concatenate([w for _, w in counts] + [np.zeros(0)])
        doc = np.repeat(np.arange(n), sizes)
        # Term numbers follow the ids' order, so ties on weight go to the
        # smaller id whatever the order of the stories.
        term, terms = _number_terms(ids)

        df = np.bincount(term, minlength=terms).astype(float)
        length = np.bincount(doc, weights=tf, minlength=n)
        average = length.mean() if n else 1.0
        norm_len = BM25_K1 * (1 - BM25_B + BM25_B * length / (average or 1.0))
        weight = (tf * (BM25_K1 + 1) / (tf + norm_len[doc])) * np.log(
            1 + (n - df[term] + 0.5) / (df[term] + 0.5)
        )
        # The norm is over every term (true cosine), but a term no other
        # story has can't make a match: only shared terms are kept.
        norm = np.sqrt(np.bincount(doc, weights=weight * weight, minlength=n))
        weight = weight / np.where(norm > 0, norm, 1.0)[doc]
        shared = df[term] > 1
        doc, term, weight = doc[shared], term[shared], weight[shared]
        # Sorting only the candidates for each story's top terms keeps a Thai
        # corpus (thousands of trigrams a story) from sorting everything.
        likely = weight >= _kth_largest_per_group(doc, weight, n, TERMS_PER_STORY)[doc]
        doc, term, weight = doc[likely], term[likely], weight[likely]

        order = np.lexsort((term, -weight, doc))
        doc, term, weight = doc[order], term[order], weight[order]
        keep = _rank_within_groups(doc) < TERMS_PER_STORY
        doc, term, weight = doc[keep], term[keep], weight[keep]
        self.vector_ptr = np.searchsorted(doc, np.arange(n + 1))
        self.vector_term, self.vector_weight = term, weight

        order = np.lexsort((self.key_rank[doc], -weight, term))
        p_doc, p_term, p_weight = doc[order], term[order], weight[order]
        keep = _rank_within_groups(p_term) < STORIES_PER_TERM
        self.posting_ptr = np.searchsorted(p_term[keep], np.arange(terms + 1))
        self.posting_doc, self.posting_weight = p_doc[keep], p_weight[keep]

    def _scores(self, rows):
        """Dense (len(rows) × stories) scores of `rows` against every story."""
        n = len(self.stories)
        starts, ends = self.vector_ptr[rows], self.vector_ptr[rows + 1]
        sizes = ends - starts
        entry = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(
            sizes.sum()
        )
        local = np.repeat(np.arange(len(rows)), sizes)
        term, weight = self.vector_term[entry], self.vector_weight[entry]
        first, last = self.posting_ptr[term], self.posting_ptr[term + 1]
        counts = last - first
        posting = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(
            counts.sum()
        )
        cells = np.repeat(local, counts) * n + self.posting_doc[posting]
        products = np.repeat(weight, counts) * self.posting_weight[posting]
        scores = np.bincount(cells, weights=products, minlength=len(rows) * n)
        scores = scores.reshape(len(rows), n)
        scores[np.arange(len(rows)), rows] = 0.0
        # Only the candidates found through the index are scored further.
        row, column = np.nonzero(scores)
        found = scores[row, column]
        topic = np.einsum("ij,ij->i", self.profiles[rows[row]], self.profiles[column])
        found = (1 - TOPIC_SHARE) * found + TOPIC_SHARE * topic
        gap = np.abs(self.days[rows[row]] - self.days[column])
        gap = np.nan_to_num(np.minimum(gap / RECENCY_HORIZON_DAYS, 1.0), nan=0.0)
        scores[row, column] = found * (1 - RECENCY_PENALTY * gap)
        return scores

    def _best(self, scores, k):
        """The `k` best positive columns of one row of scores, best first."""
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:
            # Everything scoring at least the k-th best, ties included.
            kth = np.partition(scores[candidates], -k)[-k]
            candidates = candidates[scores[candidates] >= kth]
        order = np.lexsort((self.key_rank[candidates], -scores[candidates]))
        return candidates[order]

    def related(self, i, k=5, accept=None):
        """Indexes of the `k` stories most related to story `i`, best first.

        `accept(j)` may narrow the candidates (e.g. same category).
        """
        (scores,) = self._scores(np.array([i]))
        if accept is None:
            return [int(j) for j in self._best(scores, k)[:k]]
        ranked = self._best(scores, len(scores))
        return [int(j) for j in ranked if accept(int(j))][:k]

    def all_related(self, k=5):
        """`related(i, k)` for every story, computed a block at a time."""
        n = len(self.stories)
        block = max(1, BLOCK_CELLS // max(n, 1))
        result = []
        for start in range(0, n, block):
            rows = np.arange(start, min(start + block, n))
            for scores in self._scores(rows):
                result.append([int(j) for j in self._best(scores, k)[:k]])
        return result
