"""A base for plugins that add one index page per language (videos, contests,
notices): pick the site's articles, keep them on the LanguageSite, write
`<prefix><folder>/index.html` with the given template.
"""

from functools import partial

from pelican.generators import Generator


class LanguageIndexGenerator(Generator):
    template = ""  # e.g. "videos"
    folder = ""  # e.g. "videos": written to videos/index.html, th/videos/index.html
    name = ""  # LanguageSite attribute and template variable, e.g. "videos"

    def select(self, site):
        """This index's articles of `site`, in the order to list them."""
        raise NotImplementedError

    def generate_context(self):
        for site in self.context["LANGUAGE_SITES"].values():
            setattr(site, self.name, self.select(site))

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for site in self.context["LANGUAGE_SITES"].values():
            save_as = site.url(f"{self.folder}/index.html")
            write(
                save_as,
                self.get_template(self.template),
                self.context,
                page_name=save_as[: -len(".html")],
                lang=site.code,
                **{self.name: getattr(site, self.name)},
            )
