import os
import shutil

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS
from pelican import Pelican
from support import ROOT, get_settings


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory):
    """The project's own content/ built with the deploy settings."""
    root = tmp_path_factory.mktemp("sample")
    output = root / "output"
    # A cache of its own: test workers build the sample site at the same time.
    settings = get_settings(
        PATH=ROOT / "content", OUTPUT_PATH=output, CACHE_PATH=root / "cache"
    )
    Pelican(settings).run()
    yield output
    shutil.rmtree(output, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser).

    Per module: Playwright's sync API keeps an event loop running while it is
    open, which other tests (asyncio.run) must not find.
    """
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A 360×740 page recording console errors, failed requests and CSP
    violations (in `window.__csp`)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    page.errors = []
    page.on(
        "console",
        lambda m: m.type == "error" and page.errors.append(f"{page.url}: {m.text}"),
    )
    # A request aborted because the page moved on (a click) is no failure.
    page.on(
        "requestfailed",
        lambda r: (
            "ERR_ABORTED" not in (r.failure or "")
            and page.errors.append(f"failed: {r.url} {r.failure}")
        ),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and page.errors.append(f"{r.status}: {r.url}"),
    )
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
