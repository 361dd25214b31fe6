"""Contests: status at a fixed clock, index order, Event JSON-LD, .ics, home."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import lxml.html
import pytest
from contests.model import parse_moment, status_at
from support import SITEURL, article, build_site

ICT = ZoneInfo("Asia/Ho_Chi_Minh")


def contest(title, opens, closes, slug, lang="vi", **meta):
    return article(
        title,
        date="2024-04-01",
        Slug=slug,
        Lang=lang,
        Template="contest",
        Opens=opens,
        Closes=closes,
        **meta,
    )


FILES = {
    "c/anh.vi.md": contest(
        'Cuộc thi ảnh & "Khoảnh khắc"',
        "2024-04-10",
        "2024-05-10",
        "anh",
        Entry_url="https://forms.example.org/anh",
        Prizes="1 giải Nhất",
        Results_date="2024-05-20",
        body="Thể lệ.\n\n## Danh sách đoạt giải\n\nNguyễn Văn A.",
    ),
    "c/anh.en.md": contest("Photo contest", "2024-04-10", "2024-05-10", "anh", "en"),
    "c/video.vi.md": contest("Cuộc thi video", "2024-04-01", "2024-04-30", "video"),
    "c/luat.vi.md": contest("Thi tìm hiểu luật", "2024-06-01", "2024-07-01", "luat"),
    "c/cu.vi.md": contest("Cuộc thi cũ", "2024-01-01", "2024-02-01", "cu"),
    "c/cu-hon.vi.md": contest("Cuộc thi cũ hơn", "2023-01-01", "2023-02-01", "cu-hon"),
}
DURING = "2024-04-20 12:00"


def build(tmp_path_factory, now):
    return build_site(tmp_path_factory.mktemp("contests"), FILES, BUILD_TIME=now)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory, DURING)


def page(site, path):
    return lxml.html.parse(str(site / path)).getroot()


def status_of(doc):
    return doc.xpath("//section[@class='contest']//@data-contest-status")[0]


@pytest.mark.parametrize(
    "now, expected",
    [
        ("2024-04-09 23:59", "upcoming"),
        ("2024-04-10 00:00", "open"),
        ("2024-05-10 23:00", "open"),
        ("2024-05-11 00:00", "closed"),
    ],
)
def test_status_at_fixed_clocks(now, expected):
    opens = parse_moment("2024-04-10", "Asia/Ho_Chi_Minh")
    closes = parse_moment("2024-05-10", "Asia/Ho_Chi_Minh", end_of_day=True)
    assert status_at(opens, closes, parse_moment(now, "Asia/Ho_Chi_Minh")) == expected


@pytest.mark.parametrize(
    "now, expected, enter_hidden",
    [
        ("2024-04-01", "upcoming", True),
        (DURING, "open", False),
        ("2024-06-01", "closed", True),
    ],
)
def test_built_page_status_and_enter_button(
    tmp_path_factory, now, expected, enter_hidden
):
    doc = page(build(tmp_path_factory, now), "anh.html")
    assert status_of(doc) == expected
    (enter,) = doc.xpath("//a[contains(@class,'enter')]")
    assert enter.get("href") == "https://forms.example.org/anh"
    assert (enter.get("hidden") is not None) == enter_hidden


def test_page_carries_iso_dates(site):
    (badge,) = page(site, "anh.html").xpath(
        "//section[@class='contest']/p[@data-opens]"
    )
    assert datetime.fromisoformat(badge.get("data-opens")) == datetime(
        2024, 4, 10, tzinfo=ICT
    )
    assert datetime.fromisoformat(badge.get("data-closes")) == datetime(
        2024, 5, 10, 23, 59, 59, tzinfo=ICT
    )


def test_rules_prizes_results_and_winners(site):
    doc = page(site, "anh.html")
    facts = doc.xpath("//dl[@class='contest-facts']/dd//text()")
    assert "1 giải Nhất" in facts
    assert any("2024" in f and "20" in f for f in facts)  # the results date
    assert doc.xpath("//div[@class='story-body']/h2/text()") == ["Danh sách đoạt giải"]


def test_index_lists_open_then_upcoming_then_closed(site):
    doc = page(site, "contests/index.html")
    titles = doc.xpath("//ul[contains(@class,'contests')]//h2/a/text()")
    assert titles == [
        "Cuộc thi video",  # open, closes 30/4
        'Cuộc thi ảnh & "Khoảnh khắc"',  # open, closes 10/5
        "Thi tìm hiểu luật",  # upcoming
        "Cuộc thi cũ",  # closed most recently
        "Cuộc thi cũ hơn",
    ]
    english = page(site, "en/contests/index.html")
    assert english.xpath("//ul[contains(@class,'contests')]//h2/a/text()") == [
        "Photo contest"
    ]


def test_event_json_ld(site):
    scripts = page(site, "anh.html").xpath(
        "//script[@type='application/ld+json']/text()"
    )
    data = [json.loads(s) for s in scripts]
    (event,) = [d for d in data if d["@type"] == "Event"]
    assert event["name"] == 'Cuộc thi ảnh & "Khoảnh khắc"'
    assert datetime.fromisoformat(event["startDate"]) == datetime(
        2024, 4, 10, tzinfo=ICT
    )
    assert event["endDate"].startswith("2024-05-10T23:59:59")
    assert event["location"] == {
        "@type": "VirtualLocation",
        "url": "https://forms.example.org/anh",
    }
    assert event["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert [d["@type"] for d in data].count("NewsArticle") == 1


def test_ics_has_opening_closing_and_a_reminder(site):
    doc = page(site, "anh.html")
    (link,) = doc.xpath("//a[contains(@href,'.ics')]/@href")
    assert link == f"{SITEURL}/contests/anh.ics"
    calendar = icalendar.Calendar.from_ical((site / "contests/anh.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2024, 4, 10, tzinfo=ICT)
    assert event.decoded("dtend") == datetime(2024, 5, 10, 23, 59, 59, tzinfo=ICT)
    assert str(event["summary"]) == 'Cuộc thi ảnh & "Khoảnh khắc"'
    assert str(event["url"]) == f"{SITEURL}/anh.html"
    assert calendar.walk("VALARM")


def test_home_promotes_open_contests_only(site):
    promoted = page(site, "index.html").xpath(
        "//section[@class='open-contests']//li/a/text()"
    )
    assert promoted == ["Cuộc thi video", 'Cuộc thi ảnh & "Khoảnh khắc"']


def test_no_open_contest_no_promotion(tmp_path_factory):
    doc = page(build(tmp_path_factory, "2025-01-01"), "index.html")
    assert not doc.xpath("//section[@class='open-contests']")
