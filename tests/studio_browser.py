"""What the studio's browser tests share: the skip when selenium or Debian's chromium is
missing, a studio on a free port of 127.0.0.1, a headless Chromium, and how a person's
actions are played (wait for a page, leave a field, press a button under the sticky bar).

Screenshots of each page go to $STUDIO_SCREENSHOTS when set (how docs/studio-*.png were made).
A test module does `from tests.studio_browser import *`: the fixtures and `pytestmark` (the
skip) come with it.
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

__all__ = [
    "SLOW",
    "browser",
    "leave",
    "press",
    "pytestmark",
    "shot",
    "studio",
    "try_it",
    "unfold",
    "visible_words",
    "wait",
]

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


def wait(predicate: Any, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting in the browser")


# How long a simulation (Try's five conversations, Save and run's twenty) may take before a
# test gives up: seconds when idle, but the suite runs on 2 cores beside other work, and a
# 60 s wait once timed out under load. Waiting longer costs nothing when it is fast.
SLOW = float(os.environ.get("STUDIO_BROWSER_SLOW", "300"))


def try_it(driver: Any) -> Any:
    """Press Try (in the sticky bar: in view from anywhere) and wait for its conversations:
    the status says how many came, whatever the load. Returns the conversations' box."""
    from selenium.webdriver.common.by import By

    status = driver.find_element(By.ID, "status")
    driver.execute_script("arguments[0].textContent = ''", status)  # not an earlier Try's
    driver.find_element(By.ID, "try").click()
    wait(lambda: " conversations (" in status.text or "fix the problems" in status.text, SLOW)
    return driver.find_element(By.ID, "conversations")


def unfold(driver: Any, fold_id: str) -> None:
    """Open a folded part of the page by its line, as a person does (unless it is open)."""
    from selenium.webdriver.common.by import By

    fold = driver.find_element(By.ID, fold_id)
    if fold.get_attribute("open") is None:
        press(driver, fold.find_element(By.TAG_NAME, "summary"))
    wait(lambda: fold.get_attribute("open") is not None)


def leave(driver: Any) -> None:
    """Tab out of the field being typed in, as a person does: its change event fires. The key
    goes to whatever has the focus, not to an element looked up first: the page redraws a
    field while it is typed in (keeping the focus), and a looked-up element could be stale
    by the time the key was sent (a clean-clone CI failure under load)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).send_keys(Keys.TAB).perform()


def press(driver: Any, element: Any) -> None:
    """Bring `element` to the middle of the window and click it: at the top edge, where
    Selenium scrolls it, the editor's sticky bar (Save, Try) would take the click."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


# The words a person sees on the page, scrolled through from top to bottom: text and the
# boxes' contents (or their placeholders), a list's chosen option only; nothing folded away
# or hidden. How the walkthroughs' "812 words on arrival" is counted (issue 15).
_VISIBLE_WORDS = """
function said(el) {
  if (el.nodeType === 3) return el.textContent;
  if (el.nodeType !== 1) return '';
  const tag = el.tagName;
  if (tag === 'SCRIPT' || tag === 'STYLE') return '';
  if (!el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) return '';
  if (tag === 'SELECT') {
    return el.selectedIndex >= 0 ? ' ' + el.options[el.selectedIndex].text + ' ' : '';
  }
  if (tag === 'TEXTAREA' || tag === 'INPUT') {
    return el.type === 'hidden' ? '' : ' ' + (el.value || el.placeholder || '') + ' ';
  }
  let s = ' ';
  for (const c of el.childNodes) s += said(c);
  return s + ' ';
}
return said(document.body).split(/\\s+/).filter(w => /\\w/.test(w)).length;
"""


def visible_words(driver: Any) -> int:
    """How many words the page shows (`_VISIBLE_WORDS`)."""
    return int(driver.execute_script(_VISIBLE_WORDS))


def shot(driver: Any, name: str) -> None:
    folder = os.environ.get("STUDIO_SCREENSHOTS")
    if folder:
        driver.save_screenshot(str(Path(folder) / f"studio-{name}.png"))
