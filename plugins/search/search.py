"""One search page per language (`search/index.html`, `th/search/index.html`,
…) and one Pagefind bundle per language (`pagefind/vi/`, …: bundles.py).

Pagefind indexes a small HTML document per article, written to a temporary
folder from the article itself (title, summary, text, date), not the built
page: nothing of the theme's navigation, related news or footer gets in, and
each document carries what the search page shows and filters on as Pagefind
metadata. See README.md for why.
"""

import logging
import subprocess
import time

from content_cache.workers import forked_pool
from languages.indexes import LanguageIndexGenerator
from lxml import etree
from lxml.html import builder as E
from pelican import signals

from .bundles import BUNDLE, plan_bundles, write_bundles
from .text import extra_words, normalize_space, plain_text

logger = logging.getLogger(__name__)

DEFAULT_FOLDED_LANGUAGES = ("vi",)
# Stories per Pagefind bundle (whole years): ~0.5 GB for Pagefind to index.
DEFAULT_BUNDLE_STORIES = 3000
# Pagefind makes every metadata value searchable: only what readers may
# search for (and see) goes there.
META_FIELDS = ("date", "category")
# Pagefind records where elements with an id start ("anchors"): the search
# page takes its excerpts from TEXT_ID (after the title, shown anyway) up to
# FOLDED_ID (the folded words).
TEXT_ID = "text"
FOLDED_ID = "folded"


def folded_languages(settings, sites):
    """SEARCH_FOLDED_LANGUAGES, checked against LANGUAGES."""
    value = settings.get("SEARCH_FOLDED_LANGUAGES", DEFAULT_FOLDED_LANGUAGES)
    if isinstance(value, str):
        value = [value]
    folded = set()
    for code in value:
        if code in sites:
            folded.add(code)
        else:
            logger.error(
                "search: SEARCH_FOLDED_LANGUAGES has %r, which is not in "
                "LANGUAGES (use one of: %s)",
                code,
                ", ".join(sites),
            )
    return frozenset(folded)


def document_path(url):
    """Where Pagefind must find the document of a page at `url` to give it that
    URL (`a.html` -> /a.html, `a/` -> /a/), or None."""
    if url.endswith("/"):
        return url + "index.html"
    if url.endswith(".html"):
        return url
    return None


def document_sources(article, site, fold):
    """Everything `search_document` makes a story's document from, as
    strings: hashing these tells whether a bundle changed without making
    its documents (~4 s for 20,000 stories)."""
    return (
        article.title,
        str(article.metadata.get("summary") or ""),
        article.content,
        site.format_date(article.date, "short"),
        article.category.name if article.category else "",
        site.code,
        "folded" if fold else "",
    )


def search_document(article, site, fold):
    """The HTML Pagefind indexes for `article`.

    The title comes first, then the summary and text, then (when `fold`)
    the folded words of `text.extra_words`; ids mark where the text and the
    folded words start (see TEXT_ID).
    """
    title = normalize_space(article.title)
    summary = plain_text(article.metadata.get("summary") or "")
    text = plain_text(article.content)
    parts = [p for p in (summary, text) if p]
    meta = {
        "date": site.format_date(article.date, "short"),
        "category": article.category.name if article.category else "",
    }
    fields = [k for k in META_FIELDS if meta[k]]
    paragraphs = [E.P(p) for p in parts]
    if paragraphs:
        paragraphs[0].set("id", TEXT_ID)
    body = E.BODY(
        E.H1(title, **{"data-pagefind-meta": "title"}),
        *paragraphs,
        **{"data-pagefind-body": "", "data-pagefind-filter": f"lang:{site.code}"},
    )
    if fields:
        body.set("data-pagefind-meta", ", ".join(f"{k}[data-{k}]" for k in fields))
        for k in fields:
            body.set(f"data-{k}", meta[k])
    extras = extra_words(" ".join([title, *parts])) if fold else []
    if extras:
        body.append(E.P(" ".join(extras), id=FOLDED_ID))
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title)), body)
    page.set("lang", site.code)
    return etree.tostring(
        page, method="html", encoding="unicode", doctype="<!DOCTYPE html>"
    )


class SearchGenerator(LanguageIndexGenerator):
    template = folder = "search"
    name = "search_articles"

    def select(self, site):
        return site.articles

    def generate_context(self):
        super().generate_context()
        sites = self.context["LANGUAGE_SITES"]
        self.folded = folded_languages(self.settings, sites)
        # Filled when indexing starts (every article known), before the
        # search pages are written.
        self.context["SEARCH_BUNDLES"] = {code: [] for code in sites}

    def searchable(self):
        """[(document path, article, site, fold)] of every article to index."""
        searchable = []
        for site in self.context["LANGUAGE_SITES"].values():
            fold = site.code in self.folded
            for article in site.search_articles:
                path = document_path(article.url)
                if path is None:
                    logger.warning(
                        "search: %s is not indexed: its URL %r does not end "
                        "in .html or /",
                        article.source_path,
                        article.url,
                    )
                    continue
                searchable.append((path, article, site, fold))
        return searchable

    def start_indexing(self):
        """Start indexing once every article is known, in a forked process
        that writes the documents and runs Pagefind: both happen on another
        core while this one renders the pages."""
        global _searchable
        self.started = time.perf_counter()
        settings = self.settings
        searchable = self.searchable()
        size = settings.get("SEARCH_BUNDLE_STORIES", DEFAULT_BUNDLE_STORIES)
        bundles = []
        for code in self.context["LANGUAGE_SITES"]:
            stories = [
                (article.date.year, path)
                for path, article, site, _fold in searchable
                if site.code == code
            ]
            planned = plan_bundles(code, stories, size)
            self.context["SEARCH_BUNDLES"][code] = [f"{f}/" for f, _ in planned]
            bundles += planned
        _searchable = (
            searchable,
            bundles,
            self.output_path,
            settings.get("CACHE_PATH"),
            settings.get("PREVIOUS_OUTPUT_PATH"),
        )
        try:
            self.pool = forked_pool(1)
            self.indexing = self.pool.submit(_index_site)
        finally:
            _searchable = None

    def finish_indexing(self):
        try:
            count, indexed, error = self.indexing.result()
        finally:
            self.pool.shutdown()
        if error:
            logger.error(
                "search: Pagefind could not index the site: %s "
                "(is pagefind[extended] installed? see plugins/search/README.md)",
                error,
            )
            return
        logger.info(
            "search: %d articles in %s/, bundles indexed again: %s "
            "(%.1f s beside rendering)",
            count,
            BUNDLE,
            ", ".join(indexed) or "none",
            time.perf_counter() - self.started,
        )


# What the indexing process inherits when it is forked.
_searchable = None


def _index_site():
    """(articles, bundles indexed again, None) or (0, [], what went wrong):
    runs in the forked process, which sees the build's articles as they are."""
    searchable, bundles, output_path, cache_path, previous_site = _searchable
    stories = {path: (article, site, fold) for path, article, site, fold in searchable}

    def source(path):
        return document_sources(*stories[path])

    def document(path):
        return search_document(*stories[path])

    try:
        indexed = write_bundles(
            bundles, source, document, output_path, cache_path, previous_site
        )
    except (subprocess.CalledProcessError, OSError, ValueError) as e:
        return 0, [], (getattr(e, "stderr", None) or str(e)).strip()
    return len(searchable), indexed, None


# Generators whose index is being built, from all_generators_finalized to
# finalized (one build at a time; a build that failed halfway leaves one).
_indexing = []


def start_indexing(generators):
    while _indexing:
        _indexing.pop().pool.shutdown()  # left by a build that raised
    for generator in generators:
        if isinstance(generator, SearchGenerator):
            generator.start_indexing()
            _indexing.append(generator)


def finish_indexing(pelican):
    while _indexing:
        _indexing.pop().finish_indexing()


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_indexing)
    # Before assets precompresses and atomic_output swaps (PLUGINS order).
    signals.finalized.connect(finish_indexing)
