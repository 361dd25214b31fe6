"""Costs of Pelican itself that grow with the site faster than they need to.

- **URLs once per story.** `Content.url` and `save_as` are properties that
  format the URL setting again on every access (a copy of the metadata, two
  `abspath`s and a `relpath`: ~40 µs). Every list page, feed, sitemap entry
  and related-news link asks again: ~360,000 times at 10,000 stories. Once
  every generator has finished its context (`all_generators_finalized`),
  nothing changes what a URL is made of, so each story remembers its
  answers from then on.
  Each story's path relative to the content folder, which every URL is
  made from, is the one Pelican stored when it made the story.
- **Taxonomy pages nobody writes.** With `TAG_SAVE_AS` (or CATEGORY_,
  AUTHOR_) empty — the languages plugin writes those lists per language —
  Pelican still filters every article list for every tag before `write`
  returns on the empty name: quadratic, 6 s at 10,000 stories. Skipped.
- **Translations matched in linear time.** Pelican's `process_translations`
  ends with `[x for x in content_list if x not in index]`, a list scan per
  story: 2.5 s at 10,000 stories, four times that at 20,000. The same
  function with the originals in a set.
- **Long-lived objects out of the collector's way.** The reader cache and
  every story live until the build ends, yet each full collection of
  Python's cyclic garbage collector walked them again (17 times a build at
  10,000 stories, ~2 s). They are frozen (`gc.freeze`) once loaded and
  once every context is final, and handed back when the build ends.
- **Stories in the order of their files.** Pelican lists content files in a
  set, whose order changes with each process's string hashing, and keeps
  that order: a story's translations came in a different order in each
  build, so ~3,500 of 20,000 article pages were rendered again after any
  edit (their HTML was the same: templates look translations up by
  language). Sorting by source file first makes the order of translations,
  and of stories with the same date, the same in every build.

All leave the output exactly as it was (tested on a whole site); the last
makes it the same from one build to the next.
"""

import gc
import os
from itertools import groupby
from operator import attrgetter

import pelican
from pelican import generators, signals, utils
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.utils import get_original_items, posixize_path

# Where each story keeps its URL settings once frozen (page_rendering's
# signatures leave it out: it is derived, and filled in any order).
MEMO = "_frozen_url_settings"

_pelican_get_url_setting = getattr(
    Content.get_url_setting, "unfrozen", Content.get_url_setting
)
_pelican_relative_source_path = getattr(
    Content.get_relative_source_path,
    "unmemoized",
    Content.get_relative_source_path,
)


def get_url_setting(content, key):
    memo = content.__dict__.get(MEMO)
    if memo is None:
        return _pelican_get_url_setting(content, key)
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = _pelican_get_url_setting(content, key)
        return value


def get_relative_source_path(content, source_path=None):
    """Pelican's, answered from the `relative_source_path` Pelican itself
    stores on each story (from its constructor on): every URL is made from
    it (two `abspath`s and a `relpath`, ~30 µs), also while reading."""
    if source_path is None and "relative_source_path" in vars(content):
        return content.relative_source_path
    path = source_path or content.source_path
    root = content.settings["PATH"]
    # A normalized absolute path inside the normalized absolute content
    # folder (every file Pelican finds): what relpath would answer, without
    # its abspaths (~20 µs a story when Pelican makes it).
    if (
        path
        and path.startswith(root + os.sep)
        and os.path.isabs(root)
        and os.path.normpath(root) == root
        and os.path.normpath(path) == path
    ):
        return posixize_path(path[len(root) + 1 :])
    return _pelican_relative_source_path(content, source_path)


def freeze_urls(generators):
    """From now on each story computes its URL and file name once."""
    for generator in generators:
        for value in vars(generator).values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, Content):
                        item.__dict__.setdefault(MEMO, {})


def spare_the_collector(*_):
    """What the build has made so far lives until it ends: Python's cyclic
    garbage collector need not walk it again at every full collection (17
    a build at 10,000 stories, ~2 s), nor forked workers copy the memory
    it would write to while walking."""
    gc.freeze()


def hand_back_to_the_collector(*_):
    """A build is over (or a new one starts in `make serve`): what it made
    can be collected again."""
    gc.unfreeze()


def _unless_unwritten(kind, generate):
    """`generate` (Pelican's generate_tags, …) only if `{kind}_SAVE_AS` names
    a file."""
    pelican_generate = getattr(generate, "unpatched", generate)

    def generate_if_written(generator, write):
        if generator.settings.get(f"{kind}_SAVE_AS"):
            return pelican_generate(generator, write)
        return None

    generate_if_written.unpatched = pelican_generate
    return generate_if_written


# `process_translations` below is this Pelican's, line for line.
COPIED_FROM = "4.12.0"


def process_translations(content_list, translation_id=None):
    """Pelican 4.12's `pelican.utils.process_translations`, line for line,
    except that originals are looked up in a set and stories come in the
    order of their files (see the module's text)."""
    if not translation_id:
        return content_list, []
    if isinstance(translation_id, str):
        translation_id = {translation_id}
    index = []
    _sort_by_file(content_list)
    try:
        content_list.sort(key=attrgetter(*translation_id))
    except TypeError:
        raise TypeError(
            f"Cannot unpack {translation_id}, 'translation_id' must be falsy, a"
            " string or a collection of strings"
        ) from None
    except AttributeError:
        raise AttributeError(
            f"Cannot use {translation_id} as 'translation_id', there "
            "appear to be items without these metadata "
            "attributes"
        ) from None
    for id_vals, items in groupby(content_list, attrgetter(*translation_id)):
        id_vals = (id_vals,) if len(translation_id) == 1 else id_vals
        with_str = "with" + ", ".join([' {} "{{}}"'] * len(translation_id)).format(
            *translation_id
        ).format(*id_vals)
        items = list(items)
        original_items = get_original_items(items, with_str)
        index.extend(original_items)
        for a in items:
            a.translations = [x for x in items if x != a]
    originals = set(map(id, index))
    translations = [x for x in content_list if id(x) not in originals]
    return index, translations


def _sort_by_file(content_list):
    content_list.sort(key=lambda content: content.source_path or "")


def given_in_file_order(pelican_process_translations):
    """Another Pelican's own `process_translations`, given the stories in
    the order of their files (its matching stays as fast as it is)."""

    def process_translations_in_file_order(content_list, translation_id=None):
        if translation_id:
            _sort_by_file(content_list)
        return pelican_process_translations(content_list, translation_id)

    return process_translations_in_file_order


def translations_matcher(version):
    """The copy above for the Pelican it was copied from, else that
    Pelican's own in the order of the files."""
    if version == COPIED_FROM:
        return process_translations
    return given_in_file_order(utils.process_translations)


def register():
    generators.process_translations = translations_matcher(pelican.__version__)
    get_url_setting.unfrozen = _pelican_get_url_setting
    Content.get_url_setting = get_url_setting
    get_relative_source_path.unmemoized = _pelican_relative_source_path
    Content.get_relative_source_path = get_relative_source_path
    for kind, method in (
        ("TAG", "generate_tags"),
        ("CATEGORY", "generate_categories"),
        ("AUTHOR", "generate_authors"),
    ):
        patched = _unless_unwritten(kind, getattr(ArticlesGenerator, method))
        setattr(ArticlesGenerator, method, patched)
    signals.all_generators_finalized.connect(freeze_urls)
    signals.initialized.connect(hand_back_to_the_collector)
    # After the reader cache is loaded, and once every story is made.
    signals.article_generator_init.connect(spare_the_collector)
    signals.all_generators_finalized.connect(spare_the_collector)
    signals.finalized.connect(hand_back_to_the_collector)
