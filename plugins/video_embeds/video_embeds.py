"""Pelican wiring: add the video embed Markdown extension to every build."""

from pelican import signals

from .extension import VideoEmbedExtension
from .posters import patch_written_page

EXTENSION_NAME = "video_embeds.extension"
DEFAULTS = {
    "VIDEO_EMBEDS_PLAY_LABEL": "Play video",
    "VIDEO_EMBEDS_PLAY_LABELS": {},
    "VIDEO_EMBEDS_REMOTE_THUMBNAILS": False,
}


def check_settings(settings):
    """Validate VIDEO_EMBEDS_* once, up front, naming the bad key."""
    unknown = sorted(
        key
        for key in settings
        if key.startswith("VIDEO_EMBEDS_") and key not in DEFAULTS
    )
    if unknown:
        raise ValueError(f"unknown settings {unknown} (use {sorted(DEFAULTS)})")
    label = settings.get("VIDEO_EMBEDS_PLAY_LABEL", DEFAULTS["VIDEO_EMBEDS_PLAY_LABEL"])
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"VIDEO_EMBEDS_PLAY_LABEL must be some text, not {label!r}")
    labels = settings.get("VIDEO_EMBEDS_PLAY_LABELS", {})
    if not isinstance(labels, dict):
        raise ValueError(
            f"VIDEO_EMBEDS_PLAY_LABELS must map a Lang to a text, not {labels!r}"
        )
    remote = settings.get(
        "VIDEO_EMBEDS_REMOTE_THUMBNAILS", DEFAULTS["VIDEO_EMBEDS_REMOTE_THUMBNAILS"]
    )
    if not isinstance(remote, bool):
        raise ValueError(
            f"VIDEO_EMBEDS_REMOTE_THUMBNAILS must be True or False, not {remote!r}"
        )


def has_extension(markdown):
    named = set(markdown.get("extension_configs") or {})
    for extension in markdown.get("extensions") or []:
        if isinstance(extension, VideoEmbedExtension):
            return True
        named.add(extension)
    return EXTENSION_NAME in named


def add_extension(pelican):
    """Append a VideoEmbedExtension to MARKDOWN["extensions"], once."""
    settings = pelican.settings
    check_settings(settings)
    # A copy: the dict may be shared with whoever built these settings.
    markdown = dict(settings.get("MARKDOWN") or {})
    if has_extension(markdown):
        return
    extension = VideoEmbedExtension(
        play_label=settings.get(
            "VIDEO_EMBEDS_PLAY_LABEL", DEFAULTS["VIDEO_EMBEDS_PLAY_LABEL"]
        ),
        remote_thumbnails=settings.get(
            "VIDEO_EMBEDS_REMOTE_THUMBNAILS", DEFAULTS["VIDEO_EMBEDS_REMOTE_THUMBNAILS"]
        ),
        play_labels=settings.get("VIDEO_EMBEDS_PLAY_LABELS", {}),
        default_lang=settings.get("DEFAULT_LANG", ""),
        content_path=settings.get("PATH") or "",
    )
    markdown["extensions"] = [*(markdown.get("extensions") or []), extension]
    settings["MARKDOWN"] = markdown


def register():
    signals.initialized.connect(add_extension)
    signals.content_written.connect(patch_written_page)
