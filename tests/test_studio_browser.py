"""The studio driven in a real headless Chromium (Selenium), as an author would use it.

Optional: needs the `browser` extra (selenium) plus Debian's chromium and chromium-driver
(`.ci/run` installs them when it can); otherwise each test skips and says what is missing
(`tests/studio_browser.py`, shared by every browser test of the studio).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from scenarios.lint import lint
from simulator.run.runner import RunRequest, run
from tests.studio_browser import (
    SLOW,
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


def test_author_creates_fixes_tries_and_saves(studio: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    url, root = studio
    browser.get(url + "/")
    shot(browser, "scenarios")
    unfold(browser, "more")  # a library scenario to start from: folded on the first page
    Select(browser.find_element(By.NAME, "template")).select_by_value(
        "ecommerce/refund-damaged-item.yaml"
    )
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    field = browser.find_element(By.ID, "f-id")
    wait(lambda: field.get_attribute("value") == "mine/my-scenario")
    field.clear()
    field.send_keys("Bad Id")
    leave(browser)  # leaves the field: change event
    problem = browser.find_element(By.ID, "fp-id")
    wait(lambda: "is not a valid id" in problem.text)
    yaml_box = browser.find_element(By.ID, "yaml")
    wait(lambda: "\nid: Bad Id\n" in yaml_box.get_attribute("value"))
    shot(browser, "edit")  # the problem under its field, the YAML beside
    field.clear()  # Selenium's clear fires a change: its answer (id '') must not land on
    wait(lambda: "\nid: ''\n" in yaml_box.get_attribute("value"))  # what is typed next
    field.send_keys("mine/fixed")
    leave(browser)
    wait(lambda: problem.text == "")
    wait(lambda: "\nid: mine/fixed\n" in yaml_box.get_attribute("value"))
    also = browser.find_element(By.ID, "also")
    assert also.get_attribute("open") is None  # folded: the first conversations need none of it
    unfold(browser, "also")
    more = browser.find_element(By.CSS_SELECTOR, "details.more > summary")
    assert more.text == "Add a situation: 18 to pick from, with what each tests"
    more.click()  # folded: the list is long
    press(browser, browser.find_element(By.CSS_SELECTOR, 'button.ec[data-id="sarcastic"]'))
    wait(lambda: "heavy_typos, sarcastic]" in yaml_box.get_attribute("value"))
    offline = browser.find_element(By.ID, "offline")
    wait(lambda: "Keep English only" in offline.text)
    press(browser, browser.find_element(By.CSS_SELECTOR, "button.add[data-kind='english']"))
    wait(lambda: "\n    es:" not in yaml_box.get_attribute("value"))
    wait(lambda: "Keep English only" not in offline.text)  # the box follows a button's edit
    # The policy says 14 days now; the offline support acts from its rules: changed in the form.
    folded = browser.find_element(By.CSS_SELECTOR, "#optional > summary")
    assert folded.text.startswith("Optional: what the customer wants (only an AI model")
    policy = browser.find_element(By.ID, "f-support.policy")  # in view: its lines offer rules
    policy.send_keys(" Damage claims after 14 days are refused.")
    leave(browser)
    wait(lambda: "after 14 days are refused." in yaml_box.get_attribute("value"))
    when = browser.find_element(By.ID, "o-rule.0.when")
    assert when.get_attribute("value") == "days_since_delivery is more than 30"
    browser.execute_script("arguments[0].value = ''", when)
    when.send_keys("days_since_delivery is more than 14")
    leave(browser)
    wait(lambda: "- when: {days_since_delivery: {gt: 14}}" in yaml_box.get_attribute("value"))
    browser.execute_script("document.getElementById('offline-head').scrollIntoView()")
    shot(browser, "rules")  # what the offline support does, in plain words
    conversations = try_it(browser)
    wait(lambda: conversations.text.count("verdict") == 5)
    assert "Support followed your rules." in conversations.text
    assert "(without an AI model)" in browser.find_element(By.ID, "status").text
    assert "deterministic" not in conversations.text and "--critic" not in conversations.text
    assert browser.find_element(By.ID, "seed").get_attribute("value") == "2"  # next: others
    shot(browser, "try")
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "status")
    wait(lambda: status.text == "saved scenarios/my-scenario.yaml")
    saved = root / "scenarios" / "my-scenario.yaml"
    assert "\nid: mine/fixed\n" in saved.read_text(encoding="utf-8")
    assert "heavy_typos, sarcastic]\n" in saved.read_text(encoding="utf-8")
    assert "- when: {days_since_delivery: {gt: 14}}\n" in saved.read_text(encoding="utf-8")
    assert lint([saved]) == []
    run(RunRequest(paths=(saved,), n=6, seed=2, out=root / "runs" / "first"))
    browser.get(url + "/runs")
    assert "6 of 6 conversations" in browser.page_source
    browser.get(url + "/edit?path=../../etc/passwd")
    assert "refused" in browser.page_source and "root:" not in browser.page_source


def test_domain_fixed_and_review_seen_by_export(studio: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    url, root = studio
    browser.get(url + "/domains")
    Select(browser.find_element(By.NAME, "builtin")).select_by_visible_text("ecommerce")
    browser.find_element(By.NAME, "name").send_keys("shop")
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    wait(lambda: "/domain?path=domains/shop.yaml" in browser.current_url)
    wait(lambda: "table orders" in browser.find_element(By.ID, "view").text)
    yaml_box = browser.find_element(By.ID, "yaml")
    text = yaml_box.get_attribute("value")
    browser.execute_script(  # an author's slip in the YAML: a word where a number belongs
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
        yaml_box,
        text.replace("total: 230.0", "total: lots", 1).replace("total: 421.36", "total: 4_21", 1),
    )  # and a value YAML 1.1 and 1.2 read differently: lint's warning, at its record too
    view = browser.find_element(By.ID, "view")
    wait(lambda: bool(view.find_elements(By.CSS_SELECTOR, "tr.bad")))
    problem = view.find_element(By.CSS_SELECTOR, "tr.bad + tr .problem").text
    assert problem.endswith("tables.orders.records[0].total: expected a number, got text 'lots'")
    warning = view.find_element(By.CSS_SELECTOR, "tr.warn + tr .warning").text
    assert warning.endswith(
        "tables.orders.records[1].total: warning: 4_21 is read as the number 421 here but as the "
        "text '4_21' by YAML 1.2 tools (editors, the studio); quote it if it is text, or write "
        "the value you mean plainly ('4_21')"
    )
    shot(browser, "domain")
    cell = browser.find_element(By.ID, "c-orders-0-total")
    cell.send_keys(Keys.CONTROL, "a")  # as a person does: select what is there, type over
    cell.send_keys("230.5")
    browser.find_element(By.ID, "c-orders-0-product").click()  # leaves the cell: change event
    wait(lambda: not browser.find_elements(By.CSS_SELECTOR, "tr.bad"))
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "status")
    wait(lambda: status.text == "saved domains/shop.yaml")
    saved = root / "domains" / "shop.yaml"
    assert "total: 230.5, payment_method: gift card}" in saved.read_text(encoding="utf-8")
    assert lint([saved]) == []  # a warning is not a problem
    browser.get(url + "/domains")
    assert "domains/shop.yaml" in browser.page_source
    shot(browser, "domains")

    scenario = root / "scenarios" / "refund.yaml"
    scenario.parent.mkdir()
    library = Path(__file__).resolve().parent.parent / "scenarios" / "library"
    shutil.copy(library / "ecommerce" / "refund-damaged-item.yaml", scenario)
    other = root / "scenarios" / "cancel.yaml"
    shutil.copy(library / "ecommerce" / "cancel-pending-order.yaml", other)
    out = root / "runs" / "first"
    run(RunRequest(paths=(scenario, other), n=16, seed=2, out=out))
    db = sqlite3.connect(out / "run.db")  # one conversation to REVIEW, as the critic would send
    with db:
        (cid,) = db.execute("SELECT id FROM conversations ORDER BY idx LIMIT 1").fetchone()
        db.execute("UPDATE conversations SET label = 'REVIEW' WHERE id = ?", (cid,))
    db.close()
    browser.get(url + "/runs")
    assert "Coverage: scenario x situation" in browser.page_source
    shot(browser, "runs")
    browser.find_element(By.LINK_TEXT, "review queue").click()
    wait(lambda: "undecided" in browser.page_source)
    Select(browser.find_element(By.NAME, "decision")).select_by_visible_text("reject")
    browser.find_element(By.NAME, "note").send_keys("support never checked the order")
    browser.find_element(By.XPATH, "//form[@action='/review']//button").click()
    wait(lambda: "decided: reject (support never checked the order)" in browser.page_source)
    shot(browser, "review")
    export = root / "export.jsonl"
    argv = [sys.executable, "-m", "simulator", "export", str(out), "--format", "jsonl"]
    done = subprocess.run(
        [*argv, "--out", str(export)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in export.read_text("utf-8").splitlines() if line]
    assert len(exported) < 16 and cid not in {r["id"] for r in exported}
    stored = [
        json.loads(line)
        for line in (out / "transcripts.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    (reviewed,) = [r for r in stored if "review" in r]
    assert (reviewed["id"], reviewed["review"]["decision"]) == (cid, "reject")


def test_newcomer_starts_small_defines_a_variable_and_tries(
    studio: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    url, root = studio
    browser.get(url + "/")
    unfold(browser, "more")
    chosen = Select(browser.find_element(By.NAME, "template")).first_selected_option
    assert chosen.text == "A short scenario in plain words, to make your own (English, no records)"
    name = browser.find_element(By.NAME, "id")
    name.clear()
    name.send_keys("spokes/book-repair")
    browser.find_element(By.TAG_NAME, "button").click()
    wait(lambda: "/edit" in browser.current_url)
    yaml_box = browser.find_element(By.ID, "yaml")
    openings = browser.find_element(By.ID, "f-customer.openings")
    wait(lambda: "need to book my repair" in openings.get_attribute("value"))  # the name's words
    openings.send_keys(Keys.CONTROL, "a")
    openings.send_keys("Hi, can I book my {bike} in for a service?")
    leave(browser)
    problem = browser.find_element(By.ID, "fp-customer.openings")
    wait(lambda: "unknown variable 'bike'" in problem.text)
    assert problem.text == (
        "unknown variable 'bike'; define it under variables add bike as a variable values, "
        "comma between; or 1-45; or M-#####"
    )
    assert browser.find_element(By.ID, "dirty").text == "not saved yet"
    values = problem.find_element(By.CSS_SELECTOR, "input.dvin")  # made here, where it is used
    values.send_keys("road bike, e-bike", Keys.ENTER)
    wait(lambda: problem.text == "")
    assert "  bike: {choice: [road bike, e-bike]}\n" in yaml_box.get_attribute("value")
    when = browser.find_element(By.ID, "o-rule.0.when")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", when)
    when.send_keys(Keys.CONTROL, "a")
    when.send_keys("bike is e-bike")
    leave(browser)
    wait(lambda: "- when: {bike: {eq: e-bike}}" in yaml_box.get_attribute("value"))
    Select(browser.find_element(By.ID, "o-rule.0.action")).select_by_value("escalate")
    wait(lambda: "action: escalate" in yaml_box.get_attribute("value"))
    press(browser, browser.find_element(By.CSS_SELECTOR, "button.add[data-kind='rule']"))
    wait(lambda: bool(browser.find_elements(By.ID, "o-rule.2.when")))
    assert browser.find_element(By.ID, "o-rule.1.when").get_attribute("value") == (
        "item is booking"
    )
    press(browser, browser.find_element(By.CSS_SELECTOR, "button.rm[data-key='support.rules.1']"))
    wait(lambda: not browser.find_elements(By.ID, "o-rule.2.when"))
    unfold(browser, "also")
    tick = browser.find_element(By.CSS_SELECTOR, ".tg[data-key='persona.patience'][value='low']")
    press(browser, tick)
    wait(lambda: "persona:\n  patience: [low]\n" in yaml_box.get_attribute("value"))
    press(browser, browser.find_element(By.CSS_SELECTOR, ".tg[data-key='rubric.courtesy']"))
    wait(lambda: "courtesy: {enabled: false}" in yaml_box.get_attribute("value"))
    browser.execute_script("document.getElementById('tuning').scrollIntoView()")
    browser.execute_script("window.scrollBy(0, -120)")
    shot(browser, "tuning")  # persona limits and the rubric as ticks
    conversations = try_it(browser)
    wait(lambda: conversations.text.count("verdict") == 5)
    assert "customer" in conversations.text and "low patience" in conversations.text
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "status")
    wait(lambda: status.text == "saved scenarios/book-repair.yaml")
    assert browser.find_element(By.ID, "dirty").text == ""
    saved = root / "scenarios" / "book-repair.yaml"
    assert saved.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/scenario.schema.json\n"
    )
    assert lint([saved]) == []
    browser.find_element(By.ID, "keep").click()  # the next step: a run to browse
    wait(lambda: "open them under Runs" in status.text, SLOW)
    assert status.text == (
        "saved scenarios/book-repair.yaml; 20 conversations kept in runs/book-repair "
        "open them under Runs"
    )
    status.find_element(By.LINK_TEXT, "open them under Runs").click()
    wait(lambda: "20 of 20 conversations" in browser.page_source)
    assert "Coverage: scenario x situation" in browser.page_source
