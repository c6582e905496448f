"""The newcomer's quick path in a real headless Chromium: the Details box folded and filled
from the id, a placeholder inserted by a click, removing a used variable asks first, and
the sticky bar counts the problems and jumps to the first."""

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
    unfold,
    wait,
)

__all__ = ["browser", "pytestmark", "studio"]  # the fixtures and the skip, shared


def test_quick_path_details_placeholders_and_a_used_variable(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, _root = studio
    browser.get(url + "/")
    name = browser.find_element(By.NAME, "id")
    name.clear()
    name.send_keys("bikeshop/move-repair")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    details = browser.find_element(By.ID, "details")
    assert details.get_attribute("open") is None
    assert not browser.find_element(By.ID, "f-title").is_displayed()
    intent = browser.find_element(By.ID, "f-intent")
    wait(lambda: intent.get_attribute("value") == "move_repair")
    optional = browser.find_element(By.ID, "optional")
    assert optional.get_attribute("open") is None  # the goal: only an AI model reads it
    assert not browser.find_element(By.ID, "f-customer.goal").is_displayed()
    assert browser.find_element(By.ID, "f-customer.openings").is_displayed()
    optional.find_element(By.TAG_NAME, "summary").click()
    line = browser.find_element(By.CSS_SELECTOR, ".ph[data-for='f-customer.goal']")
    assert not line.is_displayed()  # shown under the box being typed in only
    browser.find_element(By.ID, "f-customer.goal").click()
    wait(lambda: line.text.startswith("You can use:"))
    assert line.text == (
        "You can use: {item} (booking, appointment, ...) · {days_ago} (like 23) · "
        "{reference} (like REF-91609)"
    )
    say = browser.find_element(By.ID, "o-rule.0.say")
    assert say.get_dom_attribute("wrap") is None  # long replies wrap on screen
    goal = browser.find_element(By.ID, "f-customer.goal")
    goal.clear()
    goal.send_keys("Move my ")
    leave(browser)
    wait(lambda: "  goal: Move my\n" in yaml_box.get_attribute("value"))
    goal.send_keys(" ")
    press(browser, line.find_element(By.CSS_SELECTOR, "button.ins[data-ph='{item}']"))
    wait(lambda: "  goal: Move my {item}\n" in yaml_box.get_attribute("value"))
    shot(browser, "quick")
    unfold(browser, "variables")  # folded under their names
    remove = browser.find_element(By.CSS_SELECTOR, "button.rm[data-key='variables.days_ago']")
    press(browser, remove)
    alert = browser.switch_to.alert
    assert alert.text == (  # the place as the page names it, not a line of the file
        "days_ago is still used in rule 1's condition. Remove it anyway? Those places will "
        "then show a problem. (To change its name everywhere instead, Cancel and press rename.)"
    )
    alert.dismiss()
    assert "days_ago: {range: [1, 45]}" in yaml_box.get_attribute("value")
    press(browser, remove)
    browser.switch_to.alert.accept()
    bar = browser.find_element(By.ID, "barproblems")
    wait(lambda: bar.text != "")
    assert bar.text == "1 problem go to the first"  # the condition (the reply names none)
    browser.find_element(By.ID, "goproblem").click()
    when = browser.find_element(By.ID, "fp-support.rules[0].when")
    wait(lambda: "'days_ago' is not a variable" in when.text)
    # Under the rule's box, not a button away: the variable it names, made from the condition.
    offer = browser.find_element(By.CSS_SELECTOR, ".offer[data-name='days_ago']")
    assert [b.text for b in offer.find_elements(By.TAG_NAME, "button")] == ["add it"]
    assert [f.get_attribute("value") for f in offer.find_elements(By.CLASS_NAME, "dv")] == [
        "1",
        "60",
    ]
    assert not when.find_elements(By.CSS_SELECTOR, "button.defvar")
    high = offer.find_elements(By.CLASS_NAME, "dv")[1]
    high.send_keys(Keys.CONTROL, "a")
    high.send_keys("90")
    press(browser, offer.find_element(By.TAG_NAME, "button"))
    wait(lambda: "  days_ago: {range: [1, 90]}\n" in yaml_box.get_attribute("value"))
    wait(lambda: bar.text == "")


def test_a_variable_renamed_everywhere_it_is_used(studio: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, root = studio
    browser.get(url + "/")
    browser.find_element(By.TAG_NAME, "button").click()  # Create, the starter
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    found = "button.rn[data-name='days_ago']"
    wait(lambda: bool(browser.find_elements(By.CSS_SELECTOR, found)))  # the page's first check
    unfold(browser, "variables")  # folded under their names
    rename = browser.find_element(By.CSS_SELECTOR, found)
    press(browser, rename)
    # A field in place, not the browser's prompt() dialog (which screenshots never show and
    # which hides the page): the current name selected, so typing replaces it.
    box = browser.find_element(By.CSS_SELECTOR, ".rnbox[data-name='days_ago']")
    field = box.find_element(By.CSS_SELECTOR, "input.rnf")
    assert browser.switch_to.active_element == field
    assert field.get_attribute("value") == "days_ago"
    assert box.find_element(By.CLASS_NAME, "note").text == (
        "lowercase, _ between words; every {days_ago} and every rule that tests it follow"
    )
    field.send_keys("item", Keys.ENTER)  # taken: refused in words, nothing changes
    status = browser.find_element(By.ID, "status")
    wait(lambda: status.text.startswith("not renamed"))
    assert status.text == (
        "not renamed: item is a variable already; pick another name or remove that one"
    )
    assert "days_ago: {range: [1, 45]}" in yaml_box.get_attribute("value")
    press(browser, browser.find_element(By.CSS_SELECTOR, "button.rn[data-name='days_ago']"))
    field = browser.find_element(By.CSS_SELECTOR, ".rnbox[data-name='days_ago'] input.rnf")
    assert browser.switch_to.active_element == field  # still open, its text selected
    field.send_keys("hours_until")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    shot(browser, "rename")  # the field in place, the new name typed
    press(browser, browser.find_element(By.CSS_SELECTOR, ".rnbox[data-name='days_ago'] .rngo"))
    wait(lambda: status.text == "renamed days_ago to hours_until in 4 places")
    text = yaml_box.get_attribute("value")
    assert "days_ago" not in text and "  hours_until: {range: [1, 45]}\n" in text
    assert "    - when: {hours_until: {gt: 30}}\n" in text
    assert browser.find_element(By.ID, "o-rule.0.when").get_attribute("value") == (
        "hours_until is more than 30"
    )
    assert browser.find_element(By.ID, "barproblems").text == ""
    assert browser.find_element(By.ID, "dirty").text == "not saved yet"
    assert "days_ago" in (root / "scenarios" / "my-scenario.yaml").read_text(encoding="utf-8")


def test_a_rule_on_a_variable_the_starter_lacks(studio: tuple[str, Path], browser: Any) -> None:
    """The second walkthrough's path: a rule about hours before the appointment, where the
    starter has days_ago; made from the rule's own box, then tried."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    url, root = studio
    browser.get(url + "/")
    name = browser.find_element(By.NAME, "id")
    name.send_keys(Keys.CONTROL, "a")
    name.send_keys("Dental clinic: move a cleaning")
    unfold(browser, "more")  # the file's name: folded on the first page
    file_box = browser.find_element(By.NAME, "path")
    wait(lambda: file_box.get_attribute("placeholder") == "scenarios/move-a-cleaning.yaml")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: bool(browser.find_elements(By.ID, "o-rule.0.when")))  # the page's first check
    when = browser.find_element(By.ID, "o-rule.0.when")
    assert when.get_attribute("value") == "days_ago is more than 30"
    assert browser.find_element(By.ID, "o-rule.0.reason").is_displayed()  # rule 1 refuses
    assert not browser.find_elements(By.ID, "o-rule.1.reason")  # rule 2 does it: no reason
    press(browser, when)
    when.send_keys(Keys.CONTROL, "a")
    when.send_keys("hours_left is less than 48")
    leave(browser)
    wait(lambda: bool(browser.find_elements(By.CSS_SELECTOR, ".offer[data-name='hours_left']")))
    offer = browser.find_element(By.CSS_SELECTOR, ".offer[data-name='hours_left']")
    assert offer.text.startswith("hours_left is new: a number from")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", offer)
    shot(browser, "newvar")
    press(browser, offer.find_element(By.CSS_SELECTOR, "button[data-instead='days_ago']"))
    wait(lambda: "  hours_left: {range: [1, 96]}\n" in yaml_box.get_attribute("value"))
    assert "days_ago" not in yaml_box.get_attribute("value")
    action = browser.find_element(By.ID, "o-rule.0.action")  # the rules were drawn afresh
    Select(action).select_by_value("resolve")
    wait(lambda: "reason:" not in yaml_box.get_attribute("value"))
    wait(lambda: not browser.find_elements(By.ID, "o-rule.0.reason"))
    Select(browser.find_element(By.ID, "o-rule.0.action")).select_by_value("confirm")
    wait(lambda: bool(browser.find_elements(By.ID, "o-rule.0.confirm")))  # asks first: its box
    ask = browser.find_element(By.ID, "o-rule.0.confirm")
    press(browser, ask)
    ask.send_keys(Keys.CONTROL, "a")
    ask.send_keys("It costs a 15 EUR fee. Shall I go ahead?")
    leave(browser)
    wait(lambda: "- It costs a 15 EUR fee. Shall I go ahead?\n" in yaml_box.get_attribute("value"))
    conversations = try_it(browser)
    wait(lambda: conversations.text.count("verdict") == 5)
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "status")
    wait(lambda: status.text == "saved scenarios/move-a-cleaning.yaml")
    saved = (root / "scenarios" / "move-a-cleaning.yaml").read_text(encoding="utf-8")
    assert "    - when: {hours_left: {lt: 48}}\n      action: resolve\n      confirm:\n" in saved


def test_the_lines_follow_a_typed_reason_into_the_box_clicked_next(
    studio: tuple[str, Path], browser: Any
) -> None:
    """Walkthrough 5: a new "because", then a click into "and says" (the box with the cursor
    when the answer comes): the box shows the lines the YAML now has, not the old reason's;
    and lines the author types there are theirs and stay."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, _root = studio
    browser.get(url + "/")
    browser.find_element(By.TAG_NAME, "button").click()  # Create, the starter
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: bool(browser.find_elements(By.ID, "o-rule.0.reason")))  # the page's first check
    reason = browser.find_element(By.ID, "o-rule.0.reason")
    say = browser.find_element(By.ID, "o-rule.0.say")
    assert "bookings made more than 30 days ago" in say.get_attribute("value")
    press(browser, reason)
    reason.send_keys(Keys.CONTROL, "a")
    reason.send_keys("a freeze needs two days' notice")
    press(browser, say)  # the reason's change is posted; the cursor is now in "and says"
    line = "I'm sorry, but I need two days' notice for a freeze."
    wait(lambda: line in yaml_box.get_attribute("value"))  # the page the change posts
    say = browser.find_element(By.ID, "o-rule.0.say")
    wait(lambda: say.get_attribute("value").startswith(line))
    assert say.get_attribute("value") == (
        f"{line}\nI understand, but the answer has to stay the same: I need two days' notice "
        "for a freeze."
    )
    assert browser.switch_to.active_element == say
    # Typed by the author: kept in the box while the next answer comes, and in the YAML.
    say.send_keys(Keys.CONTROL, "a")
    say.send_keys("Sorry, we need 2 days of notice to freeze it.")
    press(browser, reason)
    mine = "- Sorry, we need 2 days of notice to freeze it.\n"  # plain, as the line it replaced
    wait(lambda: mine in yaml_box.get_attribute("value"))
    reason.send_keys(" at least")
    press(browser, browser.find_element(By.ID, "o-rule.0.say"))
    wait(lambda: "two days' notice at least\n" in yaml_box.get_attribute("value"))
    assert mine in yaml_box.get_attribute("value")
    assert browser.find_element(By.ID, "o-rule.0.say").get_attribute("value") == (
        "Sorry, we need 2 days of notice to freeze it."
    )
