"""Builds schema.org objects for templates; `|tojson` escapes them for <script>."""

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from video_embeds.providers import absolute_url


def _plain(html):
    """Text of rendered Markdown (a summary), without its tags."""
    return Markup(html or "").striptags()


def _organization(site, base_url):
    return {
        "@type": "Organization",
        "name": site.sitename,
        "url": f"{base_url}/{site.home_url}",
    }


def _picture(article):
    """The story's picture: its `Image`, else its drawn social card."""
    return getattr(article, "image", None) or getattr(article, "og_image", None)


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
        "publisher": _organization(site, base_url),
    }
    if getattr(article, "category", None):
        data["articleSection"] = article.category.name
    tags = getattr(article, "tags", [])
    if tags:
        data["keywords"] = ", ".join(tag.name for tag in tags)
    image = _picture(article)
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
        "organizer": _organization(site, base_url),
    }
    image = _picture(article)
    if image:
        data["image"] = [f"{base_url}/{image}"]
    return data


def video_object(article, site, base_url):
    """A `VideoObject` for a video story (its `Video:` metadata)."""
    video = article.main_video
    url = absolute_url(video.url, base_url)
    image = _picture(article)
    thumbnails = [video.thumbnail] if video.thumbnail else []
    if image:
        thumbnails.append(f"{base_url}/{image}")
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": article.title,
        "description": _plain(getattr(article, "summary", "")) or article.title,
        "inLanguage": article.lang,
        "uploadDate": article.date.isoformat(),
        "thumbnailUrl": thumbnails,
        "url": f"{base_url}/{article.url}",
        "publisher": _organization(site, base_url),
    }
    if video.provider == "file":
        data["contentUrl"] = url
    else:
        data["embedUrl"] = video.embed_url or url
        data["contentUrl"] = url
    return data


@pass_context
def article_jsonld(context, article):
    """The JSON-LD objects of an article page (a list, for one <script>)."""
    site, base_url = context["site"], context["FEED_DOMAIN"]
    objects = [news_article(article, site, base_url)]
    if getattr(article, "contest", None) is not None:
        objects.append(contest_event(article, site, base_url))
    if getattr(article, "main_video", None) is not None:
        objects.append(video_object(article, site, base_url))
    return objects


def install_globals(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["article_jsonld"] = article_jsonld


def register():
    signals.generator_init.connect(install_globals)
