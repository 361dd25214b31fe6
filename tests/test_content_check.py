"""Bad input (CONTRACT §4): each problem names file and line and how to fix it."""

from datetime import datetime

import pytest
from content_check import check_site
from content_check.checks import PLAIN_DATE_RE
from content_check.header import parse
from pelican.utils import get_date
from support import article, get_settings, write_content

GOOD = article("Tin tốt", Lang="vi", Slug="tin-tot")
GOOD_TH = article("ข่าวดี", Lang="th", Slug="tin-tot")


def problems_for(tmp_path, files):
    content = write_content(tmp_path / "content", files)
    return check_site(get_settings(PATH=content))


def errors_for(tmp_path, files):
    return [p for p in problems_for(tmp_path, files) if p.is_error]


def test_header_parser_numbers_lines():
    doc = parse("Title: A\nDate: 2024-04-19\nTags: a,\n    b\n\nBody\nmore\n")
    assert doc.get("title") == "A"
    assert doc.line_of("date") == 2
    assert doc.get("tags") == "a, b"
    assert doc.body[0] == (6, "Body")


def test_clean_content_has_no_errors(tmp_path):
    assert errors_for(tmp_path, {"news/a.vi.md": GOOD, "news/a.th.md": GOOD_TH}) == []


@pytest.mark.parametrize(
    "text, line, words",
    [
        (article(None, Slug="x"), 1, "missing Title"),
        (article("Tin", date=None, Slug="x"), 1, "missing Date"),
        (article("Tin", date="19/4/2024", Slug="x"), 2, "is not a date"),
        (article("Tin", date="2024-13-45", Slug="x"), 2, "is not a date"),
        (article("Tin", date="hôm qua", Slug="x"), 2, "is not a date"),
        (article("Tin", Lang="fr", Slug="x"), 3, "unknown Lang 'fr'"),
        (
            article("Tin", Image="images/none.jpg"),
            3,
            "Image 'images/none.jpg' not found",
        ),
        (
            article("Tin", Template="contest", Opens="2024-05-10", Closes="2024-05-01"),
            5,
            "Closes (2024-05-01) is before Opens",
        ),
        (
            article(
                "Tin", Template="notice", Number="1-TB", Attachments="quyet-dinh.pdf"
            ),
            5,
            "attachment 'files/quyet-dinh.pdf' not found",
        ),
        (
            article("Tin", body="Xem [bài]({filename}/news/khong-co.md)."),
            4,
            "broken internal link '{filename}/news/khong-co.md'",
        ),
        (
            article("Tin", body="Dòng 4\n\n![ảnh](images/mat.png)"),
            6,
            "broken internal link",
        ),
        (article("Tin", Status="pending"), 3, "unknown Status"),
    ],
)
def test_each_error_names_file_and_line(tmp_path, text, line, words):
    errors = errors_for(tmp_path, {"news/bad.md": text})
    assert len(errors) == 1, errors
    error = errors[0]
    assert error.path.endswith("content/news/bad.md")
    assert error.line == line
    assert words in error.message
    assert "(" in error.message  # says how to fix it
    assert str(error).startswith(f"{error.path}:{line}: error: ")


def test_duplicate_slug_and_lang(tmp_path):
    errors = errors_for(
        tmp_path,
        {
            "news/a.md": article("Tin A", Slug="trung"),
            "news/b.md": article("Tin B", Slug="trung"),
        },
    )
    assert len(errors) == 1
    assert "Slug 'trung' in Lang 'vi' is already used by" in errors[0].message
    assert errors[0].line == 3


def test_same_slug_in_other_languages_is_a_translation(tmp_path):
    assert errors_for(tmp_path, {"a.vi.md": GOOD, "a.th.md": GOOD_TH}) == []


def test_derived_slugs_collide_too(tmp_path):
    errors = errors_for(
        tmp_path, {"news/a.md": article("Đoàn viên"), "news/b.md": article("Doan vien")}
    )
    assert len(errors) == 1
    assert errors[0].message.startswith("Slug 'doan-vien' in Lang 'vi' is already used")


def test_warnings_for_missing_translation(tmp_path):
    problems = problems_for(tmp_path, {"news/a.md": GOOD})
    assert [p.severity for p in problems] == ["warning"]
    assert "no translation" in problems[0].message


def test_drafts_skip_link_checks_and_translations(tmp_path):
    draft = article("Nháp", Status="draft", body="[x]({filename}/none.md)")
    assert problems_for(tmp_path, {"news/d.md": draft}) == []


def test_valid_links_and_files_pass(tmp_path):
    files = {
        "images/a.jpg": b"jpg",
        "files/qd.pdf": b"%PDF",
        "news/a.vi.md": article(
            "Tin",
            Slug="a",
            Image="images/a.jpg",
            body="[b]({filename}b.vi.md) ![a]({static}/images/a.jpg) "
            "[w](https://x.vn) [m](mailto:a@b.vn) [#](#x)",
        ),
        "news/b.vi.md": article(
            "Tin B", Slug="b", Template="notice", Number="1", Attachments="files/qd.pdf"
        ),
        "news/a.en.md": article("News", Slug="a", Lang="en"),
        "news/b.en.md": article("News B", Slug="b", Lang="en"),
    }
    assert problems_for(tmp_path, files) == []


def test_all_problems_are_reported_not_just_the_first(tmp_path):
    errors = errors_for(
        tmp_path,
        {
            "news/a.md": article(None, Slug="a"),
            "news/b.md": article("B", date="sai", Slug="b"),
            "news/c.md": article("C", Lang="xx", Slug="c"),
        },
    )
    assert [e.path.rsplit("/", 1)[-1] for e in errors] == ["a.md", "b.md", "c.md"]


def test_pages_need_no_date(tmp_path):
    page = "Title: Giới thiệu\nSlug: gioi-thieu\n\nNội dung.\n"
    assert errors_for(tmp_path, {"pages/gioi-thieu.md": page}) == []


def test_video_urls_of_unknown_providers_are_warnings(tmp_path):
    body = (
        "Đoạn đầu.\n\n"
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
        "https://www.dailymotion.com/video/x8abc\n\n"
        "https://www.example.org/bai-viet"
    )
    problems = problems_for(
        tmp_path,
        {
            "news/v.md": article(
                "Video", Slug="v", Video="https://vimeo.com/not-a-video", body=body
            ),
            "news/v.en.md": article("Video", Slug="v", Lang="en"),
        },
    )
    assert [(p.severity, p.line) for p in problems] == [("warning", 4), ("warning", 10)]
    assert "Video 'https://vimeo.com/not-a-video'" in problems[0].message
    assert (
        "unknown provider 'https://www.dailymotion.com/video/x8abc'"
        in problems[1].message
    )


def test_pictures_without_alt_text_are_warnings(tmp_path):
    files = {
        "images/a.jpg": b"jpg",
        "news/a.md": article(
            "Tin",
            Slug="a",
            body="Đoạn.\n\n![]({static}/images/a.jpg)\n\n![Ảnh]({static}/images/a.jpg)",
        ),
        "news/a.en.md": article("News", Slug="a", Lang="en"),
    }
    problems = problems_for(tmp_path, files)
    assert [(p.severity, p.line) for p in problems] == [("warning", 7)]
    assert "picture without a description" in problems[0].message


@pytest.mark.parametrize(
    "value",
    ["2024-04-19", "2024-04-19 08:00", "2024-04-19T08:00", "2024-12-31 23:59:59"],
)
def test_plain_dates_are_read_as_pelican_reads_them(value):
    # The checker's fast path (datetime.fromisoformat) for the usual forms.
    assert PLAIN_DATE_RE.match(value)
    assert datetime.fromisoformat(value) == get_date(value)
