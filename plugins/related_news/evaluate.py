"""Measure the engine: precision@k on a labelled set, and time per 1,000 stories.

    python -m related_news.evaluate tests/related_eval     (or: make eval)

The labelled set is one JSON object per line per language file
(`vi.jsonl`…): id, cluster, optional `also` (other clusters the story is
equally about), title, summary, body, tags, category, date. A related story
is relevant when it is in the same cluster ("strict"), or shares any of its
clusters ("labels"). A `holdout/` folder beside the files holds stories
written after the engine and its topic vocabulary, on clusters of their own
(some outside the vocabulary); they are scored alone and mixed with the
main set.
"""

import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

from .engine import (
    DEFAULT_WEIGHTS,
    RelatedIndex,
    Story,
    all_term_counts,
    term_counts,
)

# The report's precision@k.
KS = (3, 5)


def load(path):
    """(stories, primary clusters) of one language file."""
    stories, labels = load_labelled(path)
    return stories, [primary for primary, *_ in labels]


def load_labelled(path):
    """(stories, labels): each story's labels, its primary cluster first."""
    stories, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            stories.append(
                Story(
                    key=item["id"],
                    lang=path.stem,
                    title=item["title"],
                    summary=item.get("summary", ""),
                    body=item.get("body", ""),
                    tags=tuple(item.get("tags", ())),
                    category=item.get("category", ""),
                    date=date.fromisoformat(item["date"]) if item.get("date") else None,
                )
            )
            labels.append((item["cluster"], *item.get("also", ())))
    return stories, labels


def build_index(stories, weights=DEFAULT_WEIGHTS):
    return RelatedIndex(stories, [term_counts(s, weights) for s in stories])


def precision(stories, clusters, ks=KS, weights=DEFAULT_WEIGHTS, scored=None):
    """{k: mean precision@k} over the stories of the set (or the indexes in
    `scored`). `clusters[i]` is a story's cluster, or a tuple of its labels:
    then any shared label makes a related story relevant."""
    ranked = build_index(stories, weights).all_related(max(ks))
    return precision_of(ranked, clusters, ks, scored)


def precision_of(ranked, clusters, ks=KS, scored=None):
    """`precision` of rankings already made (`ranked[i]`: story i's related,
    at least max(ks) of them when there are)."""
    labels = [set(c) if isinstance(c, tuple) else {c} for c in clusters]
    scored = range(len(ranked)) if scored is None else scored
    hits = {k: 0.0 for k in ks}
    for i in scored:
        for k in ks:
            hits[k] += sum(bool(labels[j] & labels[i]) for j in ranked[i][:k]) / k
    return {k: hits[k] / max(len(scored), 1) for k in ks}


def report(folder):
    """Rows of (set, lang, stories, strict P@3, P@5, labels P@3, P@5)."""
    rows = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        stories, labels = load_labelled(path)
        sets = [("main", stories, labels, None)]
        holdout = path.parent / "holdout" / path.name
        if holdout.exists():
            extra, extra_labels = load_labelled(holdout)
            n = len(stories)
            sets.append(("holdout", extra, extra_labels, None))
            sets.append(
                (
                    "mixed",
                    stories + extra,
                    labels + extra_labels,
                    range(n, n + len(extra)),
                )
            )
        for name, group, group_labels, scored in sets:
            # One ranking serves both scores: they differ only in what counts
            # as relevant.
            ranked = build_index(group).all_related(max(KS))
            strict = precision_of(ranked, [c[0] for c in group_labels], scored=scored)
            shared = precision_of(ranked, group_labels, scored=scored)
            count = len(group) if scored is None else len(scored)
            rows.append(
                (name, path.stem, count, strict[3], strict[5], shared[3], shared[5])
            )
    return rows


def synthetic(stories, n, seed=7):
    """`n` stories made by mixing the sentences of `stories` (seeded)."""
    rng = random.Random(seed)
    sentences = [s for story in stories for s in story.body.split(". ") if s]
    titles = [story.title for story in stories]
    tags = sorted({t for story in stories for t in story.tags})
    made = []
    for number in range(n):
        made.append(
            Story(
                key=f"s{number:06d}",
                lang=stories[0].lang,
                title=rng.choice(titles),
                summary=rng.choice(sentences),
                body=". ".join(rng.choices(sentences, k=8)),
                tags=tuple(rng.sample(tags, k=min(2, len(tags)))),
                category=rng.choice(stories).category,
                date=date.fromordinal(
                    date(2022, 1, 1).toordinal() + rng.randrange(1095)
                ),
            )
        )
    return made


def time_ranking(stories, k=5):
    """Seconds to rank all of `stories`: (cold: tokenize, index and rank;
    cached: index and rank, as a build whose term counts are in the cache)."""
    start = time.perf_counter()
    counts = all_term_counts(stories)
    tokenized = time.perf_counter()
    RelatedIndex(stories, counts).all_related(k)
    end = time.perf_counter()
    return end - start, end - tokenized


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--scale", type=int, default=1000, help="stories per timing run"
    )
    args = parser.parse_args(argv)
    print("precision: strict = same cluster; labels = any shared cluster")
    print(
        f"{'set':<8}{'lang':<5}{'stories':>8}{'P@3':>7}{'P@5':>7}{'P@3':>7}{'P@5':>7}"
    )
    print(f"{'':<21}{'strict':>14}{'labels':>14}")
    for row in report(args.folder):
        name, lang, count, *scores = row
        print(f"{name:<8}{lang:<5}{count:>8}" + "".join(f"{x:>7.3f}" for x in scores))
    print(f"\ntime for {args.scale} synthetic stories (tokenize, index, rank)")
    print(f"{'lang':<5}{'s/1000 cold':>12}{'s/1000 cached':>14}")
    for path in sorted(args.folder.glob("*.jsonl")):
        stories, _ = load(path)
        cold, cached = time_ranking(synthetic(stories, args.scale))
        per = 1000 / args.scale
        print(f"{path.stem:<5}{cold * per:>12.2f}{cached * per:>14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
