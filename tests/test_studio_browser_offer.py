"""A refusal that offers something else, in a real headless Chromium: the choice in the
rule's box, the alternative typed, support's first line following it, Try, and the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_browser import (
    browser,
    leave,
    press,
    pytestmark,
    shot,
    studio,
    try_it,
    wait,
)

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_refuses_and_offers_the_cancellation_list(studio: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    url, root = studio
    browser.get(url + "/")
    name = browser.find_element(By.NAME, "id")
    name.clear()
    name.send_keys("Dental clinic: move my appointment")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: bool(browser.find_elements(By.ID, "o-rule.0.action")))  # the page's first check
    Select(browser.find_element(By.ID, "o-rule.0.action")).select_by_value("offer")
    wait(lambda: bool(browser.find_elements(By.ID, "o-rule.0.offer")))  # its box, drawn afresh
    offer = browser.find_element(By.ID, "o-rule.0.offer")
    press(browser, offer)
    offer.send_keys(Keys.CONTROL, "a")
    offer.send_keys("a place on the cancellation list")
    leave(browser)
    line = "What I can offer instead is a place on the cancellation list: shall I arrange that?"
    wait(lambda: line in yaml_box.get_attribute("value"))
    say = browser.find_element(By.ID, "o-rule.0.say")
    wait(lambda: line in say.get_attribute("value"))  # the made lines follow the offer
    assert Select(browser.find_element(By.ID, "o-rule.0.action")).first_selected_option.text == (
        "refuses and offers something else"
    )
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center'})",
        browser.find_element(By.ID, "o-rule.0.when"),
    )
    shot(browser, "offer")
    conversations = try_it(browser)
    wait(lambda: conversations.text.count("verdict") == 5)
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "status")
    wait(lambda: status.text == "saved scenarios/move-my-appointment.yaml")
    saved = (root / "scenarios" / "move-my-appointment.yaml").read_text(encoding="utf-8")
    assert "      action: refuse\n" in saved
    assert "      offer: a place on the cancellation list\n" in saved
