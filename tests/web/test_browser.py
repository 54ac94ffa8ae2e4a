"""A reader's path through a real Chromium: home → chip → filter → sign in as analyst → download the CSV."""

import csv
import os
from pathlib import Path

import pytest

from .conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_a_reader_finds_a_chip_filters_it_and_an_analyst_downloads_the_csv(page, live_server, story, tmp_path):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Who may ship which chip where").is_visible()

    page.get_by_role("link", name="Nvidia H20").first.click()
    page.wait_for_url("**/chips/nvidia-h20/")
    assert page.locator("svg.timeline-svg[role=img]").is_visible()

    page.locator("summary", has_text="Filters").click()
    page.select_option("select[name=country]", "CN")
    page.check("input[name=status][value=applied]")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**country=CN**")
    assert page.locator("table.steps tbody tr").count() == 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chip-page.png"), full_page=True)

    page.get_by_role("link", name="Sign in").first.click()
    page.fill("input[name=username]", "analyst-user")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/chips/nvidia-h20/?**")
    assert page.get_by_text("analyst-user").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Evidence").click()
    saved = tmp_path / "evidence.csv"
    download_info.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert [(row["chip"], row["country_code"], row["status"]) for row in rows] == [("H20", "CN", "applied")]


def test_a_viewer_sees_no_download_links(page, live_server, role_users, story):
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "viewer-user")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/chips/nvidia-h20/")
    assert page.get_by_text("CSV downloads need the analyst role.").is_visible()


def test_a_reader_opens_the_matrix_filters_it_and_follows_a_cell_to_its_timeline(page, live_server, story):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="The status matrix").click()
    page.wait_for_url("**/matrix/")
    assert page.get_by_role("heading", name="Who may ship which product where").is_visible()

    page.locator("summary", has_text="Filters").click()
    page.select_option("select[name=group]", "D:5")
    page.fill("input[name=as_of]", "2025-07-20")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**as_of=2025-07-20**")
    header = page.locator("table.matrix thead th").all_inner_texts()
    assert "CN" in header

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "matrix.png"), full_page=True)

    page.locator('table.matrix td.cell a[href="/chips/nvidia-h20/cn/?as_of=2025-07-20"]').click()
    page.wait_for_url("**/chips/nvidia-h20/cn/?as_of=2025-07-20")
    assert page.get_by_role("heading", name="Status at the end of 20 Jul 2025").is_visible()
    assert page.locator("svg.timeline-svg g.as-of").count() == 1
