"""A Writer that tells every template which language it is rendering, and
links pages unchanged since the previous site instead of writing them."""

import os

from content_cache.files import UnchangedOrWritten
from pelican.writers import Writer


class LanguageWriter(Writer):
    def write_file(self, name, template, context, *args, **kwargs):
        kwargs = self.page_kwargs(context, kwargs)
        return super().write_file(name, template, context, *args, **kwargs)

    def page_kwargs(self, context, kwargs):
        """`kwargs` of one page plus its `lang` and `site` (LanguageSite)."""
        kwargs = dict(kwargs)
        content = kwargs.get("article") or kwargs.get("page")
        lang = (
            kwargs.get("lang")
            or getattr(content, "lang", None)
            or self.settings["DEFAULT_LANG"]
        )
        kwargs["lang"] = lang
        sites = context.get("LANGUAGE_SITES")
        if sites is not None:
            kwargs.setdefault("site", sites[lang])
        return kwargs

    def _open_w(self, filename, encoding, override=False):
        opened = super()._open_w(filename, encoding, override)
        # atomic_output builds aside; the site it will replace is kept there.
        previous_site = self.settings.get("PREVIOUS_OUTPUT_PATH")
        if not previous_site or opened.name == os.devnull:
            return opened
        opened.close()
        relative = os.path.relpath(filename, self.output_path)
        return UnchangedOrWritten(
            filename, os.path.join(previous_site, relative), encoding
        )
