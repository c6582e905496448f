"""Walkthrough 10's small stumbles, in a real headless Chromium: after Try the status line
wrapped the sticky bar's buttons and the bar grew over the page; removing a variable spoke
of file line numbers; how a condition is written was folded under "other ways" though every
rewritten rule needed it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_browser import browser, press, pytestmark, studio, try_it, unfold, wait

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_the_bar_keeps_its_height_and_places_are_named(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    url, _root = studio
    browser.get(url + "/")
    name = browser.find_element(By.NAME, "id")
    name.clear()
    name.send_keys("Van hire: dispute a cleaning charge")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: bool(browser.find_elements(By.ID, "condition-words")))
    words = browser.find_element(By.ID, "condition-words")
    assert words.is_displayed()  # not folded
    assert words.text.startswith("a variable, then is, is not, is more than")
    bar = browser.find_element(By.CLASS_NAME, "bar")
    # an edit first, so the bar also says "not saved yet", as it did in the walkthrough
    unfold(browser, "file")  # the YAML: folded, for those who read it
    yaml_box.send_keys(" ")
    wait(lambda: browser.find_element(By.ID, "dirty").text == "not saved yet")
    before = bar.size["height"]
    try_it(browser)
    status = browser.find_element(By.ID, "status")
    assert status.text == (
        "5 of 5 conversations (without an AI model). Try again for five different ones"
    )
    assert bar.size["height"] <= before + 1, (before, bar.size["height"])
    assert status.is_displayed()
    unfold(browser, "variables")
    remove = browser.find_element(By.CSS_SELECTOR, "button.rm[data-key='variables.reference']")
    press(browser, remove)
    alert = browser.switch_to.alert
    assert alert.text == (
        # what the customer knows of it is removed with it (walkthrough 15), so not named
        "reference is still used in rule 2's reply, what support asks for first, check "
        "asked_reference, check verified_before_change. Remove it anyway? Those "
        "places will then show a problem. (To change its name everywhere instead, Cancel and "
        "press rename.)"
    )
    assert "line" not in alert.text
    alert.dismiss()
    assert 'reference: {faker: bothify, text: "REF-#####"}' in yaml_box.get_attribute("value")
