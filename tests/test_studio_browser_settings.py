"""The AI model page in a real headless Chromium: optional, reached from the editor, a key
variable that is not allowed refused in words, the settings kept and offered next to Try."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.studio_browser import browser, pytestmark, shot, studio, wait

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_the_ai_model_page_is_optional_and_offered_next_to_try(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url, root = studio
    browser.get(url + "/")
    browser.find_element(By.TAG_NAME, "button").click()  # Create, the starter
    wait(lambda: "/edit" in browser.current_url)
    edit_url = browser.current_url
    engine = Select(browser.find_element(By.ID, "engine"))
    assert [o.text for o in engine.options] == ["without an AI model (seconds)"]
    browser.find_element(By.LINK_TEXT, "AI model: optional").click()
    wait(lambda: "/settings" in browser.current_url)
    wait(lambda: browser.find_elements(By.ID, "s-key"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "AI model (optional)"
    assert "You do not need this." in browser.page_source
    model = browser.find_element(By.ID, "s-model")
    model.send_keys("gpt-4o-mini")
    key = browser.find_element(By.ID, "s-key")
    key.clear()
    key.send_keys("HOME")
    browser.find_element(By.CSS_SELECTOR, "button[value='save']").click()
    # The click posts the form; wait for the answer page, not the page being left.
    wait(lambda: browser.find_elements(By.CSS_SELECTOR, "p.problem"))
    problem = browser.find_element(By.CSS_SELECTOR, "p.problem")
    assert problem.text == (
        "Key variable: 'HOME' is not allowed; give the name of a variable ending in API_KEY, "
        "like OPENAI_API_KEY (capital letters, digits and _)"
    )
    assert not (root / ".studio" / "models.json").exists()
    browser.find_element(By.ID, "s-model").send_keys("gpt-4o-mini")
    key = browser.find_element(By.ID, "s-key")
    key.clear()
    key.send_keys("OPENAI_API_KEY")
    browser.find_element(By.CSS_SELECTOR, "button[value='save']").click()
    wait(lambda: "Saved." in browser.page_source)
    assert (
        "Now: Try can use gpt-4o-mini (as the judge only)"
        in browser.find_element(By.TAG_NAME, "body").text
    )
    shot(browser, "settings")
    kept = json.loads((root / ".studio" / "models.json").read_text(encoding="utf-8"))
    assert kept == {
        "model": "gpt-4o-mini",
        "base_url": "",
        "key_env": "OPENAI_API_KEY",
        "plays": "judge",
    }
    browser.get(edit_url)
    engine = Select(browser.find_element(By.ID, "engine"))
    assert [o.text for o in engine.options] == [
        "without an AI model (seconds)",
        "with the AI model: customer scripted, support scripted, critic rules+judge:gpt-4o-mini",
    ]
    assert engine.first_selected_option.text == "without an AI model (seconds)"
