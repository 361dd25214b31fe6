"""Ranks related stories: BM25-weighted term vectors, cosine similarity, and
an inverted index with pruned postings so cost grows linearly with the number
of stories (never all pairs).

The index is flat NumPy arrays (terms and postings as CSR), so ranking every
story is a few vector operations per block of stories rather than a Python
loop per shared term. Pure functions and per-build objects only: the Pelican
wiring lives in related_news.py, the tokens in tokenize.py.
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from content_cache.workers import forked_pool, index_chunks

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
# all_related's blocks are smaller: their many temporary arrays stay in cache.
RANK_CELLS = 250_000
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
        chunks = index_chunks(len(stories), CHUNK_STORIES)
        with forked_pool(workers) as pool:
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
    if not thai.any():
        others = _distinct(ids)
        return _positions(others, ids), len(others)
    values = ids[~thai]
    others = _distinct(values)
    codes = ids[thai] - THAI_TRIGRAM
    present = np.bincount(codes, minlength=THAI_TRIGRAM_CODES) > 0
    code_number = np.cumsum(present) - 1 + len(others)
    term = np.empty(len(ids), dtype=np.int64)
    term[~thai] = _positions(others, values)
    term[thai] = code_number[codes]
    return term, len(others) + int(present.sum())


def _distinct(values):
    """np.unique(values): sorting the values alone is the fast part of it."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _positions(table, values):
    """np.searchsorted(table, values) for `values` all in the sorted, distinct
    `table`: hashed ids (see tokenize.term_id) spread evenly, so most are
    found at once at the start of the table's run of their leading bits."""
    if not len(table) or table[0] < 0 or table[-1] >= THAI_TRIGRAM:
        return np.searchsorted(table, values)
    bits = min(20, len(table).bit_length() + 2)
    shift = 62 - bits
    starts = np.searchsorted(table, np.arange((1 << bits) + 1) << shift)
    position = starts[values >> shift]
    missed = np.flatnonzero(table[position] != values)
    position[missed] = np.searchsorted(table, values[missed])
    return position


def _blocks(sizes):
    """Runs (start, stop, widest) of consecutive groups of `sizes` entries,
    each padded to its widest group within BLOCK_CELLS (at least one group)."""
    n = len(sizes)
    start = 0
    while start < n:
        widest = 0
        stop = start
        while stop < n and max(widest, sizes[stop]) * (stop - start + 1) <= BLOCK_CELLS:
            widest = max(widest, sizes[stop])
            stop += 1
        stop = max(stop, start + 1)
        widest = max(widest, sizes[start])
        yield start, stop, widest
        start = stop


def _padded(values, ptr, start, stop, widest, fill):
    """Groups start…stop-1 of `values` (group g is ptr[g]:ptr[g + 1]) as the
    rows of a (stop - start) × widest array, padded with `fill`."""
    sizes = np.diff(ptr[start : stop + 1])
    block = np.full((stop - start, widest), fill)
    shift = np.arange(stop - start) * widest - ptr[start:stop]
    cells = np.arange(ptr[start], ptr[stop]) + np.repeat(shift, sizes)
    block.reshape(-1)[cells] = values[ptr[start] : ptr[stop]]
    return block


def _kth_largest_per_group(groups, values, n, k):
    """For each of the `n` groups of sorted `groups`, its k-th largest value
    (-inf when it has k values or fewer), a block of groups at a time."""
    kth = np.full(n, -np.inf)
    ptr = np.searchsorted(groups, np.arange(n + 1))
    sizes = np.diff(ptr)
    for start, stop, widest in _blocks(sizes):
        if widest > k:
            block = _padded(values, ptr, start, stop, widest, -np.inf)
            kth[start:stop] = np.partition(block, widest - k, axis=1)[:, widest - k]
            kth[start:stop][sizes[start:stop] <= k] = -np.inf
    return kth


def _sort_within_groups(groups, values, n):
    """The order of np.lexsort((values, groups)) for the `n` groups of sorted
    `groups` (ties keep their order), sorting each group's row of a padded
    block: many small sorts, a block of groups at a time."""
    ptr = np.searchsorted(groups, np.arange(n + 1))
    sizes = np.diff(ptr)
    order = []
    for start, stop, widest in _blocks(sizes):
        block = _padded(values, ptr, start, stop, widest, np.inf)
        within = np.argsort(block, axis=1, kind="stable")
        # Padding sorts last, but for NaN: it is told apart by its column.
        within = within[within < sizes[start:stop, None]]
        order.append(within + np.repeat(ptr[start:stop], sizes[start:stop]))
    return np.concatenate(order + [np.zeros(0, dtype=np.intp)])


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

        # The terms of a story come in increasing order (see term_counts), so
        # sorting by weight alone keeps ties in the order of their terms.
        if np.all((term[1:] > term[:-1]) | (doc[1:] != doc[:-1])):
            order = _sort_within_groups(doc, -weight, n)
        else:
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

    def _text_scores(self, rows):
        """Dense (len(rows) × stories) text scores of `rows`, flat, 0 for a
        story itself. np.bincount sums each cell's products in the order of
        the row's terms: the same sums whatever else is in the block."""
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
        cells = np.repeat(local * n, counts) + self.posting_doc[posting]
        products = np.repeat(weight, counts) * self.posting_weight[posting]
        scores = np.bincount(cells, weights=products, minlength=len(rows) * n)
        scores[np.arange(len(rows)) * n + rows] = 0.0
        return scores

    def _final(self, who, column, found):
        """Final scores of the pairs (who, column) from their text scores:
        element by element, so the same for a pair in any batch."""
        topic = np.einsum("ij,ij->i", self.profiles[who], self.profiles[column])
        found = (1 - TOPIC_SHARE) * found + TOPIC_SHARE * topic
        gap = np.abs(self.days[who] - self.days[column])
        gap = np.nan_to_num(np.minimum(gap / RECENCY_HORIZON_DAYS, 1.0), nan=0.0)
        return found * (1 - RECENCY_PENALTY * gap)

    def _scores(self, rows):
        """Dense (len(rows) × stories) scores of `rows` against every story."""
        n = len(self.stories)
        scores = self._text_scores(rows)
        # Only the candidates found through the index are scored further.
        (cell,) = np.nonzero(scores != 0)
        row, column = np.divmod(cell, n)
        scores[cell] = self._final(rows[row], column, scores[cell])
        return scores.reshape(len(rows), n)

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
        block = max(1, min(BLOCK_CELLS, RANK_CELLS) // max(n, 1))
        result = []
        exact = k < 1 or not all(
            np.isfinite(a).all()
            for a in (self.vector_weight, self.posting_weight, self.profiles)
        )
        # Bounds |topic| and the rounding error of any way of summing it.
        scale = np.abs(self.profiles).sum(axis=1).max(initial=0.0) ** 2
        # Days scaled so that recency's penalty is their gap, up to RECENCY_PENALTY.
        dated = None
        if np.isfinite(self.days).all():
            dated = self.days * (RECENCY_PENALTY / RECENCY_HORIZON_DAYS)
        for start in range(0, n, block):
            rows = np.arange(start, min(start + block, n))
            if exact:
                for scores in self._scores(rows):
                    result.append([int(j) for j in self._best(scores, k)[:k]])
            else:
                result.extend(self._top(rows, k, scale, dated))
        return result

    def _top(self, rows, k, scale, dated):
        """`related(i, k)` for each of `rows` (k ≥ 1, finite weights): only
        the candidates that may be among a row's k best get their exact
        final score (see _final)."""
        n = len(self.stories)
        text = self._text_scores(rows)
        (cell,) = np.nonzero(text != 0)
        row = cell // n
        column = cell - row * n
        found = text[cell]
        # An estimate of each final score, within `margin` of it: the topic
        # term by a matrix product (not _final's order of summing), recency
        # as in _final.
        share = (1 - TOPIC_SHARE) * found
        topic = (self.profiles[rows] @ self.profiles.T).reshape(-1)[cell]
        estimate = share + TOPIC_SHARE * topic
        margin = 1e-9 * (np.abs(share).max(initial=0.0) + TOPIC_SHARE * scale)
        if dated is None:
            gap = np.abs(self.days[rows][row] - self.days[column])
            gap = np.nan_to_num(np.minimum(gap / RECENCY_HORIZON_DAYS, 1.0), nan=0.0)
            estimate *= 1 - RECENCY_PENALTY * gap
        else:  # the same in fewer passes, every story being dated
            penalty = dated[rows][row]
            penalty -= dated[column]
            np.abs(penalty, out=penalty)
            np.minimum(penalty, RECENCY_PENALTY, out=penalty)
            np.subtract(1.0, penalty, out=penalty)
            estimate *= penalty
        # Each row's candidates are cut in `chunks` runs: at least k of them
        # score about the k-th largest of the runs' best estimates or more,
        # so a candidate estimated well below it can't be among the k best.
        ptr = np.searchsorted(row, np.arange(len(rows) + 1))
        sizes = np.diff(ptr)
        chunks = max(4 * k, 16)
        if len(cell) and sizes.max() > chunks:
            starts = ptr[:-1, None] + (np.arange(chunks) * sizes[:, None]) // chunks
            starts = np.minimum(starts, len(cell) - 1).reshape(-1)
            best = np.maximum.reduceat(estimate, starts).reshape(-1, chunks)
            floor = np.partition(best, chunks - k, axis=1)[:, chunks - k]
            floor = np.where(sizes > chunks, floor - 2 * margin, -np.inf)
            keep = np.flatnonzero(estimate >= floor[row])
            row, column, found = row[keep], column[keep], found[keep]
        final = self._final(rows[row], column, found)
        positive = final > 0
        row, column, final = row[positive], column[positive], final[positive]
        order = np.lexsort((self.key_rank[column], -final, row))
        row, column = row[order], column[order]
        ptr = np.searchsorted(row, np.arange(len(rows) + 1))
        ends = np.minimum(ptr[1:], ptr[:-1] + k)
        return [column[a:b].tolist() for a, b in zip(ptr[:-1], ends, strict=True)]
