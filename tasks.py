"""Loa's commands (`invoke --list`); the Makefile is a thin shim over these."""

import logging
import os
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from invoke import Exit, task

ROOT = os.path.dirname(os.path.abspath(__file__))
PREVIEW_SETTINGS = os.path.join(ROOT, "pelicanconf.py")
PUBLISH_SETTINGS = os.path.join(ROOT, "publishconf.py")
PREVIEW_HOST, PREVIEW_PORT = "127.0.0.1", 8000


class PlainFormatter(logging.Formatter):
    """One line per message, so `path:line: …` reports stay greppable."""

    def format(self, record):
        message = record.getMessage()
        if record.name.startswith("content_check"):
            return message
        return f"{record.levelname}: {message}"


def _settings(settings_file, path=None, output=None):
    from pelican.settings import read_settings

    overrides = {}
    if path:
        overrides["PATH"] = os.path.abspath(path)
    if output:
        overrides["OUTPUT_PATH"] = os.path.abspath(output)
    return read_settings(settings_file, override=overrides)


def _init_logging(verbose=False):
    from pelican.log import init

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(PlainFormatter())
    init(level=logging.INFO if verbose else logging.WARNING, handler=handler)


def run_pelican(settings):
    """Build once; True on success. Errors are already logged."""
    from pelican import Pelican

    try:
        Pelican(settings).run()
    except Exception as e:  # every failure, reported as one line
        logging.getLogger("loa").error("%s", e)
        return False
    return True


@task(
    help={
        "path": "content folder",
        "output": "output folder",
        "preview": "relative URLs (pelicanconf.py)",
    }
)
def build(c, path=None, output=None, preview=False, verbose=False):
    """Build the deployable site into output/ (publishconf.py, SITEURL from env)."""
    _init_logging(verbose)
    settings = _settings(
        PREVIEW_SETTINGS if preview else PUBLISH_SETTINGS, path, output
    )
    if not run_pelican(settings):
        raise Exit("Build failed; the previous output was left untouched.", code=1)
    print(f"Site written to {settings['OUTPUT_PATH']}")


@task(help={"path": "content folder"})
def check(c, path=None):
    """Validate content/ only and print every problem; exit 1 on any error."""
    sys.path.insert(0, os.path.join(ROOT, "plugins"))
    from content_check import check_site

    problems = check_site(_settings(PREVIEW_SETTINGS, path))
    for problem in problems:
        print(problem)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)")
    if errors:
        raise Exit(code=1)


@task
def serve(c):
    """Preview on http://127.0.0.1:8000, rebuilding and reloading on save."""
    from livereload import Server

    _init_logging()
    settings = _settings(PREVIEW_SETTINGS)

    def rebuild():
        if run_pelican(_settings(PREVIEW_SETTINGS)):
            print("Rebuilt.", flush=True)
        else:
            print("Build failed: fix the problem above and save again.", flush=True)

    rebuild()
    server = Server()
    for watched in ("content", "theme", "pelicanconf.py"):
        server.watch(os.path.join(ROOT, watched), rebuild)
    server.serve(host=PREVIEW_HOST, port=PREVIEW_PORT, root=settings["OUTPUT_PATH"])


@task(
    help={
        "title": "headline",
        "lang": "vi, th or en",
        "category": "section",
        "path": "content folder",
    }
)
def new(c, title, lang="vi", category="", path=None):
    """Write a new article skeleton and print its path."""
    from pelican.utils import slugify

    settings = _settings(PREVIEW_SETTINGS, path)
    if not title.strip():
        raise Exit('Give a title: make new TITLE="…" LANG=vi', code=2)
    if lang not in settings["LANGUAGES"]:
        raise Exit(
            f"Unknown LANG {lang!r}: use one of {', '.join(settings['LANGUAGES'])}",
            code=2,
        )
    slug = slugify(
        title,
        regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=settings["SLUGIFY_PRESERVE_CASE"],
        use_unicode=settings["SLUGIFY_USE_UNICODE"],
    )
    now = datetime.now(ZoneInfo(settings["TIMEZONE"]))
    folder = os.path.join(settings["PATH"], "news", f"{now:%Y}")
    target = os.path.join(folder, f"{slug}.{lang}.md")
    if os.path.exists(target):
        raise Exit(f"{target} already exists: choose another title", code=1)
    os.makedirs(folder, exist_ok=True)
    category = category or settings["LANGUAGES"][lang].get("default_category", "")
    lines = [
        f"Title: {title.strip()}",
        f"Date: {now:%Y-%m-%d %H:%M}",
        f"Lang: {lang}",
        f"Slug: {slug}",
        f"Category: {category}",
        "Tags: ",
        "Authors: ",
        "",
        "",
    ]
    with open(target, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(os.path.relpath(target, os.getcwd()))


@task
def test(c):
    """Run the whole test suite (unit, build, feed, HTML, browser)."""
    c.run(f"{sys.executable} -m pytest -n 2 tests", pty=False)


@task(help={"scale": "stories per language in the timing run"})
def eval(c, scale=1000):
    """Print related-news precision@3/@5 per language and time per 1,000 stories."""
    c.run(
        f"{sys.executable} -m related_news.evaluate tests/related_eval --scale {scale}",
        env={"PYTHONPATH": os.path.join(ROOT, "plugins")},
    )


@task
def lint(c):
    """Check formatting and lint with ruff."""
    c.run("ruff format --check . && ruff check .")


@task
def translations(c):
    """Extract interface text from the theme and merge it into each language's .po."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po, write_po

    templates = os.path.join(ROOT, "theme", "templates")
    base = os.path.join(ROOT, "theme", "translations")
    template = Catalog(project="Loa")
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
    method_map = [("**.html", "jinja2.ext:babel_extract")]
    for _name, _line, message, comments, context in extract_from_dir(
        templates, method_map, options
    ):
        template.add(message, None, auto_comments=comments, context=context)
    with open(os.path.join(base, "messages.pot"), "wb") as f:
        write_po(f, template, omit_header=True, no_location=True)
    for code in sorted(os.listdir(base)):
        po_path = os.path.join(base, code, "LC_MESSAGES", "messages.po")
        if not os.path.exists(po_path):
            continue
        with open(po_path, "rb") as f:
            catalog = read_po(f, locale=code)
        catalog.update(template, no_fuzzy_matching=True)
        with open(po_path, "wb") as f:
            write_po(f, catalog, no_location=True, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{code}: {len(missing)} untranslated")
