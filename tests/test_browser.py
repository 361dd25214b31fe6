"""The sample site in headless Chromium (Debian's, driven by Playwright)."""

from datetime import UTC, datetime

import pytest
from browser_support import LocalServer
from pelican import Pelican
from support import ROOT, get_settings

ARTIFACTS = ROOT / "test-artifacts"
ARTICLE = "long-an-truyen-thong-cong-doan.html"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The sample site, built for and served on a free loopback port."""
    root = tmp_path_factory.mktemp("browser")
    (root / "output").mkdir()
    server = LocalServer(root / "output")
    url = server.url
    settings = get_settings(
        PATH=ROOT / "content",
        OUTPUT_PATH=root / "output",
        CACHE_PATH=root / "cache",
        SITEURL=url,
        # Built while the sample law quiz is open (1 Nov - 15 Dec 2026).
        BUILD_TIME="2026-11-20 09:00",
    )
    Pelican(settings).run()
    yield server.start().url
    server.stop()


def test_switcher_reaches_the_translation(phone, server):
    phone.goto(f"{server}/{ARTICLE}")
    assert phone.locator("html").get_attribute("lang") == "vi"
    phone.locator(".language-switcher a[hreflang=th]").click()
    phone.wait_for_load_state()
    assert phone.url.endswith(f"/th/{ARTICLE}")
    assert phone.locator("html").get_attribute("lang") == "th"
    assert "2566" in phone.locator("article time").first.inner_text()
    phone.locator(".language-switcher a[hreflang=en]").click()
    phone.wait_for_load_state()
    assert phone.url.endswith(f"/en/{ARTICLE}")
    assert phone.errors == []


def test_switcher_goes_home_without_translation(phone, server):
    phone.goto(f"{server}/muc-dong-doan-phi-cong-doan-2024.html")
    phone.locator(".language-switcher a[hreflang=en]").click()
    phone.wait_for_load_state()
    assert phone.url.endswith("/en/index.html")
    assert phone.errors == []


@pytest.mark.parametrize(
    "path", ["index.html", "th/index.html", ARTICLE, "th/" + ARTICLE]
)
def test_pages_fit_a_small_phone(phone, server, path):
    phone.goto(f"{server}/{path}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways ({width}px)"
    assert phone.errors == []


def test_article_screenshot(phone, server):
    ARTIFACTS.mkdir(exist_ok=True)
    phone.goto(f"{server}/{ARTICLE}")
    target = ARTIFACTS / "article-360x740.png"
    phone.screenshot(path=str(target))
    assert target.stat().st_size > 5000


CONTEST = "cuoc-thi-tim-hieu-luat-cong-doan-2024.html"


def test_stale_open_contest_is_corrected_by_the_readers_clock(phone, server):
    # The page was built while the contest was open; the reader comes later.
    built = phone.context.request.get(f"{server}/{CONTEST}").text()
    assert 'data-contest-status="open"' in built
    phone.clock.set_fixed_time(datetime(2027, 1, 10, tzinfo=UTC))
    phone.goto(f"{server}/{CONTEST}")
    status = phone.locator(".contest [data-contest-status]")
    assert status.get_attribute("data-contest-status") == "closed"
    assert status.locator(".badge").inner_text() == "Đã kết thúc"
    assert phone.locator(".contest .enter").is_hidden()
    assert phone.errors == []


def test_open_contest_counts_down(phone, server):
    phone.clock.set_fixed_time(datetime(2026, 12, 10, tzinfo=UTC))
    phone.goto(f"{server}/th/{CONTEST}")
    status = phone.locator(".contest [data-contest-status]")
    assert status.get_attribute("data-contest-status") == "open"
    assert "วัน" in status.locator(".countdown").inner_text()  # "in 5 days", in Thai
    assert phone.locator(".contest .enter").is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        ARTICLE,
        CONTEST,
        "contests/index.html",
        "notices/index.html",
        "th/index.html",
        "en/" + CONTEST,
        "404.html",
    ],
)
def test_no_content_security_policy_violation(phone, server, path):
    response = phone.goto(f"{server}/{path}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("window.__csp") == []
    assert phone.errors == []


VIDEO_STORY = "cau-chuyen-cong-nhan-chi-thao-muoi-nam-ben-chuyen-may.html"


def test_video_facade_loads_the_player_only_on_tap(phone, server):
    third_party = []
    phone.on(
        "request",
        lambda r: not r.url.startswith(server) and third_party.append(r.url),
    )
    phone.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(body="<!doctype html><title>player</title>"),
    )
    phone.goto(f"{server}/th/{VIDEO_STORY}")
    phone.wait_for_load_state("networkidle")
    figure = phone.locator("figure.video-embed[data-provider=youtube]")
    assert (
        figure.locator("a.video-link")
        .get_attribute("href")
        .startswith("https://www.youtube.com/watch?v=")
    )
    assert figure.locator(".video-play").inner_text() == "เล่นวิดีโอ"
    assert third_party == []  # nothing from YouTube before the tap
    figure.locator("a.video-link").click()
    iframe = figure.locator("iframe")
    iframe.wait_for()
    assert iframe.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/"
    )
    assert phone.evaluate("window.__csp") == []


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
A11Y_PAGES = [
    "{prefix}index.html",
    "{prefix}" + ARTICLE,
    "{prefix}" + CONTEST,
    "{prefix}" + VIDEO_STORY,
    "{prefix}videos/index.html",
    "{prefix}contests/index.html",
    "{prefix}notices/index.html",
    "{prefix}search/index.html",
]


@pytest.fixture(scope="module")
def axe_page(browser):
    assert AXE.exists(), "run `npm install` (make test does) to get axe-core"
    # axe is injected by the test, so this context alone may bypass the CSP.
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, bypass_csp=True
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("prefix", ["", "th/", "en/"])
@pytest.mark.parametrize("template", A11Y_PAGES)
def test_no_accessibility_violations(axe_page, server, prefix, template):
    axe_page.goto(f"{server}/{template.format(prefix=prefix)}")
    axe_page.evaluate(AXE.read_text())
    violations = axe_page.evaluate(
        "axe.run(document).then(r => r.violations.map("
        "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )
    assert violations == []


def test_share_falls_back_to_links_without_the_web_share_api(phone, server):
    phone.add_init_script("delete Navigator.prototype.share;")
    phone.goto(f"{server}/{ARTICLE}")
    share = phone.locator(".share")
    assert share.locator(".share-native").is_hidden()
    links = share.locator(".share-links a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs[0].startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    assert any(h.startswith("https://social-plugins.line.me/") for h in hrefs)
    assert share.locator(".share-copy").is_visible()
    assert phone.errors == []


def test_share_uses_the_phones_share_sheet(phone, server):
    phone.add_init_script(
        "window.__shared = [];"
        "Navigator.prototype.share = function (d) {"
        " window.__shared.push(d); return Promise.resolve(); };"
    )
    phone.goto(f"{server}/th/{ARTICLE}")
    native = phone.locator(".share .share-native")
    assert native.is_visible() and native.inner_text() == "แชร์"
    assert phone.locator(".share .share-links").is_hidden()
    native.click()
    shared = phone.evaluate("window.__shared")
    assert shared[0]["url"].endswith(f"/th/{ARTICLE}")
