"""A contest's dates and status, from its article's metadata."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from pelican.utils import get_date

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
# Open contests first (nearest deadline first), then upcoming, then closed.
STATUS_ORDER = {OPEN: 0, UPCOMING: 1, CLOSED: 2}
HAS_TIME_RE = re.compile(r"\d[T ]\d{1,2}:\d{2}")


def parse_moment(value, timezone, end_of_day=False):
    """A zone-aware datetime; a bare date is its first (or last) moment."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        moment = get_date(text)
        if end_of_day and not HAS_TIME_RE.search(text):
            moment = datetime.combine(moment.date(), time(23, 59, 59))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment


def status_at(opens, closes, now):
    if now < opens:
        return UPCOMING
    if now <= closes:
        return OPEN
    return CLOSED


@dataclass
class Contest:
    opens: datetime
    closes: datetime
    status: str
    entry_url: str = ""
    prizes: str = ""
    results_date: datetime | None = None

    @property
    def is_open(self):
        return self.status == OPEN

    def sort_key(self):
        """Open: nearest deadline; upcoming: nearest opening; closed: latest."""
        if self.status == OPEN:
            moment = self.closes.timestamp()
        elif self.status == UPCOMING:
            moment = self.opens.timestamp()
        else:
            moment = -self.closes.timestamp()
        return (STATUS_ORDER[self.status], moment)

    def alarm_before(self):
        return timedelta(days=1)


def contest_of(article, now, timezone):
    """The Contest of an article with `Template: contest`."""
    meta = article.metadata
    opens = parse_moment(meta["opens"], timezone)
    closes = parse_moment(meta["closes"], timezone, end_of_day=True)
    results = meta.get("results_date")
    return Contest(
        opens=opens,
        closes=closes,
        status=status_at(opens, closes, now),
        entry_url=meta.get("entry_url", "") or "",
        prizes=meta.get("prizes", "") or "",
        results_date=parse_moment(results, timezone, end_of_day=False)
        if results
        else None,
    )
