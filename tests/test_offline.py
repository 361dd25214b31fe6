"""The offline plugin: sw.js at the site root, versioned, and what a member
reads in Chromium once the network is gone."""

import re
import shutil

import pytest
from browser_support import LocalServer
from support import ROOT, article, build_site, get_settings

PLUGINS = list(get_settings()["PLUGINS"])
PLUGINS.insert(PLUGINS.index("assets"), "offline")
# The site is served under a sub-path, as on https://user.github.io/repo/.
SUBPATH = "output"
VERSION = re.compile(r'"version": "([0-9a-f]{12})"')

FILES = {
    "news/mot.md": article(
        "Bài đã đọc", Slug="bai-da-doc", body="Đoàn viên đọc bài này."
    ),
    "news/hai.md": article("Bài chưa đọc", Slug="bai-chua-doc"),
    "news/th.md": article("ข่าวที่ยังไม่ได้อ่าน", Slug="khao", Lang="th"),
}


def version(output):
    return VERSION.search((output / "sw.js").read_text(encoding="utf-8")).group(1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(output folder, site URL) of a small site served on a free loopback port."""
    root = tmp_path_factory.mktemp("offline")
    server = LocalServer(root, site_folder=SUBPATH)
    url = f"{server.url}/{SUBPATH}"
    output = build_site(root, FILES, PLUGINS=PLUGINS, SITEURL=url, FEED_DOMAIN=url)
    server.start()
    yield output, url
    server.stop()


def test_worker_at_the_root_with_a_version(site):
    output, _url = site
    source = (output / "sw.js").read_text(encoding="utf-8")
    assert VERSION.search(source)
    assert "assets/css/loa." in source
    for prefix, lang in (("", "vi"), ("th/", "th"), ("en/", "en")):
        page = (output / prefix / "offline.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page
        assert f'"{prefix}offline.html"' in source
        assert f'"{prefix}index.html"' in source
    # Pagefind, feeds and calendars are never precached.
    assert not re.search(r'"[^"]*(pagefind/|feeds/|\.ics)[^"]*"', source)


def test_new_css_gives_a_new_version(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    first = build_site(tmp_path / "a", FILES, PLUGINS=PLUGINS, THEME=str(theme))
    again = build_site(tmp_path / "b", FILES, PLUGINS=PLUGINS, THEME=str(theme))
    css = theme / "static" / "css" / "loa.css"
    css.write_text(css.read_text() + "\n.new-rule { color: red; }\n")
    changed = build_site(tmp_path / "c", FILES, PLUGINS=PLUGINS, THEME=str(theme))
    assert version(first) == version(again)
    assert version(changed) != version(first)


def test_visited_pages_stay_readable_offline(site, browser):
    output, url = site
    script = next((output / "assets" / "js").glob("offline.*.js"))
    offline_h1 = {
        lang: re.search(
            r"<h1>(.*?)</h1>",
            (output / prefix / "offline.html").read_text(encoding="utf-8"),
        ).group(1)
        for prefix, lang in (("", "vi"), ("th/", "th"))
    }
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{url}/index.html")
    # The site's pages do not load offline.js yet: load it as base.html will.
    page.add_script_tag(url=f"{url}/{script.relative_to(output).as_posix()}")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == f"{url}/"
    page.goto(f"{url}/bai-da-doc.html")
    assert page.locator("h1").first.inner_text() == "Bài đã đọc"

    context.set_offline(True)
    page.reload()
    assert page.locator("h1").first.inner_text() == "Bài đã đọc"
    # Its stylesheet came from the cache too.
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0

    page.goto(f"{url}/bai-chua-doc.html")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").first.inner_text() == offline_h1["vi"]
    page.goto(f"{url}/th/khao.html")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").first.inner_text() == offline_h1["th"]
    page.goto(f"{url}/th/index.html")
    assert page.locator("html").get_attribute("lang") == "th"
    assert errors == []
    context.close()
