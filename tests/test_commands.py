"""The editor's commands, run as the Makefile runs them (invoke in .venv)."""

import subprocess
import time
from pathlib import Path

import pytest
from support import ROOT, article, run_invoke, snapshot, write_content

GOOD = {
    "news/a.vi.md": article("Tin A", Slug="tin-a", Lang="vi"),
    "news/a.en.md": article("News A", Slug="tin-a", Lang="en"),
}


@pytest.fixture
def project(tmp_path):
    """A content folder with a good site already built into output/."""
    content = write_content(tmp_path / "content", GOOD)
    output = tmp_path / "output"
    result = run_invoke("build", "--path", str(content), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert (output / "index.html").exists()
    return content, output


BAD_INPUTS = {
    "missing-title": ("news/bad.md", article(None, Slug="bad"), 1),
    "missing-date": ("news/bad.md", article("Tin", date=None, Slug="bad"), 1),
    "bad-date": ("news/bad.md", article("Tin", date="2024-02-30", Slug="bad"), 2),
    "unknown-lang": ("news/bad.md", article("Tin", Lang="fr"), 3),
    "duplicate-slug": ("news/z.md", article("Tin trùng", Slug="tin-a", Lang="vi"), 3),
    "contest-dates": (
        "news/bad.md",
        article(
            "Cuộc thi", Template="contest", Opens="2024-05-10", Closes="2024-05-01"
        ),
        5,
    ),
    "missing-image": ("news/bad.md", article("Tin", Image="images/khong-co.jpg"), 3),
    "missing-attachment": (
        "news/bad.md",
        article("Thông báo", Template="notice", Number="1", Attachments="khong-co.pdf"),
        5,
    ),
    "broken-link": (
        "news/bad.md",
        article("Tin", body="Xem [bài]({filename}/news/khong-co.md)."),
        4,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_and_keeps_previous_output(project, case):
    content, output = project
    relative, text, line = BAD_INPUTS[case]
    write_content(content, {relative: text})
    before = snapshot(output)
    result = run_invoke("build", "--path", str(content), "--output", str(output))
    assert result.returncode != 0
    assert f"{content / relative}:{line}: error: " in result.stderr
    assert snapshot(output) == before


def test_failure_inside_the_build_keeps_previous_output(project):
    # Passes the content checks, but the theme has no such template.
    content, output = project
    write_content(content, {"news/t.md": article("Tin", Template="khong-co")})
    before = snapshot(output)
    result = run_invoke("build", "--path", str(content), "--output", str(output))
    assert result.returncode != 0
    assert "khong-co" in result.stderr
    assert snapshot(output) == before
    # The half-built site stays aside for inspection; the next build clears it.
    assert not (output.parent / ".output.previous").exists()


def test_successful_build_replaces_output(project):
    content, output = project
    write_content(content, {"news/b.vi.md": article("Tin B", Slug="tin-b")})
    (output / "stale.html").write_text("old")
    result = run_invoke("build", "--path", str(content), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert (output / "tin-b.html").exists()
    assert not (output / "stale.html").exists()


def test_check_prints_every_problem_and_fails(tmp_path):
    content = write_content(
        tmp_path / "content",
        {
            "news/a.md": article(None, Slug="a"),
            "news/b.md": article("B", date="hôm qua", Slug="b"),
            "news/c.md": article("C", Slug="c"),
        },
    )
    result = run_invoke("check", "--path", str(content))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{content}/news/a.md:1: error: missing Title" in "\n".join(lines)
    assert any(
        line.startswith(f"{content}/news/b.md:2: error: Date 'hôm qua'")
        for line in lines
    )
    assert any(
        line.startswith(f"{content}/news/c.md:3: warning: no translation")
        for line in lines
    )
    assert "2 error(s), 3 warning(s)" in lines[-1] or "2 error(s)" in lines[-1]


def test_check_passes_on_clean_content(tmp_path):
    content = write_content(tmp_path / "content", GOOD)
    result = run_invoke("check", "--path", str(content))
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout


def test_new_writes_a_skeleton_that_builds(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    result = run_invoke(
        "new",
        "--title",
        "Đoàn viên Lào Cai đón Tết",
        "--lang",
        "vi",
        "--path",
        str(content),
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    if not path.is_absolute():
        path = Path(__file__).resolve().parent.parent / path
    assert path.name == "doan-vien-lao-cai-don-tet.vi.md"
    text = path.read_text()
    assert text.startswith("Title: Đoàn viên Lào Cai đón Tết\nDate: ")
    assert "\nLang: vi\n" in text and "\nSlug: doan-vien-lao-cai-don-tet\n" in text
    assert "\nCategory: Tin tức\n" in text
    check = run_invoke("check", "--path", str(content))
    assert check.returncode == 0, check.stdout
    again = run_invoke(
        "new", "--title", "Đoàn viên Lào Cai đón Tết", "--path", str(content)
    )
    assert again.returncode != 0


def test_new_takes_no_option_for_a_title(tmp_path):
    result = run_invoke("new", "--path", str(tmp_path), "--help")
    assert result.returncode != 0
    assert "Give a title" in result.stderr
    assert not list(tmp_path.rglob("*.md"))


def test_new_refuses_unknown_language(tmp_path):
    result = run_invoke(
        "new", "--title", "Tin", "--lang", "fr", "--path", str(tmp_path)
    )
    assert result.returncode != 0
    assert "fr" in result.stderr


def test_the_replaced_site_is_deleted_in_the_background(project):
    content, output = project
    write_content(content, {"news/c.vi.md": article("Tin C", Slug="tin-c")})
    result = run_invoke("build", "--path", str(content), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert (output / "tin-c.html").exists()
    # The old site was moved aside at once and is deleted by another process.
    deadline = time.monotonic() + 30
    while list(output.parent.glob(".output.deleting-*")):
        assert time.monotonic() < deadline, "the replaced site was never deleted"
        time.sleep(0.1)
    assert not (output.parent / ".output.previous").exists()


def test_make_bench_times_a_small_site():
    # Through the Makefile, as the README says: make bench N=…
    result = subprocess.run(
        ["make", "-s", "bench", "N=20"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for line in ("Loa full build", "Loa after 1 edit", "of which related_news"):
        assert line in result.stdout, result.stdout
