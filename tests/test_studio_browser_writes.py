"""Walkthrough 8 in a real headless Chromium: removing the starter's only follow-up keeps the
form (the file still reads), and a lone `[]` typed into the YAML is explained on its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_browser import browser, leave, press, pytestmark, studio, unfold, wait

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_removing_the_last_follow_up_keeps_the_form(studio: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    url, _root = studio
    browser.get(url + "/")
    browser.find_element(By.NAME, "id").send_keys("Gym: freeze membership")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: "flow:" in yaml_box.get_attribute("value"))
    unfold(browser, "also")
    press(browser, browser.find_element(By.CSS_SELECTOR, "button.rm[data-key='flow.0']"))
    wait(lambda: "flow:" not in yaml_box.get_attribute("value"))
    assert "\n[]" not in yaml_box.get_attribute("value")
    assert "shown again once the file reads" not in browser.page_source
    assert browser.find_element(By.ID, "f-customer.openings").is_displayed()
    assert browser.find_element(By.ID, "barproblems").text == ""

    text = yaml_box.get_attribute("value")
    unfold(browser, "file")  # the YAML: folded, for those who read it
    yaml_box.clear()
    yaml_box.send_keys(text.replace("success:", "flow:\n[]\nsuccess:", 1))
    leave(browser)
    line = text[: text.index("success:")].count("\n") + 2
    wait(lambda: f":{line}: this line holds only '[]'" in browser.page_source)


def test_a_refused_edit_message_goes_once_an_edit_is_made(
    studio: tuple[str, Path], browser: Any
) -> None:
    """Walkthrough 8: "not changed: ... 'is at least' needs a number" stayed in the header
    through many later edits that went through; an edit made clears it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, _root = studio
    browser.get(url + "/")
    browser.find_element(By.NAME, "id").send_keys("Gym: freeze membership")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    when = browser.find_element(By.ID, "o-rule.0.when")
    before = when.get_attribute("value")
    assert " is " in before, before
    status = browser.find_element(By.ID, "status")

    press(browser, when)
    # select and type over, as a person does: Selenium's clear() fires a change of its own,
    # whose answer could land on the typing (a failure under load)
    when.send_keys(Keys.CONTROL, "a")
    when.send_keys(before.split(" is ")[0] + " is at least soon")
    leave(browser)
    wait(lambda: "not changed" in status.text)
    assert "soon" not in yaml_box.get_attribute("value")

    when = browser.find_element(By.ID, "o-rule.0.when")
    press(browser, when)
    when.send_keys(Keys.CONTROL, "a")
    when.send_keys(before)
    leave(browser)
    wait(lambda: "not changed" not in status.text)
    assert status.text == ""
