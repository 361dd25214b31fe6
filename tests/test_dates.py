"""Localized dates: Babel with explicit locales, Buddhist era for Thai."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from languages.dates import buddhist_pattern, format_local_date

ICT = ZoneInfo("Asia/Ho_Chi_Minh")
APRIL_19 = datetime(2024, 4, 19, 14, 30, tzinfo=ICT)


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("d MMMM y", "d MMMM '2567'"),
        ("d/M/yy", "d/M/'67'"),
        ("d MMMM G y", "d MMMM 'พ.ศ.' '2567'"),
        ("'year' y", "'year' '2567'"),
        ("EEEEที่ d MMMM G yyyy", "EEEEที่ d MMMM 'พ.ศ.' '2567'"),
    ],
)
def test_buddhist_pattern(pattern, expected):
    assert buddhist_pattern(pattern, 2024) == expected


@pytest.mark.parametrize(
    "form, expected",
    [
        ("d MMMM y", "19 เมษายน 2567"),
        ("short", "19/4/67"),
        ("d MMM y", "19 เม.ย. 2567"),
        ("full", "วันศุกร์ที่ 19 เมษายน พ.ศ. 2567"),
    ],
)
def test_thai_dates_use_the_buddhist_era(form, expected):
    assert (
        format_local_date(APRIL_19, form, "th", "Asia/Bangkok", calendar="buddhist")
        == expected
    )


def test_buddhist_year_follows_the_local_date():
    # 31 Dec 2023 23:30 UTC is already 1 Jan 2024 in Bangkok: 2567, not 2566.
    new_year = datetime(2023, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert (
        format_local_date(
            new_year, "d MMMM y", "th", "Asia/Bangkok", calendar="buddhist"
        )
        == "1 มกราคม 2567"
    )


@pytest.mark.parametrize(
    "form, expected",
    [("d/M/y", "19/4/2024"), ("full", "Thứ Sáu, 19 tháng 4, 2024")],
)
def test_vietnamese_dates(form, expected):
    assert format_local_date(APRIL_19, form, "vi", "Asia/Ho_Chi_Minh") == expected


def test_named_forms_come_from_settings_first():
    formats = {"short": "d/M/y"}
    assert format_local_date(APRIL_19, "short", "vi", "Asia/Ho_Chi_Minh", formats) == (
        "19/4/2024"
    )


def test_plain_dates_are_formatted_too():
    assert format_local_date(date(2024, 4, 19), "d/M/y", "vi", "Asia/Ho_Chi_Minh") == (
        "19/4/2024"
    )


def test_times_are_shown_in_the_readers_zone():
    utc = datetime(2024, 4, 19, 1, 0, tzinfo=ZoneInfo("UTC"))
    assert format_local_date(utc, "HH:mm", "vi", "Asia/Ho_Chi_Minh") == "08:00"
