"""Pelican wiring: rank each language's published articles after reading, and
give every article `related_news`, its most related stories, best first.
"""

import logging
import os
from collections import defaultdict
from dataclasses import replace

from markupsafe import Markup
from pelican import signals

from .cache import RANKINGS_FILE_NAME, CountsCache, rankings_key, story_hash
from .engine import DEFAULT_WEIGHTS, RelatedIndex, Story, all_term_counts
from .topics import DEFAULT_FOLDER, Vocabulary

logger = logging.getLogger(__name__)

DEFAULTS = {
    "RELATED_NEWS_MAX": 5,
    "RELATED_NEWS_WEIGHTS": DEFAULT_WEIGHTS,
    # A site may bring its own topic vocabulary (see topics.py).
    "RELATED_NEWS_TOPICS": str(DEFAULT_FOLDER),
}


def check_settings(pelican):
    """Validate RELATED_NEWS_* once, up front, naming the bad key."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    maximum = settings["RELATED_NEWS_MAX"]
    if not isinstance(maximum, int) or maximum < 0:
        raise ValueError(
            f"RELATED_NEWS_MAX must be a whole number ≥ 0, not {maximum!r}"
        )
    weights = settings["RELATED_NEWS_WEIGHTS"]
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown:
        raise ValueError(
            f"RELATED_NEWS_WEIGHTS: unknown keys {sorted(unknown)} "
            f"(use {sorted(DEFAULT_WEIGHTS)})"
        )
    folder = settings["RELATED_NEWS_TOPICS"]
    if not os.path.isdir(folder):
        raise ValueError(f"RELATED_NEWS_TOPICS: {folder} is not a folder")
    Vocabulary.load(folder)  # a malformed line stops the build here, with path:line


def story_of(article):
    """The story of `article`, its summary and body still HTML: the cache key
    is made from them, and only stories missing from the cache are stripped
    to text (see as_text), by the workers that count them."""
    return Story(
        key=f"{article.lang}/{article.slug}",
        lang=article.lang,
        title=article.title,
        # The raw HTML: `content` and `summary` would resolve {filename} links
        # (and memoize the result) before every page has been read.
        summary=article.metadata.get("summary") or "",
        body=article._content or "",
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        category=article.category.name if getattr(article, "category", None) else "",
        date=article.date,
        payload=article,
    )


def as_text(story):
    return replace(
        story,
        summary=Markup(story.summary).striptags(),
        body=Markup(story.body).striptags(),
    )


def rank_articles(articles, settings):
    """Set `related_news` on each article; return (stories, cache hits)."""
    weights = {**DEFAULT_WEIGHTS, **settings.get("RELATED_NEWS_WEIGHTS", {})}
    maximum = settings.get("RELATED_NEWS_MAX", 5)
    use_cache = settings.get("RELATED_NEWS_CACHE", True)
    directory = settings.get("CACHE_PATH") if use_cache else None
    cache = CountsCache(directory)
    # Read every build: `make serve` picks up an edited vocabulary.
    topics = Vocabulary.load(settings.get("RELATED_NEWS_TOPICS", DEFAULT_FOLDER))
    by_lang = defaultdict(list)
    for article in articles:
        by_lang[article.lang].append(story_of(article))
    keys = {}
    for stories in by_lang.values():
        stories.sort(key=lambda s: s.key)
        for story in stories:
            keys[story.key] = story_hash(story, weights, topics.digest)
    missing = [s for v in by_lang.values() for s in v if keys[s.key] not in cache]
    counted = all_term_counts(missing, weights, topics, prepare=as_text)
    for story, counts in zip(missing, counted, strict=True):
        cache.put(keys[story.key], counts)
    # A language none of whose stories changed keeps its rankings (an edit
    # in Vietnamese leaves Thai and English alone).
    rankings = CountsCache(directory, RANKINGS_FILE_NAME)
    languages = set()
    for stories in by_lang.values():
        key = rankings_key(stories, keys, maximum)
        languages.add(key)
        if key in rankings:
            ranked = rankings.get(key)
        else:
            counts = [cache.get(keys[story.key]) for story in stories]
            ranked = RelatedIndex(stories, counts).all_related(maximum)
            rankings.put(key, ranked)
        for story, related in zip(stories, ranked, strict=True):
            story.payload.related_news = [stories[j].payload for j in related]
    cache.save(set(keys.values()))
    rankings.save(languages)
    return len(keys), len(keys) - len(missing)


def add_related_news(generator):
    # Published articles only: drafts and hidden ones are never candidates.
    articles = generator.articles + generator.translations
    count, hits = rank_articles(articles, generator.settings)
    logger.debug("related_news: ranked %d articles (%d from cache)", count, hits)


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(add_related_news)
