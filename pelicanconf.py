"""Preview settings: relative URLs, used by `make serve`.

`publishconf.py` extends this file for the deployable site.
"""

import os
import sys

SITENAME = "Bản tin Công đoàn"
SITEURL = ""
# Feeds, sitemaps and social cards need absolute URLs even in preview.
FEED_DOMAIN = "http://127.0.0.1:8000"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "images", "files", "videos"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "files", "videos"]
IGNORE_FILES = [".#*", "*~", "*.swp", "README.md"]
# Without a Category line, an article takes the name of its top folder under content/.
USE_FOLDER_AS_CATEGORY = False
PATH_METADATA = r"(?P<category>[^/]+)/.*"
DEFAULT_CATEGORY = "Tin tức"

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# One sub-site per language; the first one is served at the site root.
LANGUAGES = {
    "vi": {
        "name": "Tiếng Việt",
        "locale": "vi",
        "sitename": "Bản tin Công đoàn",
        "description": "Tin tức, video và thông báo của tổ chức Công đoàn.",
        "timezone": "Asia/Ho_Chi_Minh",
        "date_formats": {"short": "d/M/y", "long": "EEEE, d MMMM, y"},
        "default_category": "Tin tức",
    },
    "th": {
        "name": "ไทย",
        "locale": "th",
        "sitename": "ข่าวสหภาพแรงงาน",
        "description": "ข่าว วิดีโอ และประกาศของสหภาพแรงงาน",
        "timezone": "Asia/Bangkok",
        "date_formats": {"short": "d MMM y", "long": "d MMMM y"},
        "default_category": "ข่าว",
        "calendar": "buddhist",
    },
    "en": {
        "name": "English",
        "locale": "en",
        "sitename": "Trade Union News",
        "description": "News, videos and notices from the trade unions.",
        "timezone": "Asia/Ho_Chi_Minh",
        "date_formats": {"short": "d MMM y", "long": "EEEE, d MMMM y"},
        "default_category": "News",
    },
}

# Translations are matched by their shared Slug; other languages get a prefix.
ARTICLE_TRANSLATION_ID = "slug"
PAGE_TRANSLATION_ID = "slug"
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = "{lang}/{slug}.html"
PAGE_URL = PAGE_SAVE_AS = "pages/{slug}.html"
PAGE_LANG_URL = PAGE_LANG_SAVE_AS = "{lang}/pages/{slug}.html"
CATEGORY_URL = "category/{slug}.html"
TAG_URL = "tag/{slug}.html"
AUTHOR_URL = "author/{slug}.html"
# Drafts never reach the output.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
# Lists are written per language by the `languages` plugin, not by Pelican.
DIRECT_TEMPLATES = []
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
# Feeds are written per language by the `feeds` plugin (feedgen), not by Pelican.
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

DEFAULT_PAGINATION = 12
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None, "author": None}
# Without a Summary line, the dek is the first paragraph (at most 60 words).
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = 60

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

JINJA_ENVIRONMENT = {
    # Text from content is escaped wherever it lands; rendered Markdown is
    # marked |safe in the templates.
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}

PLUGIN_PATHS = ["plugins"]
# Plugins may use each other's modules (content_check reads video URLs the way
# video_embeds does), so their folder is importable too.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins"))
# atomic_output must stay last: it swaps the finished site into OUTPUT_PATH.
PLUGINS = [
    "content_check",
    "core_speedups",
    "languages",
    "contests",
    "notices",
    "videos",
    "social_cards",
    "structured_data",
    "related_news",
    "video_embeds",
    "feeds",
    "sitemap",
    "search",
    "offline",
    "assets",
    "images",
    "page_rendering",
    "content_cache",
    "atomic_output",
]

FEEDS_MAX_ITEMS = 30
RELATED_NEWS_MAX = 5
# A paragraph that is only a video URL becomes a tap-to-play embed.
VIDEO_EMBEDS_PLAY_LABELS = {"vi": "Xem video", "th": "เล่นวิดีโอ", "en": "Play video"}
CACHE_PATH = "cache"
RELATIVE_URLS = True
# Markdown files unchanged since the last build (same hash) are not parsed
# again; `content_cache` drops the cache when settings or code change.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "md5"
DELETE_OUTPUT_DIRECTORY = True
READERS = {"rst": None}  # content is Markdown only
