"""An .ics file per contest, so members can put the deadline in their phone."""

from icalendar import Alarm, Calendar, Event, vText

PRODID = "-//Loa//contests//EN"


def contest_calendar(article, url, sitename):
    """iCalendar bytes: one event from Opens to Closes, reminded a day before."""
    contest = article.contest
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(sitename))
    event = Event()
    event.add("uid", f"{article.lang}-{article.slug}@contests.loa")
    event.add("summary", article.title)
    event.add("dtstart", contest.opens)
    event.add("dtend", contest.closes)
    event.add("dtstamp", article.date)
    event.add("url", url)
    description = url
    if contest.entry_url:
        description = f"{contest.entry_url}\n{url}"
    event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", article.title)
    alarm.add("trigger", -contest.alarm_before(), parameters={"related": "END"})
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
