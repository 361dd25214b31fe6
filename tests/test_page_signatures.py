"""A page's signature changes with what its links and picture resolve to."""

import os
from types import SimpleNamespace

from page_rendering.signatures import _link_targets


def story(content, image=None):
    return SimpleNamespace(
        _content=content,
        metadata={},
        image=image,
        relative_source_path="news/a.vi.md",
    )


def test_link_targets_follow_urls_and_static_files(tmp_path):
    picture = tmp_path / "p.jpg"
    picture.write_bytes(b"one")
    context = {
        "generated_content": {"news/b.vi.md": SimpleNamespace(url="b.html")},
        "static_content": {
            "images/p.jpg": SimpleNamespace(
                url="images/p.jpg", source_path=str(picture)
            )
        },
    }
    page = story('<a href="{filename}b.vi.md">b</a>', image="images/p.jpg")
    before = _link_targets(page, context)
    assert [t[:2] for t in before] == [
        ["news/b.vi.md", "b.html"],
        ["images/p.jpg", "images/p.jpg"],
    ]
    context["generated_content"]["news/b.vi.md"].url = "b-moi.html"
    moved = _link_targets(page, context)
    assert moved != before
    picture.write_bytes(b"another picture")
    os.utime(picture, ns=(1, 1))
    assert _link_targets(page, context) != moved
