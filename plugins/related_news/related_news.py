"""Pelican wiring: rank each language's published articles after reading, and
give every article `related_news`, its most related stories, best first.
"""

import logging
from collections import defaultdict

from markupsafe import Markup
from pelican import signals

from .cache import CountsCache, story_hash
from .engine import DEFAULT_WEIGHTS, RelatedIndex, Story, term_counts

logger = logging.getLogger(__name__)

DEFAULTS = {"RELATED_NEWS_MAX": 5, "RELATED_NEWS_WEIGHTS": DEFAULT_WEIGHTS}


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


def story_of(article):
    return Story(
        key=f"{article.lang}/{article.slug}",
        lang=article.lang,
        title=article.title,
        # The raw HTML: `content` and `summary` would resolve {filename} links
        # (and memoize the result) before every page has been read.
        summary=Markup(article.metadata.get("summary") or "").striptags(),
        body=Markup(article._content or "").striptags(),
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        category=article.category.name if getattr(article, "category", None) else "",
        date=article.date,
        payload=article,
    )


def rank_articles(articles, settings):
    """Set `related_news` on each article; return (stories, cache hits)."""
    weights = {**DEFAULT_WEIGHTS, **settings.get("RELATED_NEWS_WEIGHTS", {})}
    maximum = settings.get("RELATED_NEWS_MAX", 5)
    use_cache = settings.get("RELATED_NEWS_CACHE", True)
    cache = CountsCache(settings.get("CACHE_PATH") if use_cache else None)
    by_lang = defaultdict(list)
    for article in articles:
        by_lang[article.lang].append(story_of(article))
    keys = set()
    for stories in by_lang.values():
        stories.sort(key=lambda s: s.key)
        counts = []
        for story in stories:
            key = story_hash(story, weights)
            keys.add(key)
            counts.append(
                cache.get_or_compute(key, lambda s=story: term_counts(s, weights))
            )
        index = RelatedIndex(stories, counts)
        for i, story in enumerate(stories):
            story.payload.related_news = [
                stories[j].payload for j in index.related(i, maximum)
            ]
    cache.save(keys)
    return sum(map(len, by_lang.values())), cache.hits


def add_related_news(generator):
    # Published articles only: drafts and hidden ones are never candidates.
    articles = generator.articles + generator.translations
    count, hits = rank_articles(articles, generator.settings)
    logger.debug("related_news: ranked %d articles (%d from cache)", count, hits)


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(add_related_news)
