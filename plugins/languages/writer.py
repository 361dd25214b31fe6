"""A Writer that tells every template which language it is rendering."""

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
