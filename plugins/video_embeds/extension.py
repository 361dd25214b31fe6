"""A paragraph that is only a video URL becomes a video embed.

Remote videos become a `<figure class="video-embed">` holding a plain link to
the video (it works without JavaScript) and, if allowed, the provider's
thumbnail; `theme/static/js/video.js` swaps the link for the player iframe
(`data-embed`) on tap. Local files (`videos/x.mp4`) become a `<video>`
element. Everything else, including URLs of unknown providers, is left to the
normal paragraph processor.
"""

import os
import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString

from .providers import FILE, parse_video_url

# The whole block is one URL, bare or as an autolink `<…>`.
_LONE_URL = re.compile(r"\s*(?:<(?P<wrapped>[^\s<>]+)>|(?P<bare>[^\s<>]+))\s*")
POSTER_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
MEDIA_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
}
# hqdefault.jpg, the one thumbnail size every YouTube video has.
THUMBNAIL_SIZE = ("480", "360")


def lone_video(block):
    """The `Video` a block consisting of only its URL names, else None."""
    match = _LONE_URL.fullmatch(block)
    if not match:
        return None
    return parse_video_url(match["wrapped"] or match["bare"])


class VideoEmbedProcessor(BlockProcessor):
    """Turns a lone video URL block into a `figure.video-embed`."""

    def __init__(
        self,
        parser,
        play_label,
        remote_thumbnails,
        content_path,
        play_labels=None,
        default_lang="",
    ):
        super().__init__(parser)
        self.play_label = play_label
        self.play_labels = play_labels or {}
        self.default_lang = default_lang
        self.remote_thumbnails = remote_thumbnails
        self.content_path = content_path

    def test(self, parent, block):
        # A list of video links is a list of links, not a stack of players.
        return parent.tag != "li" and lone_video(block) is not None

    def run(self, parent, blocks):
        video = lone_video(blocks.pop(0))
        figure = etree.SubElement(parent, "figure")
        figure.set("class", "video-embed")
        figure.set("data-provider", video.provider)
        if video.provider == FILE:
            self.add_player(figure, video)
        else:
            self.add_link(figure, video)

    def add_link(self, figure, video):
        figure.set("data-embed", video.embed_url)
        if video.portrait:
            figure.set("data-aspect", "portrait")
        link = etree.SubElement(figure, "a", {"class": "video-link"})
        link.set("href", video.url)
        poster = self.article_image()
        if video.thumbnail and self.remote_thumbnails:
            width, height = THUMBNAIL_SIZE
            image = etree.SubElement(link, "img")
            image.set("src", video.thumbnail)
            image.set("alt", "Video")
            image.set("loading", "lazy")
            image.set("width", width)
            image.set("height", height)
        elif poster:
            # The story's own picture as the poster: served by the site, so
            # still nothing is asked of a third party before a tap.
            image = etree.SubElement(link, "img")
            image.set("src", "{static}/" + poster)
            image.set("alt", "")
            image.set("loading", "lazy")
        label = etree.SubElement(link, "span", {"class": "video-play"})
        label.text = AtomicString(self.label())

    def article_image(self):
        """The document's `Image` (a path under content/), if it has one."""
        meta = getattr(self.parser.md, "Meta", None) or {}
        image = (meta.get("image") or [""])[0].strip().lstrip("/")
        if not image or ".." in image or not self.content_path:
            return None
        return image if os.path.isfile(os.path.join(self.content_path, image)) else None

    def label(self):
        """The play button's text in the document's language (its `Lang`).

        The meta preprocessor has read the metadata before blocks are parsed.
        """
        meta = getattr(self.parser.md, "Meta", None) or {}
        lang = (meta.get("lang") or [self.default_lang])[0].strip()
        return self.play_labels.get(lang, self.play_label)

    def add_player(self, figure, video):
        player = etree.SubElement(figure, "video")
        player.set("controls", "controls")  # serialized as a bare `controls`
        player.set("preload", "none")
        poster = self.poster_for(video.id)
        if poster:
            player.set("poster", "{static}/" + poster)
        # The file goes in <source>, not <video src>: Pelican resolves only one
        # {static} link per tag, and the poster needs it.
        source = etree.SubElement(player, "source")
        source.set("src", video.url)
        source.set("type", MEDIA_TYPES[os.path.splitext(video.id)[1].lower()])
        # Shown only by browsers that cannot play the file.
        fallback = etree.SubElement(player, "a")
        fallback.set("href", video.url)
        fallback.text = AtomicString(os.path.basename(video.id))

    def poster_for(self, path):
        """`videos/x.jpg` (or .jpeg, .png, .webp) beside `videos/x.mp4`, if any."""
        if not self.content_path:
            return None
        stem = os.path.splitext(path)[0]
        for extension in POSTER_EXTENSIONS:
            if os.path.isfile(os.path.join(self.content_path, stem + extension)):
                return stem + extension
        return None


class VideoEmbedExtension(Extension):
    """Embeds YouTube, Facebook, Vimeo, TikTok and local videos."""

    def __init__(self, **kwargs):
        self.config = {
            "play_label": ["Play video", "Text of the play button on a video."],
            "play_labels": [
                {},
                "Play button text per document language ({'vi': 'Xem video'}), "
                "chosen by the document's Lang metadata; play_label otherwise.",
            ],
            "default_lang": ["", "Language of documents without a Lang line."],
            "remote_thumbnails": [
                False,
                "Show the provider's thumbnail (YouTube) before a tap; this asks "
                "a third party for the image when the page loads.",
            ],
            "content_path": [
                "",
                "Content folder; a local video gets as poster the image with the "
                "same name beside it (videos/x.jpg for videos/x.mp4). "
                "Empty: no poster.",
            ],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        processor = VideoEmbedProcessor(
            md.parser,
            play_label=self.getConfig("play_label"),
            play_labels=self.getConfig("play_labels"),
            default_lang=self.getConfig("default_lang"),
            remote_thumbnails=self.getConfig("remote_thumbnails"),
            content_path=self.getConfig("content_path"),
        )
        # Before the paragraph processor (10), after reference definitions (15).
        md.parser.blockprocessors.register(processor, "video_embed", 12)


def makeExtension(**kwargs):
    return VideoEmbedExtension(**kwargs)
