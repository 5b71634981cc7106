"""The analyst's workbench in a real browser over the demo: each defect found by trying it as an analyst, proved fixed."""
import datetime
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS
from test_web import click_and_wait, open_tab, sign_in

PHONE = (390, 844)

# Every page of the navigation and its tabs; detail pages are found by following the first link of their list.
PAGES = [
    "/", "/monitoring", "/monitoring?q=source.ip:198.51.100.23&range=7d", "/monitoring/sources", "/alerts", "/alerts/suppressions",
    "/detection/rules", "/detection/exclusions", "/intel", "/incidents", "/incidents/metrics", "/incidents/playbooks",
    "/vulnerabilities", "/vulnerabilities?group=package", "/vulnerabilities/import", "/patching", "/patching/jobs",
    "/patching/windows", "/patching/metrics", "/access", "/access/accounts", "/access/findings", "/access/findings?type=leaver",
    "/access/reviews", "/reviews", "/assets", "/people", "/account",
    "/admin", "/audit",
    "/admin/tokens", "/admin/health", "/admin/settings",
]
DETAILS = [
    ("/alerts", "a[href^='/alerts/']:not([href*='suppressions'])"),
    ("/incidents", "a[href^='/incidents/']:not([href*='metrics']):not([href*='playbooks'])"),
    ("/vulnerabilities", "a[href^='/vulnerabilities/findings/']"),
    ("/vulnerabilities", "a[href^='/vulnerabilities/assets/']"),
    ("/detection/rules", "a[href^='/detection/rules/']"),
    ("/patching/jobs", "a[href^='/patching/jobs/']"),
    ("/access", "table a[href^='/access/sources/']"),
    ("/access/accounts", "table a[href^='/access/accounts/']"),
    ("/access/reviews", "table a[href^='/access/reviews/']"),
    ("/assets", "table a[href^='/assets/']"),
    ("/people", "table a[href^='/people/']"),
]


def overflow(browser):
    """How far the page is wider than the window, in CSS pixels, and the widest element that sticks out."""
    return browser.execute_script("""
        const width = document.documentElement.clientWidth;
        let worst = null, right = width;
        for (const element of document.querySelectorAll('body *')) {
            const box = element.getBoundingClientRect();
            if (box.width === 0 || getComputedStyle(element).position === 'fixed') continue;
            // Inside a box that scrolls on its own, sticking out is that box's business.
            let scroller = element.parentElement, inside = false;
            while (scroller && scroller !== document.body) {
                if (['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) { inside = true; break; }
                scroller = scroller.parentElement;
            }
            if (!inside && box.right > right + 1) { right = box.right; worst = element.tagName + '.' + element.className; }
        }
        return [document.documentElement.scrollWidth - width, worst];
    """)


def test_every_page_fits_a_phone(demo, browser):
    sign_in(browser, demo["url"], "admin", demo["passwords"]["admin"])
    pages = list(PAGES)
    for listing, selector in DETAILS:
        browser.get(demo["url"] + listing)
        links = browser.find_elements(By.CSS_SELECTOR, selector)
        assert links, f"{listing} links to a detail page ({selector})"
        pages.append(urllib.parse.urlparse(links[0].get_attribute("href")).path)
    # A phone's viewport, as Chromium's device emulation gives it (a desktop window cannot be made this narrow).
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 2, "mobile": True})
    try:
        problems = []
        for page in pages:
            browser.get(demo["url"] + page)
            assert "Sign in" not in browser.title, page
            assert browser.execute_script("return document.documentElement.clientWidth") == PHONE[0]
            extra, worst = overflow(browser)
            if extra > 1 or worst:
                problems.append(f"{page}: {extra}px wider than the window ({worst})")
            # No cell squeezed to one character per line: each table cell with text is at least 3em wide.
            narrow = browser.execute_script("""
                return [...document.querySelectorAll('td')].filter(td => td.innerText.trim().length > 3
                    && td.getBoundingClientRect().width > 0 && td.getBoundingClientRect().width < 36).length;
            """)
            if narrow:
                problems.append(f"{page}: {narrow} table cells narrower than three characters")
        browser.get(demo["url"] + "/monitoring?q=source.ip:198.51.100.23&range=7d")
        browser.save_screenshot(str(ARTIFACTS / "monitoring-phone.png"))
        assert not problems, "\n".join(problems)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_advisory_page_draws_its_tables_not_debug_text(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/vulnerabilities?q=log4j")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href^='/vulnerabilities/findings/']"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href^='/vulnerabilities/advisories/']"))
    source = browser.page_source
    assert "Markup(html:" not in source and "Web.Markup" not in source
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "<code>" not in text and "&lt;" not in text, "no markup shown as text"
    assets = browser.find_elements(By.XPATH, "//section[h2[starts-with(text(),'Assets')]]//tbody/tr")
    assert assets and "log4j-core" in assets[0].text, "the affected assets are a table"
    assert browser.find_elements(By.XPATH, "//dt[text()='CVSS']/following-sibling::dd[1]/code"), "the vector is code, not text"


def test_fixed_in_names_the_fix_that_applies(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/vulnerabilities?q=log4j-core")
    row = browser.find_element(By.XPATH, "//table[contains(@class,'findings')]//tr[td[contains(.,'2.14.1')]]")
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.findings thead th")]
    fixed = row.find_elements(By.TAG_NAME, "td")[headers.index("Fixed in")].text
    assert fixed == "2.15.0", f"log4j-core 2.14.1 is fixed by 2.15.0, not {fixed!r}"


def test_a_case_number_is_an_address(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/incidents/1")
    assert re.search(r"/incidents/[0-9a-f-]{36}$", browser.current_url), browser.current_url
    assert "#1" in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(demo["url"] + "/incidents?q=%231")
    assert browser.find_elements(By.CSS_SELECTOR, "table a[href^='/incidents/']"), "#1 in the search finds case 1"


def test_a_misspelt_api_parameter_is_refused(demo):
    token = demo_token(demo)
    request = urllib.request.Request(demo["url"] + "/api/v1/alerts?sevrity=critical", headers={"Authorization": f"Bearer {token}"})
    try:
        urllib.request.urlopen(request)
        raise AssertionError("?sevrity= must not answer every alert")
    except urllib.error.HTTPError as error:
        body = json.loads(error.read())
        assert error.code == 400 and body["error"]["message"].startswith("sevrity:")


def test_the_icon_is_served_and_pages_name_it(demo, browser):
    with urllib.request.urlopen(demo["url"] + "/favicon.ico") as answer:
        assert answer.status == 200 and answer.headers["Content-Type"] == "image/svg+xml" and b"<svg" in answer.read()
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    assert browser.find_element(By.CSS_SELECTOR, "link[rel=icon]").get_attribute("href").endswith("/static/favicon.svg")


def test_histogram_columns_narrow_the_search_to_their_time(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/monitoring?q=source.ip:198.51.100.23&range=7d")
    columns = browser.find_elements(By.CSS_SELECTOR, "figure.histogram svg a.column-link")
    assert columns, "columns with events are links"
    # An SVG link's href property is an animated string: read the attribute.
    href = urllib.parse.urljoin(demo["url"], columns[0].get_dom_attribute("href"))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(href).query)
    assert query["range"] == ["custom"] and query["q"] == ["source.ip:198.51.100.23"]
    start = query["from"][0]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:(00|30):00", start), f"buckets start on the clock: {start}"
    browser.get(href)
    summary = browser.find_element(By.CSS_SELECTOR, "p.summary").text
    assert re.match(r"\d+ events? match", summary) and not summary.startswith("0 "), summary


def test_an_analyst_is_not_offered_what_they_cannot_do(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/vulnerabilities")
    tabs = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".tabs a, nav.tabs a")]
    assert "Findings" in tabs and "Import" not in tabs, tabs


def test_the_alert_names_its_rule_and_sources_say_when_they_went_quiet(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/alerts")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href^='/alerts/']:not([href*='suppressions'])"))
    rule = browser.find_element(By.XPATH, "//dt[text()='Rule']/following-sibling::dd[1]/a").text
    assert rule and not re.fullmatch(r"[0-9a-f-]{36}", rule), f"the rule by its title: {rule!r}"
    browser.get(demo["url"] + "/monitoring/sources")
    row = browser.find_element(By.XPATH, "//table[contains(@class,'sources')]//tr[td/a[text()='print-srv-01']]")
    cells = row.find_elements(By.TAG_NAME, "td")
    last_seen = cells[3].find_element(By.TAG_NAME, "time").get_attribute("datetime") if cells[3].find_elements(By.TAG_NAME, "time") else None
    silent = row.find_element(By.CSS_SELECTOR, ".failure time").get_attribute("datetime") if row.find_elements(By.CSS_SELECTOR, ".failure time") else None
    assert "Silent since" in row.text and silent and last_seen and silent[:16] == last_seen[:16], (row.text, silent, last_seen)
    per_day = float(cells[5].text.replace(",", ""))
    assert per_day > 0, "a source that sent through the day has a rate"


def demo_token(demo):
    import subprocess
    from conftest import BINARY
    result = subprocess.run([str(BINARY), "admin", "create-token", "--data", str(demo["data"]), "--username", "analyst", "--scope", "read"],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip().split()[-1]


def test_an_alert_says_which_open_case_holds_its_ioc_and_joins_it(demo, browser):
    """TheHive's similar cases: the sales laptop's C2 alert names case #2, which holds the address as an IOC."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/alerts?host=laptop-sal-007")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table a[href^='/alerts/']"))
    notice = browser.find_element(By.CSS_SELECTOR, ".case-matches")
    assert "203.0.113.66 (ip) is an IOC of open case #2" in notice.text, notice.text
    assert "Similar alerts" in browser.find_element(By.TAG_NAME, "main").text
    alert_url = browser.current_url
    click_and_wait(browser, notice.find_element(By.XPATH, ".//button[text()='Add to case #2']"))
    assert "/incidents/" in browser.current_url and "added to #2" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    browser.get(alert_url)
    assert "#2" in browser.find_element(By.XPATH, "//h3[text()='Cases']/following-sibling::p[1]").text, "the alert is in case #2 now"
    assert not browser.find_elements(By.CSS_SELECTOR, ".case-matches"), "a case holding the alert is no longer suggested"


def test_the_field_list_counts_what_the_api_counts_and_filters_in_and_out(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    query = "source.ip:198.51.100.23"
    browser.get(demo["url"] + "/monitoring?" + urllib.parse.urlencode({"q": query, "range": "7d"}))
    total = int(browser.find_element(By.CSS_SELECTOR, "p.summary strong").text)
    field = browser.find_element(By.CSS_SELECTOR, "aside.field-list details[data-field='event.outcome']")
    field.find_element(By.TAG_NAME, "summary").click()
    token = demo_token(demo)
    assert "Top values in the %d newest" % total in browser.find_element(By.CSS_SELECTOR, "aside.field-list").text, "the sample is every match"
    for item in field.find_elements(By.CSS_SELECTOR, "ul.values li"):
        value = item.find_element(By.CSS_SELECTOR, "a.value").text
        count = int(item.find_element(By.CSS_SELECTOR, ".count").text)
        url = demo["url"] + "/api/v1/events?" + urllib.parse.urlencode({"q": f'{query} AND event.outcome:"{value}"', "from": "now-7d", "limit": 1})
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})) as answer:
            assert json.loads(answer.read())["total"] == count, (value, count)
    out = field.find_element(By.CSS_SELECTOR, "a.filter-out")
    click_and_wait(browser, out)
    assert "NOT event.outcome:" in browser.find_element(By.NAME, "q").get_attribute("value")
    # Around one event: the same host, five minutes either side.
    first = browser.find_element(By.CSS_SELECTOR, "table.events td > details")
    first.find_element(By.TAG_NAME, "summary").click()
    around = first.find_element(By.PARTIAL_LINK_TEXT, "Surrounding events")
    assert "host.name" in urllib.parse.unquote(around.get_attribute("href"))
    # The export link answers the same events as a file.
    href = browser.find_element(By.CSS_SELECTOR, "p.export a[href*='format=ndjson']").get_attribute("href")
    request = urllib.request.Request(href, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as answer:
        rows = [line for line in answer.read().decode().splitlines() if line]
    shown = int(browser.find_element(By.CSS_SELECTOR, "p.summary strong").text)
    assert len(rows) == shown and all(json.loads(row)["fields"]["source.ip"] == "198.51.100.23" for row in rows)


def test_an_ip_is_a_page_with_its_events_alerts_cases_and_intelligence(demo, browser):
    """From the C2 alert's event, the address leads to everything Bulwark knows of it, in the alert's time."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/alerts?host=laptop-fin-014&status=new,acknowledged,closed&q=203.0.113.66")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table a[href^='/alerts/']"))
    browser.find_element(By.CSS_SELECTOR, "table.matched-events td > details > summary").click()
    link = browser.find_element(By.XPATH, "//table[contains(@class,'fields')]//th[text()='destination.ip']/following-sibling::td//a[@class='pivot']")
    assert link.text == "203.0.113.66"
    query = urllib.parse.parse_qs(urllib.parse.urlparse(link.get_attribute("href")).query)
    assert "from" in query and "to" in query, "the pivot keeps the alert's time, with a margin"
    click_and_wait(browser, link)
    assert browser.find_element(By.TAG_NAME, "h1").text == "IP address 203.0.113.66"
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "laptop-fin-014" in main and "#2" in main, "its events and the case that holds it"
    assert "C2 server of a commodity loader" in main or "203.0.113.66 (demo-feed" in main, "what intelligence says"
    alerts = browser.find_elements(By.XPATH, "//section[h2[starts-with(text(),'Alerts')]]//tbody/tr")
    assert len(alerts) >= 2, "the alerts of both laptops"


def test_every_value_is_a_menu_of_pivots_in_the_alerts_time(demo, browser):
    """Elastic's and Wazuh's pivots: from a value on an alert, its events in the alert's window, alerts, cases and intelligence."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/alerts?host=laptop-fin-014&status=new,acknowledged,closed&q=203.0.113.66")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table a[href^='/alerts/']"))
    alert_id = browser.current_url.rsplit("/", 1)[-1]
    token = demo_token(demo)
    with urllib.request.urlopen(urllib.request.Request(demo["url"] + "/api/v1/alerts/" + alert_id, headers={"Authorization": f"Bearer {token}"})) as answer:
        alert = json.loads(answer.read())
    browser.find_element(By.CSS_SELECTOR, "table.matched-events td > details > summary").click()
    cell = browser.find_element(By.XPATH, "//table[contains(@class,'fields')]//th[text()='destination.ip']/following-sibling::td")
    menu = cell.find_element(By.CSS_SELECTOR, "details.pivot-menu")
    assert not menu.find_element(By.TAG_NAME, "ul").is_displayed(), "closed until asked"
    menu.find_element(By.TAG_NAME, "summary").click()
    items = {a.text: a.get_attribute("href") for a in menu.find_elements(By.CSS_SELECTOR, "ul a")}
    assert {"Everything about 203.0.113.66", "Its events in this window (± 1 h)", "Alerts naming it", "Cases holding it",
            "Threat intelligence"} <= set(items), sorted(items)
    events = urllib.parse.parse_qs(urllib.parse.urlparse(items["Its events in this window (± 1 h)"]).query)
    def instant(text):
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    hour = datetime.timedelta(hours=1)
    assert instant(events["from"][0]) == instant(alert["first_event_at"]) - hour, (events, alert["first_event_at"])
    assert instant(events["to"][0]) == instant(alert["last_event_at"]) + hour
    # A second menu opened closes the first.
    other = browser.find_elements(By.CSS_SELECTOR, "table.matched-events td details.pivot-menu")
    if len(other) > 1:
        other[1].find_element(By.TAG_NAME, "summary").click()
        assert menu.get_attribute("open") is None
        menu.find_element(By.TAG_NAME, "summary").click()
    click_and_wait(browser, menu.find_element(By.LINK_TEXT, "Its events in this window (± 1 h)"))
    assert "destination.ip:\"203.0.113.66\"" in browser.find_element(By.NAME, "q").get_attribute("value")
    total = int(browser.find_element(By.CSS_SELECTOR, "p.summary strong").text)
    assert total >= alert["count"], "the alert's own events are in its window"
    # On a search, the menu also filters the search in or out.
    browser.find_element(By.CSS_SELECTOR, "table.events td > details > summary").click()
    menu = browser.find_element(By.XPATH, "//table[contains(@class,'fields')]//th[text()='destination.ip']/following-sibling::td//details")
    menu.find_element(By.TAG_NAME, "summary").click()
    click_and_wait(browser, menu.find_element(By.LINK_TEXT, "Filter out"))
    assert "NOT destination.ip:\"203.0.113.66\"" in browser.find_element(By.NAME, "q").get_attribute("value")
    assert not browser.find_elements(By.CSS_SELECTOR, "table.events > tbody > tr"), "the value in and out of the search leaves nothing"
    # The queue's hosts are menus too, and the case's "Cases holding it" opens the entity page at its cases.
    browser.get(demo["url"] + "/alerts?host=laptop-fin-014")
    host = browser.find_element(By.CSS_SELECTOR, "table.alerts td .pivot-value")
    assert host.find_element(By.CSS_SELECTOR, "a.pivot").text == "laptop-fin-014"
    host.find_element(By.TAG_NAME, "summary").click()
    click_and_wait(browser, host.find_element(By.LINK_TEXT, "Cases holding it"))
    assert browser.find_element(By.ID, "cases").is_displayed()


def test_a_hosts_page_lists_its_findings_riskiest_first(demo, browser):
    """The host's page is the inventory asset too: its open findings from Vulnerabilities beside its alerts and events."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/entities/host/bastion-01")
    card = browser.find_element(By.ID, "findings")
    risks = [float(td.text) for td in card.find_elements(By.CSS_SELECTOR, "tbody td.numeric")]
    assert risks and risks == sorted(risks, reverse=True), risks
    assert "ALSA-2024:4312" in card.text, "regreSSHion on the bastion"
    token = demo_token(demo)
    asset = card.find_element(By.PARTIAL_LINK_TEXT, "All findings").get_attribute("href").rsplit("/", 1)[-1]
    url = demo["url"] + "/api/v1/findings?" + urllib.parse.urlencode({"asset_id": asset})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})) as answer:
        findings = json.loads(answer.read())["findings"]
    assert len(risks) == min(10, len(findings)) and [f["risk"] for f in findings[:10]] == risks
    assert "Alerts" in browser.find_element(By.TAG_NAME, "main").text, "the incident area's sections are there too"


def test_a_persons_email_leads_to_everything_about_them(demo, browser):
    """The directory's person and the events, alerts and cases naming their address, on one page."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/people")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table a[href^='/people/']"))
    name = browser.find_element(By.TAG_NAME, "h1").text
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Everything about"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Email address ")
    card = browser.find_element(By.ID, "person")
    assert card.find_element(By.CSS_SELECTOR, "a[href^='/people/']").text in name, (card.text, name)
    assert "Alerts" in browser.find_element(By.TAG_NAME, "main").text, "the incident area's sections follow"


def test_findings_fold_by_source_package_and_by_vulnerability(demo, browser):
    """One Debian fix of openssl closes the findings of openssl and libssl1.1: grouped, they are one row."""
    sign_in(browser, demo["url"], "engineer", demo["passwords"]["engineer"])
    browser.get(demo["url"] + "/vulnerabilities")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "By source package"))
    assert "group=package" in browser.current_url
    rows = {r.find_elements(By.TAG_NAME, "td")[2].text.split("\n")[0]: r
            for r in browser.find_elements(By.CSS_SELECTOR, "table.finding-groups tbody tr")}
    assert "openssl" in rows, sorted(rows)
    openssl = rows["openssl"]
    assert "libssl1.1, openssl" in openssl.text and "Debian:11" in openssl.text, openssl.text
    token = demo_token(demo)
    url = demo["url"] + "/api/v1/findings/groups?by=package"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})) as answer:
        groups = {g["key"]: g for g in json.loads(answer.read())["groups"]}
    assert groups["openssl"]["packages"] == ["libssl1.1", "openssl"] and groups["openssl"]["ecosystem"] == "Debian:11"
    count = openssl.find_element(By.CSS_SELECTOR, "a[href*='source_package=openssl']")
    assert int(count.text) == groups["openssl"]["findings"] == 2
    # The group's count leads to exactly its findings, ungrouped.
    click_and_wait(browser, count)
    packages = sorted(r.find_elements(By.TAG_NAME, "td")[4].text.split()[0] for r in browser.find_elements(By.CSS_SELECTOR, "table.findings tbody tr"))
    assert packages == ["libssl1.1", "openssl"], packages
    assert browser.find_element(By.NAME, "source_package").get_attribute("value") == "openssl"
    # By vulnerability: regreSSHion is one row across the bastion's two binaries.
    browser.get(demo["url"] + "/vulnerabilities?group=vulnerability")
    row = browser.find_element(By.XPATH, "//table[contains(@class,'finding-groups')]//tr[td/a[text()='ALSA-2024:4312']]")
    assert "openssh, openssh-server" in row.text, row.text
    assert browser.find_element(By.CSS_SELECTOR, "nav.group-switch a[aria-current=page]").text == "By vulnerability"


def test_the_remediation_plan_upgrades_each_package_to_its_smallest_clean_fix(demo, browser):
    """Patching's plan over the demo: Debian's openssl fix for both binaries of the source, the API's lines on the page."""
    sign_in(browser, demo["url"], "engineer", demo["passwords"]["engineer"])
    browser.get(demo["url"] + "/patching")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.remediation tbody tr")
    token = demo_token(demo)
    with urllib.request.urlopen(urllib.request.Request(demo["url"] + "/api/v1/remediation", headers={"Authorization": f"Bearer {token}"})) as answer:
        lines = json.loads(answer.read())["lines"]
    assert len(rows) == len(lines) > 0
    removed = [float(r.find_elements(By.TAG_NAME, "td")[5].text) for r in rows]
    assert removed == sorted(removed, reverse=True) == [round(line["risk_removed"], 1) for line in lines]
    mail = {line["package"]: line for line in lines if line["asset_name"] == "mail-gw-01"}
    assert mail["openssl"]["to_version"] == mail["libssl1.1"]["to_version"] == "1.1.1n-0+deb11u4", mail
    assert not mail["openssl"]["major_upgrade"]
    log4j = next(line for line in lines if line["package"].endswith("log4j-core"))
    assert log4j["from_version"] == "2.14.1" and log4j["to_version"] is not None and log4j["finding_ids"]
    # Each line closes exactly the open findings of its package on its asset.
    url = demo["url"] + "/api/v1/findings?" + urllib.parse.urlencode({"asset_id": log4j["asset_id"], "q": "log4j-core"})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})) as answer:
        found = {f["id"] for f in json.loads(answer.read())["findings"] if f["package"] == log4j["package"]}
    assert set(log4j["finding_ids"]) | set(log4j["no_fix"]) <= found and set(log4j["finding_ids"])


def test_in_remediation_takes_an_owner_a_date_and_a_ticket(demo, browser):
    sign_in(browser, demo["url"], "engineer", demo["passwords"]["engineer"])
    browser.get(demo["url"] + "/vulnerabilities?q=log4j-core")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a[href^='/vulnerabilities/findings/']"))
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/state'], form.filters[method=post]")
    form.find_element(By.CSS_SELECTOR, "select[name=state] option[value=in_remediation]").click()
    form.find_element(By.NAME, "owner").send_keys("payments-team")
    form.find_element(By.NAME, "ticket").send_keys("https://tickets.example.com/SEC-77")
    browser.execute_script("arguments[0].value = '2099-03-01'", form.find_element(By.NAME, "due_at"))
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    row = browser.find_element(By.XPATH, "//dt[text()='Remediation']/following-sibling::dd[1]")
    assert "payments-team" in row.text and "2099-03-01" in row.text, row.text
    assert row.find_element(By.TAG_NAME, "a").get_attribute("href") == "https://tickets.example.com/SEC-77"


def test_a_search_is_saved_shared_and_found_again(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/monitoring?" + urllib.parse.urlencode({"q": "event.action:logon-failed", "range": "7d"}))
    saved = browser.find_element(By.CSS_SELECTOR, "details.saved-searches")
    assert saved.get_attribute("open") is not None, "the demo's shared searches are listed open"
    assert "Failed sign-ins" in saved.text and "Root shells on the bastion" not in saved.text, "another user's own search is private"
    form = browser.find_element(By.CSS_SELECTOR, "form.save-search")
    form.find_element(By.NAME, "name").send_keys("Password spray")
    form.find_element(By.NAME, "shared").click()
    click_and_wait(browser, form.find_element(By.TAG_NAME, "button"))
    assert "Saved as “Password spray”, shared with the team." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    sign_in(browser, demo["url"], "engineer", demo["passwords"]["engineer"])
    browser.get(demo["url"] + "/monitoring")
    link = browser.find_element(By.LINK_TEXT, "Password spray")
    click_and_wait(browser, link)
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "event.action:logon-failed"
    assert re.match(r"\d+ events? match", browser.find_element(By.CSS_SELECTOR, "p.summary").text)


def test_an_admin_reads_the_servers_health_and_settings(demo, browser):
    sign_in(browser, demo["url"], "admin", demo["passwords"]["admin"])
    browser.get(demo["url"] + "/admin/health")
    rows = {r.find_element(By.TAG_NAME, "th").text: r for r in browser.find_elements(By.CSS_SELECTOR, "table.health tbody tr")}
    assert {"Database", "Ingest queue", "Detection", "Advisory feeds"} <= set(rows), sorted(rows)
    assert "SQLite" in rows["Database"].text
    assert rows["Advisory feeds"].get_attribute("class") == "reading-ok", "the demo imported its advisories just now"
    # The readings agree with the JSON the same page names.
    api = browser.execute_script("return fetch('/api/v1/system/health').then(r => r.json())")
    assert [r["name"] for r in api["readings"]] == [r.find_element(By.TAG_NAME, "th").text for r in rows.values()]
    browser.find_element(By.LINK_TEXT, "Settings").click()
    cells = {r.find_element(By.TAG_NAME, "th").text: r.find_element(By.TAG_NAME, "td").text
             for r in browser.find_elements(By.CSS_SELECTOR, "table.settings tr")}
    assert cells["storage.dataDirectory"] and cells["secureCookies"] == "false"
    assert "Incidents" in [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/admin/settings")
    assert "403" in browser.title or "not allowed" in browser.page_source.lower() or "permission" in browser.page_source.lower()


def test_open_alerts_are_picked_into_a_case_not_pasted_as_ids(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/incidents/1")
    open_tab(browser, "Alerts")
    picker = browser.find_element(By.CSS_SELECTOR, "fieldset.alert-picker")
    boxes = picker.find_elements(By.CSS_SELECTOR, "input[name=alert_id]")
    assert boxes, "open alerts are offered"
    chosen = boxes[0].get_attribute("value")
    on_case = {a.get_attribute("href").rsplit("/", 1)[-1] for a in browser.find_elements(By.CSS_SELECTOR, "#alerts table a[href^='/alerts/']")}
    assert chosen not in on_case and not ({b.get_attribute("value") for b in boxes} & on_case), "only alerts not on the case"
    boxes[0].click()
    click_and_wait(browser, picker.find_element(By.XPATH, ".//button[text()='Add to the case']"))
    assert "alerts on the case" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    linked = {a.get_attribute("href").rsplit("/", 1)[-1] for a in browser.find_elements(By.CSS_SELECTOR, "#alerts table a[href^='/alerts/']")}
    assert chosen in linked
    assert chosen not in {b.get_attribute("value") for b in browser.find_elements(By.CSS_SELECTOR, "input[name=alert_id]")}
    # Nothing picked: the form says so and changes nothing.
    click_and_wait(browser, browser.find_element(By.XPATH, "//fieldset[@class='alert-picker']//button[text()='Add to the case']"))
    assert "pick at least one alert" in browser.page_source


def test_fields_become_columns_that_stay_through_filters_and_the_csv(demo, browser):
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/monitoring?" + urllib.parse.urlencode({"q": "event.action:logon-failed", "range": "7d"}))
    field = browser.find_element(By.CSS_SELECTOR, "details[data-field='source.ip']")
    field.find_element(By.TAG_NAME, "summary").click()
    click_and_wait(browser, field.find_element(By.LINK_TEXT, "Show as a column"))
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.events > thead th")]
    assert headers[:3] == ["Time", "Host", "Input"] and headers[3].startswith("source.ip") and headers[-1] == "Event", headers
    cells = [row.find_elements(By.XPATH, "./td")[3].text for row in browser.find_elements(By.CSS_SELECTOR, "table.events > tbody > tr")]
    api = browser.execute_script(
        "return fetch('/api/v1/events?q=' + encodeURIComponent('event.action:logon-failed') + '&from=' + "
        "encodeURIComponent(new Date(Date.now() - 7 * 86400e3).toISOString()) + '&limit=50').then(r => r.json())")
    assert cells == [e["fields"].get("source.ip", "") for e in api["events"]][:len(cells)], "each cell is the event's value"
    # A new query keeps the column; the CSV export has it.
    box = browser.find_element(By.NAME, "q")
    box.clear()
    box.send_keys("event.action:logon-failed AND source.ip:10.20.5.50")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]"))
    assert "columns=source.ip" in browser.current_url
    csv_link = browser.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
    assert urllib.parse.parse_qs(urllib.parse.urlparse(csv_link).query)["fields"] == ["@timestamp,host.name,source.ip"], csv_link
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a.remove-column"))
    assert [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.events > thead th")] == ["Time", "Host", "Input", "Event"]


def test_an_approver_approves_the_emergency_kev_job_that_its_engineer_cannot(demo, browser):
    """The demo's emergency log4j job waits for approval: the engineer who submitted it has no approve form, an
    approver (the admin: test_web's MFA test leaves the manager behind a second factor) approves it on the job page,
    and its timeline records it."""
    sign_in(browser, demo["url"], "engineer", demo["passwords"]["engineer"])
    browser.get(demo["url"] + "/patching/jobs")
    column = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=col-submitted]")
    click_and_wait(browser, column.find_element(By.PARTIAL_LINK_TEXT, "EMERGENCY: log4j-core"))
    job_url = browser.current_url
    assert not browser.find_elements(By.CSS_SELECTOR, f"form[action$='/approve']"), "an engineer has no approve form"
    sign_in(browser, demo["url"], "admin", demo["passwords"]["admin"])
    browser.get(job_url)
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/approve']")
    form.find_element(By.NAME, "comment").send_keys("KEV: go tonight")
    click_and_wait(browser, form.find_element(By.TAG_NAME, "button"))
    assert "Approved (1 of 1)" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    timeline = browser.find_element(By.CSS_SELECTOR, "#timeline").text
    assert "KEV: go tonight" in timeline and "emergency" in timeline, timeline
    assert "Approved" in browser.find_element(By.CSS_SELECTOR, "main .card dl").text


def test_an_engineer_makes_a_job_for_every_asset_with_a_tag_from_the_plan(demo, browser):
    """The plan of every asset offers a job for a group of assets: by the tag `edge`, the job takes the plan lines of
    the edge hosts only; without any of tag, owner and environment it is refused with a notice."""
    sign_in(browser, demo["url"], "engineer", demo["passwords"]["engineer"])
    browser.get(demo["url"] + "/patching")
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/patching/jobs']")
    form.find_element(By.NAME, "title").send_keys("Everything")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "choose the assets by tag, owner or environment" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/patching/jobs']")
    form.find_element(By.NAME, "tag").send_keys("edge")
    form.find_element(By.NAME, "title").send_keys("Edge hosts")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "/patching/jobs/" in browser.current_url and browser.find_element(By.TAG_NAME, "h1").text == "Edge hosts"
    token = demo_token(demo)
    job_id = urllib.parse.urlsplit(browser.current_url).path.rstrip("/").split("/")[-1]
    request = urllib.request.Request(demo["url"] + f"/api/v1/patch-jobs/{job_id}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as answer:
        job = json.loads(answer.read())
    names = {asset["asset_name"] for asset in job["assets"]}
    assert names and names <= {"vpn-01", "mail-gw-01", "bastion-01"}, names
    assert job["status"] == "draft" and {line["asset_name"] for line in job["lines"]} == names


def test_an_employee_reviews_the_access_given_to_them_by_keyboard(demo, browser):
    """The demo's CRM campaign waits for Mia Chen (the employee): her dashboard says so, /reviews lists her eight items
    (each role of the CRM's five accounts)
    and nothing of anyone else's, she revokes one with the keyboard alone (focus the decision, choose, type the reason,
    Enter), and governance's own pages stay closed to her."""
    sign_in(browser, demo["url"], "employee", demo["passwords"]["employee"])
    card = browser.find_element(By.XPATH, "//section[contains(@class,'card')][.//h2[normalize-space(.)='Access to review']]")
    assert "8 to decide" in card.text, card.text
    click_and_wait(browser, card.find_element(By.LINK_TEXT, "8 to decide"))
    items = browser.find_elements(By.CSS_SELECTOR, "ul.review-items > li")
    assert len(items) == 8 and any("kenji.watanabe" in item.text for item in items), [item.text for item in items]
    assert "Privileged access" not in browser.find_element(By.TAG_NAME, "main").text, "only her own campaign"
    kenji = next(item for item in items if "kenji.watanabe" in item.text)
    decision = kenji.find_element(By.CSS_SELECTOR, "select[name=decision]")
    decision.send_keys("r")  # a select takes the first option starting with the key typed: revoke
    decision.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("name") == "comment", "the comment follows the decision in tab order"
    page = browser.find_element(By.TAG_NAME, "html")
    focused.send_keys("on leave since October; re-request on return", Keys.ENTER)
    WebDriverWait(browser, 30).until(staleness_of(page))
    assert "kenji.watanabe: revoke." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    kenji = next(item for item in browser.find_elements(By.CSS_SELECTOR, "ul.review-items > li") if "kenji.watanabe" in item.text)
    assert "awaiting import" in kenji.text and not kenji.find_elements(By.CSS_SELECTOR, "form"), kenji.text
    browser.get(demo["url"] + "/access/reviews")
    assert "403" in browser.find_element(By.TAG_NAME, "h1").text


def test_an_employee_decides_ticked_items_at_once(demo, browser):
    """After the keyboard test: Mia Chen ticks two of her pending items in the list she sees and keeps both with one
    reason; the others stay pending, and a tick with no reason for privileged access would have been refused."""
    sign_in(browser, demo["url"], "employee", demo["passwords"]["employee"])
    browser.get(demo["url"] + "/reviews")
    boxes = browser.find_elements(By.CSS_SELECTOR, "ul.review-items input[type=checkbox][name=item_ids]")
    assert len(boxes) == 7, "the seven still pending, each with its box"
    for box in boxes[:2]:
        box.click()
    form = browser.find_element(By.CSS_SELECTOR, "form.bulk")
    form.find_element(By.CSS_SELECTOR, "select[name=decision]").send_keys("k")
    form.find_element(By.CSS_SELECTOR, "input[name=comment]").send_keys("needed for the quarter close")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, ".notice").text.startswith("2 decided"), browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "ul.review-items input[type=checkbox][name=item_ids]")) == 5


def test_the_orphans_login_last_night_is_on_its_page_and_raised_as_an_alert(demo, browser):
    """jdoe-admin (web-prod-01, orphaned, in sudo) logged in last night from a Tor exit address: the server's login
    pass took it from the stored sshd event — the account page lists that login, and the alerts hold one critical
    alert for it."""
    sign_in(browser, demo["url"], "admin", demo["passwords"]["admin"])
    browser.get(demo["url"] + "/access/accounts?q=jdoe-admin")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table a[href^='/access/accounts/']"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "Recent logins in the logs" in main and "185.220.101.4" in main and "ssh_login" in main, main
    title = "Login by an orphaned account: jdoe-admin on web-prod-01"
    for _ in range(60):
        browser.get(demo["url"] + "/alerts?rule_id=bulwark-access-login")
        if title in browser.find_element(By.TAG_NAME, "main").text:
            break
        time.sleep(1)
    assert title in browser.find_element(By.TAG_NAME, "main").text
