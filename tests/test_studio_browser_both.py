"""Two rules that each do something and both fit some conversations, in a real headless
Chromium: lint's warning shows at the later rule's condition, naming the rule that wins, and
"add a rule for both" puts a rule saying both above them, which ends the warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_browser import browser, press, pytestmark, shot, studio, wait
from test_rule_overlaps import RENTAL_VARS, TWO_DOINGS, _scenario

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_overlapping_rules_warn_at_the_rule_and_combine_with_one_click(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    url, root = studio
    (root / "scenarios").mkdir(exist_ok=True)
    _scenario(root / "scenarios", RENTAL_VARS, TWO_DOINGS)
    browser.get(url + "/edit?path=scenarios/rental.yaml")
    yaml_box = browser.find_element(By.ID, "yaml")
    at_rule = browser.find_element(By.ID, "fp-support.rules[1].when")
    wait(lambda: "both fit" in at_rule.text)
    assert "only the first, rule 1 (late_hours is more than 24), is used" in at_rule.text
    assert at_rule.find_element(By.CLASS_NAME, "warning")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", at_rule)
    shot(browser, "overlap")
    press(browser, at_rule.find_element(By.CLASS_NAME, "bothgo"))
    wait(lambda: "late_hours: {gt: 24}, member: {eq: 'yes'}" in yaml_box.get_attribute("value"))
    status = browser.find_element(By.ID, "status")
    wait(lambda: "added rule 1 for when rules 2 and 3 both fit" in status.text)
    said = browser.find_element(By.ID, "o-rule.0.say").get_attribute("value")
    assert "late-return day" in said and "late fee waived" in said
    assert browser.find_element(By.ID, "o-rule.0.when").get_attribute("value") == (
        "late_hours is more than 24 and member is yes"
    )
    wait(lambda: "both fit" not in browser.find_element(By.ID, "problems").text)
    assert "both fit" not in browser.find_element(By.ID, "fp-support.rules[2].when").text
