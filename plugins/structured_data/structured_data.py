"""Builds schema.org objects for templates; `|tojson` escapes them for <script>."""

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals


def _plain(html):
    """Text of rendered Markdown (a summary), without its tags."""
    return Markup(html or "").striptags()


def news_article(article, site, base_url):
    """A `NewsArticle` for one article page."""
    url = f"{base_url}/{article.url}"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": _plain(getattr(article, "summary", "")),
        "inLanguage": article.lang,
        "datePublished": article.date.isoformat(),
        "dateModified": (
            getattr(article, "modified", None) or article.date
        ).isoformat(),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": [
            {"@type": "Person", "name": author.name}
            for author in getattr(article, "authors", [])
        ],
        "publisher": {
            "@type": "Organization",
            "name": site.sitename,
            "url": f"{base_url}/{site.home_url}",
        },
    }
    if getattr(article, "category", None):
        data["articleSection"] = article.category.name
    tags = getattr(article, "tags", [])
    if tags:
        data["keywords"] = ", ".join(tag.name for tag in tags)
    image = getattr(article, "image", None)
    if image:
        data["image"] = [f"{base_url}/{image}"]
    return data


def contest_event(article, site, base_url):
    """An `Event` for a contest: online, from Opens to Closes."""
    contest = article.contest
    url = f"{base_url}/{article.url}"
    status = "https://schema.org/EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": article.title,
        "description": _plain(getattr(article, "summary", "")),
        "inLanguage": article.lang,
        "startDate": contest.opens.isoformat(),
        "endDate": contest.closes.isoformat(),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": contest.entry_url or url},
        "url": url,
        "organizer": {
            "@type": "Organization",
            "name": site.sitename,
            "url": f"{base_url}/{site.home_url}",
        },
    }
    image = getattr(article, "image", None)
    if image:
        data["image"] = [f"{base_url}/{image}"]
    return data


@pass_context
def article_jsonld(context, article):
    """The JSON-LD objects of an article page (a list, for one <script>)."""
    site, base_url = context["site"], context["FEED_DOMAIN"]
    objects = [news_article(article, site, base_url)]
    if getattr(article, "contest", None) is not None:
        objects.append(contest_event(article, site, base_url))
    return objects


def install_globals(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["article_jsonld"] = article_jsonld


def register():
    signals.generator_init.connect(install_globals)
