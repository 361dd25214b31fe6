"""Which video a URL names, for the providers Loa embeds.

Pure functions: no network, no filesystem. The URL comes from content, so the
matching is strict: http(s) only, exact host names, ids of a known shape; all
URLs given back (link, iframe, thumbnail) are rebuilt from the parts that
matched, never copied from the input.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote

YOUTUBE, FACEBOOK, VIMEO, TIKTOK, FILE = (
    "youtube",
    "facebook",
    "vimeo",
    "tiktok",
    "file",
)
PROVIDERS = (YOUTUBE, FACEBOOK, VIMEO, TIKTOK, FILE)


@dataclass(frozen=True)
class Video:
    provider: str  # one of PROVIDERS
    id: str  # provider's id; for "file", the path relative to content/
    url: str  # where the link goes; for "file", "{static}/videos/…" for Pelican
    embed_url: str | None  # iframe src, loaded only on tap; None for "file"
    thumbnail: str | None  # provider's image URL, if it offers one
    start: int = 0  # seconds
    portrait: bool = False  # 9:16 player (TikTok, YouTube Shorts)


# Raw whitespace, quotes, angle brackets, backslashes and control characters
# never belong in a URL an editor pastes; refusing them up front keeps every
# pattern below simple.
_UNSAFE = re.compile(r"[\s\"'<>\\`\x00-\x1f\x7f]")
# Userinfo ("youtube.com@evil.org") and ports are refused by the host pattern.
# ASCII only: with Unicode case folding "[a-z]" would also match the Kelvin sign.
_URL = re.compile(
    r"(?P<scheme>https?)://(?P<host>[a-z0-9.-]+)"
    r"(?P<path>/[^?#]*)?(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?",
    re.IGNORECASE | re.ASCII,
)
# Segments may not start with a dot: no "..", no hidden files.
_FILE = re.compile(
    r"(?:\{static\}/)?(?P<path>videos/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*"
    r"[A-Za-z0-9_-][A-Za-z0-9._-]*\.(?i:mp4|webm|m4v|ogv))"
)

_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_YOUTUBE_NOCOOKIE_HOSTS = frozenset(
    {"youtube-nocookie.com", "www.youtube-nocookie.com"}
)
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_PATH = re.compile(r"/(?P<kind>shorts|live|embed)/(?P<id>[^/]+)/?")
_YOUTU_BE_PATH = re.compile(r"/(?P<id>[^/]+)/?")
_YOUTUBE_TIME = re.compile(
    r"(?:(?P<h>[0-9]+)h)?(?:(?P<m>[0-9]+)m)?(?:(?P<s>[0-9]+)s?)?"
)

_FACEBOOK_HOSTS = frozenset({"facebook.com", "www.facebook.com", "m.facebook.com"})
_FACEBOOK_VIDEO_PATH = re.compile(
    r"/(?P<page>[A-Za-z0-9._-]+)/videos/(?:[A-Za-z0-9._%-]+/)?(?P<id>[0-9]+)/?"
)
_FACEBOOK_WATCH_PATH = re.compile(r"/watch/?")
_FB_WATCH_PATH = re.compile(r"/(?P<id>[A-Za-z0-9_-]+)/?")
_DIGITS = re.compile(r"[0-9]+")

_VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com"})
_VIMEO_PATH = re.compile(r"/(?P<id>[0-9]+)/?")
_VIMEO_PLAYER_PATH = re.compile(r"/video/(?P<id>[0-9]+)/?")

_TIKTOK_HOSTS = frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"})
_TIKTOK_PATH = re.compile(r"/@(?P<user>[A-Za-z0-9._]+)/video/(?P<id>[0-9]+)/?")


STATIC_PREFIX = "{static}/"


def absolute_url(url, base_url):
    """`url` for use outside a page (feeds, JSON-LD): a local file's
    `{static}/videos/x.mp4` becomes `<base_url>/videos/x.mp4`."""
    if url.startswith(STATIC_PREFIX):
        return f"{base_url}/{url[len(STATIC_PREFIX) :]}"
    return url


def parse_video_url(url):
    """The `Video` that `url` names, or None for anything else."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _UNSAFE.search(url):
        return None
    match = _FILE.fullmatch(url)
    if match:
        path = match["path"]
        return Video(FILE, path, STATIC_PREFIX + path, None, None)
    match = _URL.fullmatch(url)
    if not match:
        return None
    host = match["host"].lower()
    path = match["path"] or "/"
    query = dict(reversed(parse_qsl(match["query"] or "", keep_blank_values=True)))
    fragment = dict(parse_qsl(match["fragment"] or "", keep_blank_values=True))
    for parse in (_youtube, _facebook, _vimeo, _tiktok):
        video = parse(host, path, query, fragment)
        if video:
            return video
    return None


def parse_start(value):
    """Seconds in a YouTube-style time: "90", "90s", "1m30s", "1h2m3s"; else 0."""
    match = _YOUTUBE_TIME.fullmatch(value or "")
    if not match:
        return 0
    hours, minutes, seconds = (int(match[unit] or 0) for unit in "hms")
    return hours * 3600 + minutes * 60 + seconds


def _youtube(host, path, query, fragment):
    portrait = False
    if host == "youtu.be":
        match = _YOUTU_BE_PATH.fullmatch(path)
        video_id = match and match["id"]
    elif host in _YOUTUBE_HOSTS and path.rstrip("/") == "/watch":
        video_id = query.get("v")
    elif host in _YOUTUBE_HOSTS | _YOUTUBE_NOCOOKIE_HOSTS:
        match = _YOUTUBE_PATH.fullmatch(path)
        if not match or (match["kind"] != "embed" and host not in _YOUTUBE_HOSTS):
            return None
        video_id = match["id"]
        portrait = match["kind"] == "shorts"
    else:
        return None
    if not video_id or not _YOUTUBE_ID.fullmatch(video_id):
        return None
    start = parse_start(query.get("t") or query.get("start") or fragment.get("t"))
    if portrait:
        link = f"https://www.youtube.com/shorts/{video_id}"
    else:
        link = f"https://www.youtube.com/watch?v={video_id}"
        if start:
            link += f"&t={start}s"
    embed = f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
    if start:
        embed += f"&start={start}"
    thumbnail = f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"
    return Video(YOUTUBE, video_id, link, embed, thumbnail, start, portrait)


def _facebook(host, path, query, fragment):
    if host == "fb.watch":
        match = _FB_WATCH_PATH.fullmatch(path)
        if not match:
            return None
        video_id = match["id"]
        link = f"https://fb.watch/{video_id}/"
    elif host in _FACEBOOK_HOSTS and _FACEBOOK_WATCH_PATH.fullmatch(path):
        video_id = query.get("v", "")
        if not _DIGITS.fullmatch(video_id):
            return None
        link = f"https://www.facebook.com/watch/?v={video_id}"
    elif host in _FACEBOOK_HOSTS:
        match = _FACEBOOK_VIDEO_PATH.fullmatch(path)
        if not match:
            return None
        video_id = match["id"]
        link = f"https://www.facebook.com/{match['page']}/videos/{video_id}/"
    else:
        return None
    embed = (
        "https://www.facebook.com/plugins/video.php"
        f"?href={quote(link, safe='')}&show_text=false"
    )
    return Video(FACEBOOK, video_id, link, embed, None)


def _vimeo(host, path, query, fragment):
    if host in _VIMEO_HOSTS:
        match = _VIMEO_PATH.fullmatch(path)
    elif host == "player.vimeo.com":
        match = _VIMEO_PLAYER_PATH.fullmatch(path)
    else:
        return None
    if not match:
        return None
    video_id = match["id"]
    start = parse_start(fragment.get("t"))
    link = f"https://vimeo.com/{video_id}"
    embed = f"https://player.vimeo.com/video/{video_id}?autoplay=1"
    if start:
        link += f"#t={start}s"
        embed += f"#t={start}s"
    return Video(VIMEO, video_id, link, embed, None, start)


def _tiktok(host, path, query, fragment):
    match = host in _TIKTOK_HOSTS and _TIKTOK_PATH.fullmatch(path)
    if not match:
        return None
    video_id = match["id"]
    link = f"https://www.tiktok.com/@{match['user']}/video/{video_id}"
    embed = f"https://www.tiktok.com/embed/v2/{video_id}"
    return Video(TIKTOK, video_id, link, embed, None, portrait=True)
