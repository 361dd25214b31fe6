"""Pelican wiring: every published article without an `Image` gets an
`og_image`, `cards/<lang>/<slug>.png`, drawn by `cards.draw_card` into the
run's output folder and kept in CACHE_PATH/cards for the next build.
"""

import logging
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from content_cache.files import link_or_copy
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from .cards import FONT_FILES, CardFonts, card_key, draw_card, save_card

logger = logging.getLogger(__name__)

FOLDER = "cards"  # under the output folder, and under CACHE_PATH
# A pool pays off from a few dozen cards (~15 ms each to draw); this machine
# kind has 2 cores, bigger ones get at most 4 processes.
PARALLEL_THRESHOLD = 32
MAX_WORKERS = 4
CACHED_NAME = re.compile(r"[0-9a-f]{32}\.png(\.[0-9]+\.tmp)?")


def check_settings(pelican):
    """Validate SOCIAL_CARDS_* once, up front, naming the bad key."""
    settings = pelican.settings
    settings.setdefault("SOCIAL_CARDS_ENABLED", True)
    settings.setdefault("SOCIAL_CARDS_FONTS", os.path.join(settings["THEME"], "fonts"))
    enabled = settings["SOCIAL_CARDS_ENABLED"]
    if not isinstance(enabled, bool):
        raise ValueError(f"SOCIAL_CARDS_ENABLED must be True or False, not {enabled!r}")
    if not enabled:
        return
    fonts_dir = settings["SOCIAL_CARDS_FONTS"]
    if not isinstance(fonts_dir, str | os.PathLike) or not os.path.isdir(fonts_dir):
        raise ValueError(f"SOCIAL_CARDS_FONTS must be a folder, not {fonts_dir!r}")
    fonts = CardFonts(os.fspath(fonts_dir))
    for script, name in FONT_FILES.items():
        try:
            fonts.font(script, 12)
        except OSError as e:
            raise ValueError(
                f"SOCIAL_CARDS_FONTS: cannot read {name} in {fonts_dir} ({e})"
            ) from e
    if not fonts.raqm:
        logger.info(
            "social_cards: Pillow has no Raqm (libfribidi not found); "
            "Thai marks are placed by the plugin, not by the font's GPOS"
        )


@dataclass(frozen=True)
class Card:
    path: str  # relative to the site root, e.g. "cards/th/hoi-thao.png"
    title: str
    site_name: str
    lang: str
    source: str  # the article's file, for messages


class CardCache:
    """Cards kept under a hash of what they show; only new ones are drawn.

    Without a folder every card is drawn straight into the output.
    """

    def __init__(self, directory, fonts):
        self.directory = directory
        self.fonts = fonts
        self.used = set()
        self.predrawn = set()
        self.drawn = self.reused = 0
        self._paths = {}  # asked before drawing and again when writing

    def cached_path(self, card):
        texts = (card.title, card.site_name, card.lang)
        if texts not in self._paths:
            name = f"{card_key(*texts, self.fonts)}.png"
            self._paths[texts] = os.path.join(self.directory, name)
        return self._paths[texts]

    def draw_missing(self, cards, workers):
        """Draw the cards not in the cache yet, on `workers` processes."""
        if not self.directory:
            return
        missing = {}
        for card in cards:
            path = self.cached_path(card)
            if not os.path.exists(path):
                missing.setdefault(path, card)
        if len(missing) < PARALLEL_THRESHOLD or workers < 2:
            return  # write() draws them one by one
        jobs = [
            (self.fonts.directory, card.title, card.site_name, card.lang, path)
            for path, card in missing.items()
        ]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for _ in pool.map(_draw_job, jobs, chunksize=8):
                self.drawn += 1
        self.predrawn = set(missing)

    def write(self, card, target):
        """Put `card`'s PNG at `target`, drawing it only if it isn't cached."""
        if not self.directory:
            self._draw(card, target)
            return
        cached = self.cached_path(card)
        name = os.path.basename(cached)
        self.used.add(name)
        if cached in self.predrawn:
            pass  # drawn this run by draw_missing
        elif os.path.exists(cached):
            self.reused += 1
        else:
            self._draw(card, cached)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        link_or_copy(cached, target)

    def _draw(self, card, path):
        save_card(draw_card(card.title, card.site_name, card.lang, self.fonts), path)
        self.drawn += 1

    def prune(self):
        """Forget cards no article showed in this run (changed or removed)."""
        if not self.directory or not os.path.isdir(self.directory):
            return
        for name in os.listdir(self.directory):
            if CACHED_NAME.fullmatch(name) and name not in self.used:
                os.remove(os.path.join(self.directory, name))


class SocialCardsGenerator(Generator):
    """Writes the cards planned for this run into the run's output folder.

    `plan()` runs before any page is written (templates need `og_image`);
    the drawing waits for `generate_output`, whose `output_path` is where
    this run writes (atomic_output's staging folder).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cards = {}

    def plan(self, articles):
        """Give each article without an image its card's path as `og_image`."""
        sites = self.context.get("LANGUAGE_SITES") or {}
        for article in articles:
            # An `Image` (or an og_image someone already chose) wins.
            if getattr(article, "image", None) or getattr(article, "og_image", None):
                continue
            path = f"{FOLDER}/{article.lang}/{article.slug}.png"
            article.og_image = path
            site = sites.get(article.lang)
            self.cards.setdefault(
                path,
                Card(
                    path=path,
                    title=article.title,
                    site_name=getattr(site, "sitename", "")
                    or self.settings["SITENAME"],
                    lang=article.lang,
                    source=article.source_path,
                ),
            )

    def generate_output(self, writer):
        if not self.cards:
            return
        cache_path = self.settings.get("CACHE_PATH")
        cache = CardCache(
            os.path.join(cache_path, FOLDER) if cache_path else None,
            CardFonts(os.fspath(self.settings["SOCIAL_CARDS_FONTS"])),
        )
        # Drawing is the cost of a first build: spread it over the cores.
        cache.draw_missing(self.cards.values(), min(os.cpu_count() or 1, MAX_WORKERS))
        for card in self.cards.values():
            target = os.path.join(self.output_path, *card.path.split("/"))
            try:
                cache.write(card, target)
            except OSError as e:
                logger.error(
                    "social_cards: could not write %s for %s: %s",
                    card.path,
                    card.source,
                    e,
                )
        cache.prune()
        logger.info(
            "social_cards: %d cards (%d drawn, %d from cache)",
            len(self.cards),
            cache.drawn,
            cache.reused,
        )


@lru_cache(maxsize=4)
def _worker_fonts(directory):
    return CardFonts(directory)


def _draw_job(job):
    """Draw one card in a worker process (fonts loaded once per process)."""
    fonts_dir, title, site_name, lang, path = job
    save_card(draw_card(title, site_name, lang, _worker_fonts(fonts_dir)), path)
    return path


def get_generators(pelican):
    if pelican.settings.get("SOCIAL_CARDS_ENABLED", True):
        return SocialCardsGenerator
    return None


def plan_cards(generators):
    """After every generator has read its content, before any page is written."""
    for cards in generators:
        if not isinstance(cards, SocialCardsGenerator):
            continue
        for articles in generators:
            if isinstance(articles, ArticlesGenerator):
                cards.plan(articles.articles + articles.translations)


def register():
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(plan_cards)
