"""The editor opens whole and never redraws what did not change (walkthrough 7: the form was
blank for about 2 s after Create, and the first click into the box offered for a new
variable's values was lost while the page re-drew; the same cause made a flaky
StaleElementReference in test_studio_browser.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_browser import browser, leave, press, pytestmark, studio, wait

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_the_form_is_whole_on_arrival_and_answers_redraw_nothing_in_use(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    url, _root = studio
    browser.get(url + "/")
    browser.find_element(By.NAME, "id").send_keys("Bike rental: waive late fee")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    # Read at once, before any answer could come: the page was served with them.
    filled = browser.execute_script(
        "return [document.getElementById('f-id').value,"
        " !!document.getElementById('o-rule.0.when'),"
        " document.getElementById('f-customer.openings').value]"
    )
    assert filled[0] == "bike-rental/waive-late-fee"
    assert filled[1] is True
    assert "late fee" in filled[2]
    # An unknown variable in a first message: a box for its values, under the field.
    openings = browser.find_element(By.ID, "f-customer.openings")
    press(browser, openings)
    openings.send_keys("\nMy bike is {days_late} days late.")
    leave(browser)
    wait(lambda: bool(browser.find_elements(By.CSS_SELECTOR, ".defhere input.dvin")))
    values = browser.find_element(By.CSS_SELECTOR, ".defhere input.dvin")
    when = browser.find_element(By.ID, "o-rule.0.when")
    press(browser, values)
    values.send_keys("2-4")
    # Answers keep coming while the author is in the box (the policy's, the YAML's): the
    # box, what was typed in it, and the rules' fields stay the same elements.
    for _ in range(2):
        browser.execute_script("check()")
    browser.execute_script("return queue")  # the answers are in
    wait(lambda: browser.execute_script("return document.getElementById('status') !== null"))
    assert values.get_attribute("value") == "2-4"  # no StaleElementReference
    assert browser.switch_to.active_element == values
    assert when.get_attribute("value") == "days_ago is more than 30"
    press(browser, browser.find_element(By.CSS_SELECTOR, ".defhere .defgo"))
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: "days_late: {range: [2, 4]}" in yaml_box.get_attribute("value"))
