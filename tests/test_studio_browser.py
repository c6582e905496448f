"""The studio driven in a real headless Chromium (Selenium), as an author would use it.

Optional: needs the `browser` extra (selenium) plus Debian's chromium and chromium-driver
(`.ci/run` installs them when it can); otherwise each test skips and says what is missing.
Screenshots of each page go to $STUDIO_SCREENSHOTS when set (how docs/studio-*.png were made).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scenarios.lint import lint
from simulator.runner import RunRequest, run

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (.[browser])")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="no chromium/chromedriver (apt-get install chromium chromium-driver)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def studio(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    argv = [sys.executable, "-m", "simulator", "studio", str(tmp_path), "--port", str(port)]
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(url, timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield url, tmp_path
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER or ""), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(predicate: Any, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting in the browser")


def _shot(driver: Any, name: str) -> None:
    folder = os.environ.get("STUDIO_SCREENSHOTS")
    if folder:
        driver.save_screenshot(str(Path(folder) / f"studio-{name}.png"))


def test_author_creates_fixes_tries_and_saves(studio: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url, root = studio
    browser.get(url + "/")
    _shot(browser, "scenarios")
    Select(browser.find_element(By.NAME, "template")).select_by_visible_text(
        "ecommerce/refund-damaged-item.yaml"
    )
    browser.find_element(By.TAG_NAME, "button").click()
    _wait(lambda: "/edit" in browser.current_url)
    field = browser.find_element(By.ID, "f-id")
    _wait(lambda: field.get_attribute("value") == "mine/my-scenario")
    field.clear()
    field.send_keys("Bad Id")
    browser.find_element(By.ID, "f-title").click()  # leaves the field: change event
    problem = browser.find_element(By.ID, "fp-id")
    _wait(lambda: "is not a valid id" in problem.text)
    yaml_box = browser.find_element(By.ID, "yaml")
    _wait(lambda: "\nid: Bad Id\n" in yaml_box.get_attribute("value"))
    field.clear()
    field.send_keys("mine/fixed")
    browser.find_element(By.ID, "f-title").click()
    _wait(lambda: problem.text == "")
    browser.find_element(By.CSS_SELECTOR, 'button.ec[data-id="sarcastic"]').click()
    _wait(lambda: "heavy_typos, sarcastic]" in yaml_box.get_attribute("value"))
    browser.find_element(By.ID, "try").click()
    conversations = browser.find_element(By.ID, "conversations")
    _wait(lambda: conversations.text.count("verdict") == 5)
    _shot(browser, "edit")
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "status")
    _wait(lambda: status.text == "saved scenarios/my-scenario.yaml")
    saved = root / "scenarios" / "my-scenario.yaml"
    assert "\nid: mine/fixed\n" in saved.read_text(encoding="utf-8")
    assert "heavy_typos, sarcastic]\n" in saved.read_text(encoding="utf-8")
    assert lint([saved]) == []
    run(RunRequest(paths=(saved,), n=6, seed=2, out=root / "runs" / "first"))
    browser.get(url + "/runs")
    assert "6 of 6 conversations" in browser.page_source
    _shot(browser, "runs")
    browser.get(url + "/edit?path=../../etc/passwd")
    assert "refused" in browser.page_source and "root:" not in browser.page_source
