"""Pelican wiring: give each contest article its `contest` (status computed at
the build's clock, NOW), list contests per language, write an .ics each.
"""

import os

from languages.indexes import LanguageIndexGenerator
from languages.sites import base_url
from pelican import signals

from .ics import contest_calendar
from .model import contest_of

TEMPLATE = "contest"


def is_contest(article):
    return getattr(article, "template", "") == TEMPLATE


def attach_contests(generator):
    now = generator.context["NOW"]
    timezone = generator.settings["TIMEZONE"]
    for article in generator.articles + generator.translations:
        if is_contest(article):
            article.contest = contest_of(article, now, timezone)


class ContestsGenerator(LanguageIndexGenerator):
    """`contests/index.html` per language (open first) and one .ics per contest."""

    template = folder = name = "contests"

    def select(self, site):
        return sorted(
            (a for a in site.articles if is_contest(a)),
            key=lambda a: (a.contest.sort_key(), a.slug),
        )

    def generate_context(self):
        super().generate_context()
        for site in self.context["LANGUAGE_SITES"].values():
            site.open_contests = [a for a in site.contests if a.contest.is_open]
            for article in site.contests:
                article.ics_url = site.url(f"contests/{article.slug}.ics")

    def generate_output(self, writer):
        super().generate_output(writer)
        base = base_url(self.settings)
        for site in self.context["LANGUAGE_SITES"].values():
            for article in site.contests:
                path = os.path.join(self.output_path, article.ics_url)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                url = f"{base}/{article.url}"
                with open(path, "wb") as f:
                    f.write(contest_calendar(article, url, site.sitename))


def get_generators(pelican):
    return ContestsGenerator


def register():
    signals.article_generator_finalized.connect(attach_contests)
    signals.get_generators.connect(get_generators)
