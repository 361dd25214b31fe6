"""Writes each language's list pages: home, categories, tags, authors, archives."""

from functools import partial

from pelican.generators import Generator

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
        for site in self.context["LANGUAGE_SITES"].values():
            self._write_site(write, site)

    def _write_site(self, write, site):
        home = site.home_link
        write(
            home,
            self.get_template("index"),
            self.context,
            articles=site.articles,
            dates=site.articles,
            paginated={"articles": site.articles},
            template_name="index",
            page_name=home[: -len(".html")],
            url=home,
            lang=site.code,
        )
        for kind, items in (
            ("category", site.categories),
            ("tag", site.tags),
            ("author", site.authors),
        ):
            for item in items:
                write(
                    item.save_as,
                    self.get_template(kind),
                    self.context,
                    articles=item.articles,
                    dates=item.articles,
                    paginated={"articles": item.articles},
                    template_name=kind,
                    page_name=item.save_as[: -len(".html")],
                    url=item.url,
                    lang=site.code,
                    **{kind: item},
                )
        for template, name in SINGLE_PAGES:
            write(
                site.url(name),
                self.get_template(template),
                self.context,
                dates=site.articles,
                template_name=template,
                page_name=site.url(name)[: -len(".html")],
                url=site.url(name),
                lang=site.code,
            )
