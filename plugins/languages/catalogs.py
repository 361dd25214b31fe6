"""Interface text: the theme's gettext catalogs, compiled in memory with Babel.

Templates use Jinja2's i18n extension (`{{ _("Home") }}`, `{% trans %}`); the
callables installed here look the page's language up in the render context, so
one Jinja environment renders all languages.
"""

import logging
import os
from gettext import NullTranslations
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import pass_context

logger = logging.getLogger(__name__)

DOMAIN = "messages"


def load_catalog(translations_dir, code):
    """gettext translations for `code` from `<dir>/<code>/LC_MESSAGES/messages.po`."""
    path = os.path.join(translations_dir, code, "LC_MESSAGES", DOMAIN + ".po")
    if not os.path.exists(path):
        return NullTranslations()
    with open(path, "rb") as f:
        catalog = read_po(f, locale=code)
    buffer = BytesIO()
    # Fuzzy entries are drafts of a translator: show the English text instead.
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def _catalog(context):
    site = context.get("site")
    return site.catalog if site is not None else NullTranslations()


@pass_context
def gettext(context, message):
    return _catalog(context).gettext(message)


@pass_context
def ngettext(context, singular, plural, n):
    return _catalog(context).ngettext(singular, plural, n)


def install(env):
    """Make `_`, `gettext`, `ngettext` and `{% trans %}` language-aware in `env`."""
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
