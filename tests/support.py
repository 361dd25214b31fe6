"""Helpers to build real sites in temporary folders and read what they wrote."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ROOT / "plugins"
SITEURL = "https://loa.example.org"

if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))


def get_settings(**overrides):
    """The project's deploy settings (publishconf.py) with `overrides`."""
    overrides.setdefault("SITEURL", SITEURL)
    overrides.setdefault("FEED_DOMAIN", overrides["SITEURL"])
    overrides.setdefault("RELATIVE_URLS", False)
    if "PATH" in overrides:
        overrides.setdefault("CACHE_PATH", Path(overrides["PATH"]).parent / "cache")
    for key in ("PATH", "OUTPUT_PATH", "CACHE_PATH"):
        if key in overrides:
            overrides[key] = str(overrides[key])
    return read_settings(str(ROOT / "publishconf.py"), override=overrides)


def article(title="Tin", date="2024-04-19 08:00", body="Nội dung bài viết.", **meta):
    """The text of a Markdown article; keyword names become metadata keys."""
    lines = []
    if title is not None:
        lines.append(f"Title: {title}")
    if date is not None:
        lines.append(f"Date: {date}")
    for key, value in meta.items():
        lines.append(f"{key.capitalize()}: {value}")
    return "\n".join(lines) + "\n\n" + textwrap.dedent(body).strip() + "\n"


def write_content(folder, files):
    """Write {relative path: text or bytes} under `folder`; return it."""
    folder = Path(folder)
    for relative, data in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return folder


def build_site(tmp_path, files, **overrides):
    """Build `files` as a site in `tmp_path/output`; return the output Path."""
    content = write_content(tmp_path / "content", files)
    output = tmp_path / "output"
    settings = get_settings(PATH=content, OUTPUT_PATH=output, **overrides)
    Pelican(settings).run()
    return output


def build_sample_site(folder, **overrides):
    """Build the repository's own content/ into `folder`/output (cache in
    `folder`/cache, a fixed build time); return the snapshot of the output."""
    settings = get_settings(
        PATH=ROOT / "content",
        OUTPUT_PATH=Path(folder) / "output",
        CACHE_PATH=Path(folder) / "cache",
        BUILD_TIME="2026-11-20 09:00",
        **overrides,
    )
    Pelican(settings).run()
    return snapshot(Path(folder) / "output")


def run_invoke(*args, cwd=ROOT):
    """Run a project command (`invoke build …`) the way the Makefile does."""
    invoke = Path(sys.executable).parent / "invoke"
    env = dict(os.environ, SITEURL=SITEURL)
    return subprocess.run(
        [str(invoke), *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def snapshot(folder):
    """{relative path: bytes} of every file under `folder`."""
    folder = Path(folder)
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
