"""Two costs of Pelican itself that grow faster than the site.

- **URLs once per story.** `Content.url` and `save_as` are properties that
  format the URL setting again on every access (a copy of the metadata, two
  `abspath`s and a `relpath`: ~40 µs). Every list page, feed, sitemap entry
  and related-news link asks again: ~360,000 times at 10,000 stories. Once
  every generator has finished its context (`all_generators_finalized`),
  nothing changes what a URL is made of, so each story remembers its
  answers from then on.
- **Taxonomy pages nobody writes.** With `TAG_SAVE_AS` (or CATEGORY_,
  AUTHOR_) empty — the languages plugin writes those lists per language —
  Pelican still filters every article list for every tag before `write`
  returns on the empty name: quadratic, 6 s at 10,000 stories. Skipped.

Both leave the output exactly as it was (tested on a whole site).
"""

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator

# Where each story keeps its URL settings once frozen (page_rendering'
# signatures leave it out: it is derived, and filled in any order).
MEMO = "_frozen_url_settings"

_pelican_get_url_setting = getattr(
    Content.get_url_setting, "unfrozen", Content.get_url_setting
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


def freeze_urls(generators):
    """From now on each story computes its URL and file name once."""
    for generator in generators:
        for value in vars(generator).values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, Content):
                        item.__dict__.setdefault(MEMO, {})


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


def register():
    get_url_setting.unfrozen = _pelican_get_url_setting
    Content.get_url_setting = get_url_setting
    for kind, method in (
        ("TAG", "generate_tags"),
        ("CATEGORY", "generate_categories"),
        ("AUTHOR", "generate_authors"),
    ):
        patched = _unless_unwritten(kind, getattr(ArticlesGenerator, method))
        setattr(ArticlesGenerator, method, patched)
    signals.all_generators_finalized.connect(freeze_urls)
