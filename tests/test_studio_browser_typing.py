"""A rule's condition read as it is typed, in a real headless Chromium (walkthrough 9: the
offer "reading_below_percent is new: a number from [1] to [40] add it" showed only after
leaving the box, and typing it gave no sign it was read)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from studio_browser import browser, press, pytestmark, studio, wait

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_the_new_variable_offer_shows_while_the_condition_is_typed(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, _root = studio
    browser.get(url + "/")
    browser.find_element(By.NAME, "id").send_keys("Car rental: late return")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: bool(browser.find_elements(By.ID, "o-rule.0.when")))
    when = browser.find_element(By.ID, "o-rule.0.when")
    press(browser, when)
    when.send_keys(Keys.CONTROL, "a")
    when.send_keys("late_hours is mo")
    time.sleep(1.5)  # a pause mid-word: still nothing said as a problem
    status = browser.find_element(By.ID, "status")
    assert "not changed" not in status.text
    when.send_keys("re than 24")

    def numbers() -> list[str]:
        from selenium.common.exceptions import StaleElementReferenceException

        offered = browser.find_elements(By.CSS_SELECTOR, "#offer-0-late_hours .dv")
        try:
            return [i.get_attribute("value") for i in offered]
        except StaleElementReferenceException:  # redrawn between finding and reading: again
            return []

    wait(lambda: numbers() == ["1", "48"], 30)  # a number from 1 to 48, while typing
    offer = browser.find_element(By.ID, "offer-0-late_hours")
    assert "late_hours is new" in offer.text
    # still in the box, with what was typed; the file changes as the box is left
    assert browser.switch_to.active_element.get_attribute("id") == "o-rule.0.when"
    assert when.get_attribute("value") == "late_hours is more than 24"
    assert "late_hours" not in yaml_box.get_attribute("value")
    press(browser, offer.find_element(By.CLASS_NAME, "define"))
    wait(lambda: "late_hours: {range: [1, 48]}" in yaml_box.get_attribute("value"))
    assert "late_hours: {gt: 24}" in yaml_box.get_attribute("value")
    wait(lambda: not browser.find_elements(By.ID, "offer-0-late_hours"))
