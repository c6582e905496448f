"""Walkthrough 8 in a real headless Chromium: "add a rule" said nothing about where the rule
went (above the author's last rule) or the condition it came with; emptying "and says" gave
"must not be empty" instead of the lines made from "because" that its label promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_browser import browser, leave, press, pytestmark, studio, wait

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def _created(browser: Any, url: str, name: str) -> Any:
    from selenium.webdriver.common.by import By

    browser.get(url + "/")
    browser.find_element(By.NAME, "id").send_keys(name)
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    return browser.find_element(By.ID, "yaml")


def test_a_new_rule_says_where_it_went_and_takes_you_to_it(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    url, _root = studio
    yaml_box = _created(browser, url, "Hotel: refund of deposit after cancellation")
    rules_before = len(browser.find_elements(By.CSS_SELECTOR, "input[id$='.when'][id^='o-rule.']"))
    button = browser.find_element(By.CSS_SELECTOR, "button.add[data-kind='rule']")
    note = button.get_attribute("title")  # where it goes: the tooltip, read before the click
    assert "above your last rule" in note and "example condition" in note
    press(browser, button)
    status = browser.find_element(By.ID, "status")
    wait(lambda: "added rule" in status.text)
    new = rules_before - 1  # above the last rule
    assert f"added rule {new + 1} above your last rule, now rule {new + 2}" in status.text
    assert "only an example" in status.text
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == f"o-rule.{new}.when"
    # selected: typing replaces the example
    assert browser.execute_script(
        "const e = document.activeElement; return e.selectionEnd - e.selectionStart;"
    ) == len(active.get_attribute("value"))
    assert "rules:" in yaml_box.get_attribute("value")


def test_emptying_and_says_makes_it_again_from_because(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    url, _root = studio
    yaml_box = _created(browser, url, "Gym: freeze membership")
    reason = browser.find_element(By.ID, "o-rule.0.reason")
    press(browser, reason)
    reason.clear()
    reason.send_keys("freezes longer than three months need a manager")
    leave(browser)
    wait(lambda: "three months need a manager" in yaml_box.get_attribute("value"))
    say = browser.find_element(By.ID, "o-rule.0.say")
    press(browser, say)
    say.clear()
    say.send_keys("My own words here.")
    leave(browser)
    wait(lambda: "My own words here." in yaml_box.get_attribute("value"))
    say = browser.find_element(By.ID, "o-rule.0.say")
    press(browser, say)
    say.clear()
    leave(browser)
    wait(lambda: "My own words here." not in yaml_box.get_attribute("value"))
    assert "must not be empty" not in browser.page_source
    assert "three months" in browser.find_element(By.ID, "o-rule.0.say").get_attribute("value")
