"""The web UI in a real browser: Debian's Chromium driven by Playwright.

Clicks from the home page to a story, an event, an article (quotes highlighted, removed lines
in a details box that opens), an entity, and through the search box; saves screenshots of the
home, event and article pages (to ``docs/`` with ``make screenshots``). A missing browser is a failure, not a skip: the UI must
be checked (``make test`` installs Chromium when it can).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox or GPU in containers; nothing that phones home (the machine may be offline).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# Screenshots go to a temporary folder; `make screenshots` points this at docs/ to refresh the README's.
DOCS = Path(os.environ.get("NEWSWEAVE_SCREENSHOTS") or Path(tempfile.gettempdir()) / "newsweave-screenshots")
MAX_SCREENSHOT_BYTES = 300_000


@pytest.fixture(scope="module")
def base_url(seeds_server: str) -> str:
    return seeds_server


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: run `make test` as root, or "
                    "`sudo apt-get install chromium`, then run the tests again", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need Playwright: `.venv/bin/pip install -r requirements.lock`",
                    pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1200, "height": 950})
        yield tab
        browser.close()


def screenshot(tab: Any, name: str, *, full_page: bool) -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    path = DOCS / name
    tab.screenshot(path=str(path), full_page=full_page)
    assert 0 < path.stat().st_size < MAX_SCREENSHOT_BYTES, f"{path} is too big for the repository"


def test_click_through_story_event_article_entity(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Overview"
    chart = page.locator("article.story img.chart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    screenshot(page, "screenshot-home.png", full_page=True)

    page.locator("article.story h3 a").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("img.chart").evaluate("img => img.complete && img.naturalWidth > 0")
    event_links = page.locator("ol.timeline a.event-title")
    assert event_links.count() >= 2

    # the busiest event: it has articles from more than one outlet
    event_links.nth(_busiest(page)).click()
    page.wait_for_url("**/events/*")
    articles = page.locator("main ul.plain li > a")
    assert articles.count() >= 2
    assert page.locator("main ul.chips li a").count() >= 1  # who and what: links to entity pages
    screenshot(page, "screenshot-event.png", full_page=False)
    articles.first.click()
    page.wait_for_url("**/articles/*")

    removed = page.locator("details.removed")
    assert removed.get_attribute("open") is None and not removed.locator("ol, p").first.is_visible()
    assert "Removed by the cleaner (" in removed.locator("summary").inner_text()
    removed.locator("summary").click()
    assert removed.get_attribute("open") is not None and removed.locator("ol, p").first.is_visible()

    quote = page.locator("mark.quote").first
    assert quote.is_visible() and quote.inner_text().strip()
    background = quote.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".body .speaker").first.is_visible()
    assert page.locator("table.meta-table").inner_text().count("published") == 1

    twin = page.locator("a.json").get_attribute("href")
    assert twin and twin.startswith("/api/articles/")

    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "screenshot-article.png", full_page=False)

    person = page.locator(".body a.mention-person").first
    name = person.get_attribute("title").rsplit(" (", 1)[0]
    person.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text() == name
    assert "Quotes over time" in page.locator("main").inner_text()


def _busiest(page: Any) -> int:
    counts = page.locator("ol.timeline .meta").all_inner_texts()
    return max(range(len(counts)), key=lambda i: int(counts[i].split()[0]))


def test_search_box(page: Any, base_url: str) -> None:
    page.goto(base_url + "/articles")
    title = page.locator("table.list tbody a").first.inner_text()
    word = max(re.findall(r"[A-Za-z]+", title), key=len)
    box = page.locator("header form.search input[name=q]")
    box.fill(word)
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("ol.hits li > a")
    assert hits.count() >= 1
    assert page.locator("ol.hits .snippet b").count() >= 1
    hits.first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text()


def test_split_and_merge_from_the_event_page(page: Any, base_url: str) -> None:
    """The correction forms post to the JSON API and open the event they return (runs last:
    it changes the events, then puts them back)."""
    page.goto(base_url + "/events")
    sizes = [int(text) for text in page.locator("table.list tbody td:nth-child(3)").all_inner_texts()]  # articles
    page.locator("table.list tbody tr").nth(sizes.index(max(sizes))).locator("td a").first.click()
    page.wait_for_url("**/events/*")
    original = page.url
    checkboxes = page.locator("input[name=article_ids]")
    assert checkboxes.count() == max(sizes) >= 2
    moved = checkboxes.last.get_attribute("value")
    checkboxes.last.check()
    page.locator("#split button").click()
    page.wait_for_url(lambda url: url != original and "/events/" in url)
    new_event = page.url.rsplit("/", 1)[1]
    assert page.locator("main ul.plain li > a").count() == 1
    assert page.locator(f"main ul.plain li > a[href$='/articles/{moved}']").count() == 1

    page.goto(original)
    assert page.locator("main ul.plain li > a").count() == max(sizes) - 1
    page.locator("details.corrections summary").click()
    page.locator("#merge input[name=b]").fill("ev-no-such-event")
    page.locator("#merge button").click()
    page.wait_for_function("() => document.querySelector('#merge output').textContent.includes('no event')")
    page.locator("#merge input[name=b]").fill(new_event)
    page.locator("#merge button").click()
    page.wait_for_function("n => document.querySelectorAll('main ul.plain li > a').length === n",
                           arg=max(sizes))
    assert page.url == original
