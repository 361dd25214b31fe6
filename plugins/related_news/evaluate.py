"""Measure the engine: precision@k on a labelled set, and time per 1,000 stories.

    python -m related_news.evaluate tests/related_eval     (or: make eval)

The labelled set is one JSON object per line per language file
(`vi.jsonl`…): id, cluster, title, summary, body, tags, category, date.
A related story is relevant when it is in the same cluster.
"""

import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

from .engine import DEFAULT_WEIGHTS, RelatedIndex, Story, term_counts


def load(path):
    stories, clusters = [], []
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
            clusters.append(item["cluster"])
    return stories, clusters


def build_index(stories, weights=DEFAULT_WEIGHTS):
    return RelatedIndex(stories, [term_counts(s, weights) for s in stories])


def precision(stories, clusters, ks=(3, 5), weights=DEFAULT_WEIGHTS):
    """{k: mean precision@k} over every story of the set."""
    index = build_index(stories, weights)
    hits = {k: 0.0 for k in ks}
    for i in range(len(stories)):
        ranked = index.related(i, max(ks))
        for k in ks:
            hits[k] += sum(clusters[j] == clusters[i] for j in ranked[:k]) / k
    return {k: hits[k] / len(stories) for k in ks}


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
    """Seconds to tokenize, index and rank all of `stories`."""
    start = time.perf_counter()
    index = build_index(stories)
    for i in range(len(stories)):
        index.related(i, k)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--scale", type=int, default=1000, help="stories per timing run"
    )
    args = parser.parse_args(argv)
    print(f"{'lang':<5}{'stories':>8}{'P@3':>7}{'P@5':>7}{'s/1000':>9}")
    for path in sorted(args.folder.glob("*.jsonl")):
        stories, clusters = load(path)
        scores = precision(stories, clusters)
        seconds = time_ranking(synthetic(stories, args.scale))
        print(
            f"{path.stem:<5}{len(stories):>8}{scores[3]:>7.3f}{scores[5]:>7.3f}"
            f"{seconds * 1000 / args.scale:>9.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
