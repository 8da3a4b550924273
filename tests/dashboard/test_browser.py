"""The ``/_fake/`` page in a real headless Chromium (Debian's chromium + chromium-driver,
driven by Selenium): hostile content stays inert, the journal updates live, faults and
reset work from the page. A screenshot is kept with the test's output."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from maxclient.testing import FakeMaxServer
from maxclient.testing.state import StateFile, read_state_file
from tests.state.world import BOSS, build_world, login

PWN = '<img src=x onerror="window.__pwned=1">'
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")


def _browser_or_skip() -> tuple[str, str]:
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip("selenium is not installed (pip install -e '.[test]')")
    binary = os.environ.get("MAXCLIENT_CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")
    driver = os.environ.get("MAXCLIENT_CHROMEDRIVER") or shutil.which("chromedriver")
    if not binary or not driver:
        pytest.skip("no Chromium here: apt-get install chromium chromium-driver "
                    "(or set MAXCLIENT_CHROMIUM / MAXCLIENT_CHROMEDRIVER)")
    return binary, driver


@pytest.fixture
def browser() -> Iterator[object]:
    binary, driver_path = _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="maxclient-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _screenshot(driver: object, tmp_path: Path, record_property: object, name: str) -> Path:
    """Kept under the test's tmp_path (or MAXCLIENT_SCREENSHOT_DIR), path in the report."""
    folder = Path(os.environ.get("MAXCLIENT_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    record_property("screenshot", str(path))  # type: ignore[operator]
    print(f"screenshot: {path}")
    return path


def test_the_page_in_chromium(browser, tmp_path, record_property):
    from selenium.common.exceptions import NoAlertPresentException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = browser
    server = FakeMaxServer(managers=[BOSS])
    with server.serve():
        build_world(server)
        boss = login(server, BOSS)
        boss.people.post(username="mallory", displayName=PWN)
        server.state_file = StateFile(server, tmp_path / "saved.json")  # as serve --data does
        driver.get(f"{server.url}/_fake/")
        # The page builds and re-renders itself while polled: an element read mid-render is
        # missing, stale or detached (a WebDriverException); poll again until the timeout.
        wait = WebDriverWait(driver, 15, poll_frequency=0.1,
                             ignored_exceptions=(WebDriverException,))

        people = wait.until(lambda d: d.find_element(By.ID, "people").text)
        assert "Alice A." in people and PWN in people  # shown as text
        assert driver.execute_script("return window.__pwned") is None
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert  # noqa: B018 - no injected script ran
        assert "Group" in driver.find_element(By.ID, "conversations").text
        assert "carol" in driver.find_element(By.ID, "contexts").text

        # the journal updates live, without a reload
        assert "/people/alice/timeline" not in driver.find_element(By.ID, "journal").text
        boss.people["alice"].timeline.get()
        wait.until(lambda d: "/people/alice/timeline" in d.find_element(By.ID, "journal").text)
        first_row = driver.find_element(By.CSS_SELECTOR, "#journal-rows tr").text
        assert "GET /people/alice/timeline" in first_row and "200" in first_row

        # a person's page: profile and timeline as MAX shows it
        driver.find_element(By.LINK_TEXT, "bob").click()
        wait.until(lambda d: d.find_elements(By.ID, "timeline"))
        assert "in the context" in driver.find_element(By.ID, "timeline").text
        _screenshot(driver, tmp_path, record_property, "fake-person-bob")
        driver.back()

        # fault injection from the page
        wait.until(lambda d: d.find_elements(By.ID, "fault-form"))
        form = driver.find_element(By.ID, "fault-form")
        status = form.find_element(By.NAME, "status")
        status.clear()
        status.send_keys("503")
        Select(form.find_element(By.NAME, "route")).select_by_value("users")
        form.find_element(By.ID, "inject").click()
        wait.until(lambda d: "Fault injected: 503 x1" in d.find_element(By.TAG_NAME, "body")
                   .text)
        wait.until(lambda d: "503 x 1 on any method users" in d.find_element(By.ID, "faults").text)
        _screenshot(driver, tmp_path, record_property, "fake-overview")
        assert requests.get(f"{server.url}/people", headers=server.auth_headers(BOSS),
                            timeout=10).status_code == 503

        # save from the page
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: "Saved state to" in d.find_element(By.TAG_NAME, "body").text)
        saved = read_state_file(tmp_path / "saved.json")
        assert "mallory" in {u["username"] for u in saved["users"]}

        # reset from the page (after confirming)
        driver.find_element(By.ID, "reset").click()
        wait.until(lambda d: _accept(d))
        wait.until(lambda d: "Reset: all data erased." in d.find_element(By.TAG_NAME, "body")
                   .text)
        assert server.dump()["users"] == []
        wait.until(lambda d: "People (0)" in d.find_element(By.ID, "people").text)


def _accept(driver: object) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert.accept()  # type: ignore[attr-defined]
    except NoAlertPresentException:
        return False
    return True
