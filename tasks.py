"""Loa's commands (`invoke --list`); the Makefile is a thin shim over these."""

import hashlib
import logging
import os
import shlex
import shutil
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
    _build(path, output, preview, verbose)
    exit_without_teardown(0)


def _build(path=None, output=None, preview=False, verbose=False):
    _init_logging(verbose)
    settings = _settings(
        PREVIEW_SETTINGS if preview else PUBLISH_SETTINGS, path, output
    )
    if not run_pelican(settings):
        raise Exit("Build failed; the previous output was left untouched.", code=1)
    print(f"Site written to {settings['OUTPUT_PATH']}")


def exit_without_teardown(code):
    """End the process at once: the site is written and nothing is left to
    do, but Python would free a large site's objects one by one first (1-2 s
    at 10,000 stories)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


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
    # `invoke new --help` gives "--help" as the title: an option, not a story.
    if not title.strip() or title.startswith("--"):
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


def _git_blob_id(data):
    """The id git gives a file's bytes: comparing ids compares contents."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _tree(root):
    """{relative path: blob id} of every file under `root`."""
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                found[os.path.relpath(path, root)] = _git_blob_id(f.read())
    return found


def _print_plan(new, old):
    """Print and return (added, changed, removed) to turn `old` into `new`."""
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = sorted(n for n in set(new) & set(old) if new[n] != old[n])
    for label, names in (("add", added), ("update", changed), ("delete", removed)):
        for name in names:
            print(f"{label} {name}")
    print(f"{len(added)} to add, {len(changed)} to update, {len(removed)} to delete")
    return added, changed, removed


def _publish_local(output, dest, dry_run):
    old = _tree(dest) if os.path.isdir(dest) else {}
    added, changed, removed = _print_plan(_tree(output), old)
    if dry_run:
        return
    for name in added + changed:
        target = os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(output, name), target + ".loa-tmp")
        os.replace(target + ".loa-tmp", target)
    for name in removed:
        os.remove(os.path.join(dest, name))


def _publish_rsync(c, output, dest, dry_run):
    # --delay-updates and --delete-after: readers never see a half-updated site.
    flags = "-rlptz --checksum --delay-updates --delete-after --itemize-changes"
    if dry_run:
        flags += " --dry-run"
    c.run(f"rsync {flags} {shlex.quote(output + '/')} {shlex.quote(dest)}")


S3_SKIP = (".gz", ".br")  # S3 does not negotiate encodings: plain files only


def _s3_cache_control(key):
    if key.startswith("assets/"):
        return "public, max-age=31536000, immutable"
    if key.endswith((".xml", ".txt")):
        return "public, max-age=600"
    return "public, max-age=300"


def _publish_s3(output, dest, endpoint_url, dry_run):
    """Sync `output` to s3://bucket/prefix (AWS or any S3-compatible host)."""
    import mimetypes

    import boto3

    bucket, _, prefix = dest[len("s3://") :].partition("/")
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    s3 = boto3.client("s3", endpoint_url=endpoint_url or None)
    old = {}
    for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix
    ):
        for item in page.get("Contents", []):
            old[item["Key"][len(prefix) :]] = item["ETag"].strip('"')
    new = {}
    for folder, _dirs, names in os.walk(output):
        for name in names:
            path = os.path.join(folder, name)
            key = os.path.relpath(path, output).replace(os.sep, "/")
            if not key.endswith(S3_SKIP):
                with open(path, "rb") as f:
                    new[key] = hashlib.md5(f.read()).hexdigest()
    added, changed, removed = _print_plan(new, old)
    if dry_run:
        return
    for key in added + changed:
        mime = mimetypes.guess_type(key)[0] or "application/octet-stream"
        if mime.startswith("text/") or mime in (
            "application/xml",
            "application/javascript",
        ):
            mime += "; charset=utf-8"
        s3.upload_file(
            os.path.join(output, key),
            bucket,
            prefix + key,
            ExtraArgs={"ContentType": mime, "CacheControl": _s3_cache_control(key)},
        )
    # Deleted last, like rsync --delete-after: no reader meets a missing page.
    for start in range(0, len(removed), 1000):
        batch = [{"Key": prefix + key} for key in removed[start : start + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": batch})


def _publish_gh_pages(c, output, remote, branch, repo, dry_run):
    if dry_run:
        fetched = c.run(
            f"git -C {shlex.quote(repo)} fetch --quiet {shlex.quote(remote)} "
            f"{shlex.quote(branch)}",
            hide=True,
            warn=True,
        )
        old = {}
        if fetched.ok:
            listing = c.run(
                f"git -C {shlex.quote(repo)} ls-tree -r FETCH_HEAD", hide=True
            )
            for line in listing.stdout.splitlines():
                meta, path = line.split("\t", 1)
                old[path] = meta.split()[2]
        new = _tree(output)
        new[".nojekyll"] = _git_blob_id(b"")
        _print_plan(new, old)
        return
    c.run(
        f"cd {shlex.quote(repo)} && {sys.executable} -m ghp_import --no-jekyll "
        f"--push --force --remote {shlex.quote(remote)} --branch {shlex.quote(branch)} "
        f"--message 'Publish site' {shlex.quote(output)}"
    )


@task(
    help={
        "target": "local, rsync, gh-pages or s3",
        "dest": "folder (local), [user@host:]path (rsync), s3://bucket/prefix (s3)",
        "endpoint_url": "S3-compatible host, e.g. https://<account>.r2.cloudflarestorage.com",
        "remote": "git remote name or URL (gh-pages)",
        "branch": "branch to publish to (gh-pages)",
        "repo": "git repository that holds the branch (gh-pages)",
        "dry_run": "show what would change, change nothing",
        "output": "the built site to publish",
        "build_first": "build the site before publishing",
    }
)
def publish(
    c,
    target="local",
    dest="",
    remote="origin",
    branch="gh-pages",
    repo=ROOT,
    dry_run=False,
    output="",
    build_first=True,
    endpoint_url="",
):
    """Build the site (publishconf.py) and publish output/ to a static host."""
    output = os.path.abspath(output or os.path.join(ROOT, "output"))
    if build_first:
        _build(output=output)
    if target == "local":
        if not dest:
            raise Exit("Give --dest FOLDER for a local publish", code=2)
        _publish_local(output, os.path.abspath(dest), dry_run)
    elif target == "rsync":
        if not dest:
            raise Exit("Give --dest [user@host:]PATH for rsync", code=2)
        _publish_rsync(c, output, dest, dry_run)
    elif target == "gh-pages":
        _publish_gh_pages(c, output, remote, branch, os.path.abspath(repo), dry_run)
    elif target == "s3":
        if not dest.startswith("s3://"):
            raise Exit("Give --dest s3://BUCKET[/PREFIX] for S3", code=2)
        _publish_s3(output, dest, endpoint_url, dry_run)
    else:
        raise Exit(
            f"Unknown target {target!r}: use local, rsync, gh-pages or s3", code=2
        )


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


@task(
    help={
        "n": "stories in Vietnamese",
        "pelican": "also stock Pelican 4.12",
        "i18n": "also Pelican + i18n-subsites + sitemap + related-posts",
    }
)
def bench(c, n=1000, pelican=False, i18n=False):
    """Time a full build, a rebuild after one edit, and Pelican (bench/)."""
    options = (" --pelican" if pelican else "") + (" --i18n" if i18n else "")
    c.run(f"{sys.executable} -m bench.run --n {n}{options}", pty=False)


@task
def audit(c):
    """Page weight and Lighthouse scores of the sample site (bench/audit.py)."""
    lighthouse = os.path.join(ROOT, "node_modules", ".bin", "lighthouse")
    if not os.environ.get("LIGHTHOUSE") and not os.path.exists(lighthouse):
        # Kept out of package.json: only audits need it, not every test run.
        c.run("npm install --no-save --no-audit --no-fund --silent lighthouse@13.5.0")
    c.run(f"{sys.executable} -m bench.audit", pty=False)


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
