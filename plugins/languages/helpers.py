"""Template globals and filters that depend on the page's language."""

from jinja2 import pass_context


def translations_by_lang(content):
    """{lang: content} of `content` and each of its translations."""
    found = {content.lang: content}
    for other in getattr(content, "translations", []):
        found.setdefault(other.lang, other)
    return found


@pass_context
def language_links(context, content=None, path=None):
    """One link per language: to the translation of `content`, else that home.

    `path` (e.g. "search/index.html") names a page every language has: the
    links then go to each language's own copy of it.

    Each item: code, name, url (relative to the site root), current, translated.
    """
    sites = context["LANGUAGE_SITES"]
    current = context["lang"]
    translations = translations_by_lang(content) if content is not None else {}
    links = []
    for code, site in sites.items():
        target = translations.get(code)
        if target is not None:
            url = target.url
        else:
            url = site.url(path) if path else site.home_link
        links.append(
            {
                "code": code,
                "name": site.name,
                "url": url,
                "current": code == current,
                "translated": target is not None or bool(path),
            }
        )
    return links


@pass_context
def alternates(context, content=None, path=None):
    """(hreflang, url) for the page itself and each of its translations.

    Without `content`, the alternates are each language's copy of `path`
    (an index every language has), or the languages' homes.
    """
    sites = context["LANGUAGE_SITES"]
    if content is None:
        if path:
            return [(code, site.url(path)) for code, site in sites.items()]
        return [(code, site.home_url) for code, site in sites.items()]
    translations = translations_by_lang(content)
    return [(code, translations[code].url) for code in sites if code in translations]


@pass_context
def localdate(context, value, form="long"):
    """`{{ article.date|localdate("short") }}` in the page's language."""
    return context["site"].format_date(value, form)


def isodate(value):
    return value.isoformat()


FILTERS = {"localdate": localdate, "isodate": isodate}
GLOBALS = {"language_links": language_links, "alternates": alternates}
