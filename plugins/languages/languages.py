"""Signal wiring of the languages plugin."""

import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.utils import get_date

from . import catalogs, helpers
from .generator import LanguageListsGenerator
from .sites import build_sites
from .writer import LanguageWriter


def check_settings(pelican):
    """Fail early, with the setting's name, on a LANGUAGES that can't work."""
    build_sites(pelican.settings)


def translations_dir(settings):
    return settings.get("LANGUAGES_TRANSLATIONS") or os.path.join(
        settings["THEME"], "translations"
    )


def build_time(settings):
    """The build's clock: BUILD_TIME from settings (tests set it), else now."""
    value = settings.get("BUILD_TIME")
    if value is None:
        return datetime.now(UTC)
    if isinstance(value, str):
        value = get_date(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(settings["TIMEZONE"]))
    return value


def prepare_generator(generator):
    """Share one set of per-run sites and teach each Jinja env the languages."""
    context = generator.context
    if "NOW" not in context:
        context["NOW"] = build_time(generator.settings)
    if "LANGUAGE_SITES" not in context:
        sites = build_sites(generator.settings)
        directory = translations_dir(generator.settings)
        for site in sites.values():
            site.catalog = catalogs.load_catalog(directory, site.code)
        context["LANGUAGE_SITES"] = sites
    env = getattr(generator, "env", None)
    if env is not None:
        catalogs.install(env)
        env.filters.update(helpers.FILTERS)
        env.globals.update(helpers.GLOBALS)


def keep_articles(generator):
    context = generator.context
    context["LANGUAGE_ARTICLES"] = generator.articles + generator.translations


def keep_pages(generator):
    context = generator.context
    context["LANGUAGE_PAGES"] = generator.pages + generator.translations


def get_generators(pelican):
    return LanguageListsGenerator


def get_writer(pelican):
    return LanguageWriter


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(prepare_generator)
    signals.article_generator_finalized.connect(keep_articles)
    signals.page_generator_finalized.connect(keep_pages)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
