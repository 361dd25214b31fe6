"""Publishing: to a folder, with rsync, to a gh-pages branch; deterministic output."""

import gzip
import os
import shutil
import subprocess

import pytest
from support import article, build_site, run_invoke, snapshot

FILES = {
    "news/a.vi.md": article("Tin A", Slug="a"),
    "news/a.en.md": article("News A", Slug="a", Lang="en"),
}


@pytest.fixture
def built(tmp_path):
    return build_site(tmp_path, FILES, BUILD_TIME="2024-04-20", ASSETS_PRECOMPRESS=True)


def publish(*args):
    return run_invoke("publish", "--no-build-first", *args)


def test_publish_to_a_local_folder(built, tmp_path):
    dest = tmp_path / "www"
    dry = publish(
        "--target", "local", "--dest", str(dest), "--output", str(built), "--dry-run"
    )
    assert dry.returncode == 0, dry.stderr
    assert "add index.html" in dry.stdout
    assert not dest.exists()
    result = publish("--target", "local", "--dest", str(dest), "--output", str(built))
    assert result.returncode == 0, result.stderr
    assert snapshot(dest) == snapshot(built)
    # A second publish removes what the site no longer has.
    (dest / "old.html").write_text("gone soon")
    (built / "index.html").write_text("changed")
    again = publish("--target", "local", "--dest", str(dest), "--output", str(built))
    assert "1 to add, 0 to update, 0 to delete" not in again.stdout
    assert "update index.html" in again.stdout and "delete old.html" in again.stdout
    assert snapshot(dest) == snapshot(built)


@pytest.mark.skipif(not shutil.which("rsync"), reason="rsync is installed by .ci/run")
def test_publish_with_rsync_to_a_local_path(built, tmp_path):
    dest = tmp_path / "rsync-dest"
    dest.mkdir()
    (dest / "stale.html").write_text("x")
    dry = publish(
        "--target", "rsync", "--dest", str(dest), "--output", str(built), "--dry-run"
    )
    assert dry.returncode == 0, dry.stderr
    assert (dest / "stale.html").exists() and not (dest / "index.html").exists()
    result = publish("--target", "rsync", "--dest", str(dest), "--output", str(built))
    assert result.returncode == 0, result.stderr
    assert snapshot(dest) == snapshot(built)


def git(*args, cwd=None):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Loa test",
        GIT_AUTHOR_EMAIL="loa@example.org",
        GIT_COMMITTER_NAME="Loa test",
        GIT_COMMITTER_EMAIL="loa@example.org",
    )
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout


def test_publish_to_a_gh_pages_branch(built, tmp_path, monkeypatch):
    remote = tmp_path / "site.git"
    work = tmp_path / "work"
    git("init", "--bare", "-q", str(remote))
    git("init", "-q", str(work))
    first = publish(
        "--target",
        "gh-pages",
        "--remote",
        str(remote),
        "--repo",
        str(work),
        "--output",
        str(built),
        "--dry-run",
    )
    assert "add index.html" in first.stdout
    for name, value in (("user.name", "Loa test"), ("user.email", "loa@example.org")):
        git("config", name, value, cwd=work)
    result = publish(
        "--target",
        "gh-pages",
        "--remote",
        str(remote),
        "--repo",
        str(work),
        "--output",
        str(built),
    )
    assert result.returncode == 0, result.stderr
    files = git(
        "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"
    ).split()
    assert "index.html" in files and "en/a.html" in files and ".nojekyll" in files
    published = git("--git-dir", str(remote), "show", "gh-pages:index.html")
    assert published == (built / "index.html").read_text()


def test_two_builds_are_byte_identical(tmp_path):
    first = build_site(
        tmp_path / "one", FILES, BUILD_TIME="2024-04-20", ASSETS_PRECOMPRESS=True
    )
    second = build_site(
        tmp_path / "two", FILES, BUILD_TIME="2024-04-20", ASSETS_PRECOMPRESS=True
    )
    assert snapshot(first) == snapshot(second)


def test_precompressed_copies_and_fingerprints(built):
    import brotli

    assert (
        gzip.decompress((built / "index.html.gz").read_bytes())
        == (built / "index.html").read_bytes()
    )
    assert (
        brotli.decompress((built / "index.html.br").read_bytes())
        == (built / "index.html").read_bytes()
    )
    css = list((built / "assets" / "css").glob("loa.*.css"))
    assert len(css) == 1
    assert (
        f'href="https://loa.example.org/assets/css/{css[0].name}"'
        in (built / "index.html").read_text()
    )


def test_precompressing_on_all_cores_gives_the_serial_copies(
    built, tmp_path, monkeypatch
):
    from assets import assets

    monkeypatch.setattr(assets, "MIN_PARALLEL", 1)
    monkeypatch.setattr(assets, "CHUNK_FILES", 2)
    pids = tmp_path / "compressed-by.txt"

    class NotedGzip:  # forked workers see it; their pids go to a file
        @staticmethod
        def compress(data, **options):
            with open(pids, "a") as f:
                f.write(f"{os.getpid()}\n")
            return gzip.compress(data, **options)

    monkeypatch.setattr(assets, "gzip", NotedGzip)
    parallel = build_site(
        tmp_path / "parallel", FILES, BUILD_TIME="2024-04-20", ASSETS_PRECOMPRESS=True
    )
    assert snapshot(parallel) == snapshot(built)
    compressed_by = set(pids.read_text().split())
    assert compressed_by and str(os.getpid()) not in compressed_by


def test_host_files(built):
    headers = (built / "_headers").read_text()
    assert "Content-Security-Policy: default-src 'self'; script-src 'self'" in headers
    assert "/assets/*\n  Cache-Control: public, max-age=31536000, immutable" in headers
    redirects = (built / "_redirects").read_text().splitlines()
    assert redirects[-1] == "/*  /404.html  404"
    assert "/en/*  /en/404.html  404" in redirects


@pytest.fixture
def s3_server(monkeypatch):
    """A local S3-compatible server (moto) on a free loopback port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    credentials = {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    for key, value in credentials.items():
        monkeypatch.setenv(key, value)
    yield f"http://{host}:{port}"
    server.stop()


def test_publish_to_an_s3_compatible_bucket(built, s3_server):
    import boto3

    s3 = boto3.client("s3", endpoint_url=s3_server)
    s3.create_bucket(Bucket="loa")
    s3.put_object(Bucket="loa", Key="site/stale.html", Body=b"old")
    args = ("--target", "s3", "--dest", "s3://loa/site", "--endpoint-url", s3_server)
    dry = publish(*args, "--output", str(built), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "add index.html" in dry.stdout and "delete stale.html" in dry.stdout
    result = publish(*args, "--output", str(built))
    assert result.returncode == 0, result.stderr
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="loa")["Contents"]}
    assert "site/index.html" in keys and "site/stale.html" not in keys
    assert not [k for k in keys if k.endswith((".gz", ".br"))]
    head = s3.head_object(Bucket="loa", Key="site/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    css = next(k for k in keys if k.startswith("site/assets/css/"))
    assert "immutable" in s3.head_object(Bucket="loa", Key=css)["CacheControl"]
    again = publish(*args, "--output", str(built), "--dry-run")
    assert again.stdout.splitlines()[-1] == "0 to add, 0 to update, 0 to delete"
