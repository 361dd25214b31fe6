"""Writes each language's list pages: home, categories, tags, authors, archives."""

from functools import partial

from pelican.generators import Generator
from pelican.paginator import Paginator

# (template, file name under the language prefix) of pages that list nothing
# more than what LanguageSite holds.
SINGLE_PAGES = (
    ("archives", "archives.html"),
    ("categories", "categories.html"),
    ("tags", "tags.html"),
    ("authors", "authors.html"),
    ("404", "404.html"),
)


class LanguageListsGenerator(Generator):
    def generate_context(self):
        sites = self.context["LANGUAGE_SITES"]
        articles = self.context.get("LANGUAGE_ARTICLES", [])
        pages = self.context.get("LANGUAGE_PAGES", [])
        for site in sites.values():
            site.collect(articles, pages, self.settings)

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        pages = []
        for site in self.context["LANGUAGE_SITES"].values():
            pages.extend(self.site_pages(site))
        self.write_pages(write, pages)

    def write_pages(self, write, pages):
        """Write each (args, kwargs) of `pages` (page_rendering renders them
        on all cores)."""
        for args, kwargs in pages:
            write(*args, **kwargs)

    def site_pages(self, site):
        """[(args, kwargs) of `write`] for every list page of `site`, one per
        file: paginated lists are split here, not in the writer."""
        pages = []
        home = site.home_link
        pages += self._paginated(
            "index", home, home, site.articles, lang=site.code, page_name=home[:-5]
        )
        for kind, items in (
            ("category", site.categories),
            ("tag", site.tags),
            ("author", site.authors),
        ):
            for item in items:
                pages += self._paginated(
                    kind,
                    item.save_as,
                    item.url,
                    item.articles,
                    lang=site.code,
                    page_name=item.save_as[: -len(".html")],
                    **{kind: item},
                )
        for template, name in SINGLE_PAGES:
            url = site.url(name)
            kwargs = {
                # The language's stories, not Pelican's site-wide lists.
                "articles": site.articles,
                "dates": site.articles,
                "template_name": template,
                "page_name": url[: -len(".html")],
                "url": url,
                "lang": site.code,
            }
            pages.append(((url, self.get_template(template), self.context), kwargs))
        return pages

    def _paginated(self, template_name, name, url, articles, **kwargs):
        """One write per page of `articles`, with the `articles_*` variables
        Pelican's Writer gives a paginated template."""
        kwargs = {"articles": articles, "dates": articles, **kwargs}
        template = self.get_template(template_name)
        named = {"template_name": template_name, "url": url}
        paginated = self.settings["PAGINATED_TEMPLATES"]
        if template_name not in paginated:
            return [((name, template, self.context), {**named, **kwargs})]
        per_page = paginated[template_name] or self.settings["DEFAULT_PAGINATION"]
        paginator = Paginator(name, url, articles, self.settings, per_page)
        count = paginator.num_pages
        pages = []
        for number in range(1, count + 1):
            page = paginator.page(number)
            page_kwargs = {
                **kwargs,
                "articles_paginator": paginator,
                "articles_page": page,
                "articles_previous_page": (
                    paginator.page(number - 1) if number > 1 else None
                ),
                "articles_next_page": (
                    paginator.page(number + 1) if number < count else None
                ),
            }
            # Already split: the writer writes this one file.
            write_kwargs = {"paginated": {}, **named, **page_kwargs}
            pages.append(((page.save_as, template, self.context), write_kwargs))
        return pages
