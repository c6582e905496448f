"""The shortest path in a real headless Chromium: a name, the support policy typed in plain
words, its rules added with one click, Try, Save (studio/suggest.py, studio/suggested.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_browser import browser, press, pytestmark, shot, studio, try_it, unfold, wait

from scenarios.lint import lint

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_rules_from_the_policy_then_try(studio: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    url, root = studio
    browser.get(url + "/")
    name = browser.find_element(By.NAME, "id")
    name.clear()
    name.send_keys("Hair salon: move an appointment")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    policy = browser.find_element(By.ID, "f-support.policy")
    assert policy.is_displayed()  # on the first screen, not folded with the goal
    policy.send_keys(
        "Appointments less than 24 hours away cannot be moved.\n"
        "Clients with an unpaid no-show fee must pay it first.\n"
        "Please be warm and friendly."
    )
    # Offered while typing, without leaving the box.
    suggestions = browser.find_element(By.ID, "suggest")
    wait(lambda: "add all 2" in suggestions.text)
    assert (
        "Appointments less than 24 hours away cannot be moved. → when appointment_hours is "
        "less than 24, support refuses (new variable appointment_hours: a number from 1 to 48)"
    ) in suggestions.text
    assert "No rule read in: Please be warm and friendly." in suggestions.text
    shot(browser, "policy")
    press(browser, suggestions.find_element(By.CSS_SELECTOR, "button.sg[data-i='all']"))
    wait(lambda: "all added, as rules 1 and 2" in suggestions.text)  # each line's: folded
    unfold(browser, "suggest-list")
    wait(lambda: suggestions.text.count("✓ rule") == 2)
    text = yaml_box.get_attribute("value")
    assert "- when: {appointment_hours: {lt: 24}}\n" in text
    assert "days_ago" not in text  # the starter's example went with its rule
    assert browser.find_element(By.ID, "o-rule.1.reason").get_attribute("value") == (
        "clients with an unpaid no-show fee must pay it first"
    )
    conversations = try_it(browser)
    wait(lambda: conversations.text.count("verdict") == 5)
    assert "Rule " in conversations.text and " applies" in conversations.text
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "status")
    wait(lambda: status.text == "saved scenarios/move-an-appointment.yaml")
    assert lint([root / "scenarios/move-an-appointment.yaml"]) == []
