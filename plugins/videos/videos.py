"""An article with `Video:` metadata is a video story: it gets `main_video`
(parsed as the video_embeds plugin parses embeds), and each language gets a
`videos/index.html` of its video stories, newest first. The feeds plugin adds
a Media RSS video feed per language and structured_data a `VideoObject`.
"""

from languages.indexes import LanguageIndexGenerator
from pelican import signals
from video_embeds.providers import parse_video_url


class VideoLink:
    """A `Video:` URL no provider embeds: still a video story, as a link."""

    provider = "link"
    embed_url = None
    thumbnail = None

    def __init__(self, url):
        self.url = url


def attach_videos(generator):
    for article in generator.articles + generator.translations:
        url = (article.metadata.get("video") or "").strip()
        if url:
            article.main_video = parse_video_url(url) or VideoLink(url)


def is_video_story(article):
    return getattr(article, "main_video", None) is not None


class VideosGenerator(LanguageIndexGenerator):
    template = folder = name = "videos"

    def select(self, site):
        return [a for a in site.articles if is_video_story(a)]


def get_generators(pelican):
    return VideosGenerator


def register():
    signals.article_generator_finalized.connect(attach_videos)
    signals.get_generators.connect(get_generators)
