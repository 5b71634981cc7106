"""The web UI and the server process, as a user meets them: a real binary, a real browser."""
import json
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from openapi_spec_validator import validate
from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS, BINARY, Running


def replaced(page):
    """Whether `page` (an element of the old document) is gone. Chromedriver reports a replaced node either as
    stale or as 'does not belong to the document'; both mean the new page is there."""
    def check(_):
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return check


def click_and_wait(browser, element):
    """Clicks and waits until the browser has replaced the page (a debug build on a busy machine can be slow)."""
    page = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 30).until(replaced(page))


def open_tab(browser, title):
    """Opens a section of the case page by its tab."""
    tab = browser.find_element(By.XPATH, f"//nav[@class='case-tabs']//a[starts-with(normalize-space(.), '{title}')]")
    tab.click()
    section = browser.find_element(By.ID, tab.get_attribute("href").split("#")[1])
    assert section.is_displayed(), title


def sign_in(browser, url, username, password):
    browser.delete_all_cookies()
    browser.get(url + "/")
    assert "/login" in browser.current_url, "an anonymous visitor is sent to sign in"
    browser.find_element(By.ID, "f-username").send_keys(username)
    browser.find_element(By.ID, "f-password").send_keys(password)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]"))


def nav_items(browser):
    return [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav a")]


def test_admin_signs_in_browses_and_signs_out(demo, browser):
    sign_in(browser, demo["url"], "admin", demo["passwords"]["admin"])
    assert browser.find_element(By.TAG_NAME, "h1").text == "Dashboard"
    assert nav_items(browser) == ["Dashboard", "Monitoring", "Alerts", "Incidents", "Vulnerabilities", "Patching", "Access",
                                  "Awareness", "Compliance", "Reports", "Inventory", "Admin"]
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart"), "the dashboard draws its chart"
    browser.save_screenshot(str(ARTIFACTS / "dashboard.png"))

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Inventory"))
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.list td:first-child")]
    assert "web-prod-01" in cells
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "web-prod-01"))
    assert browser.find_element(By.ID, "f-criticality").get_attribute("value") == "critical"
    browser.save_screenshot(str(ARTIFACTS / "asset.png"))

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Vulnerabilities"))
    assert "open findings" in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(ARTIFACTS / "vulnerabilities.png"))

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Patching"))
    assert "Remediation plan" in browser.find_element(By.TAG_NAME, "h1").text
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Jobs"))
    columns = [h.text.rsplit(" ", 1)[0] for h in browser.find_elements(By.CSS_SELECTOR, ".board-column h2")]
    assert columns == ["Draft", "Submitted", "Approved", "Scheduled", "In progress", "Applied", "Verified", "Failed", "Rolled back", "Cancelled"]
    browser.save_screenshot(str(ARTIFACTS / "patch-jobs.png"))

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Admin"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Users"
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Audit log"))
    actions = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "table.audit td:nth-child(3)")]
    assert "auth.login" in actions, "the sign-in itself is in the audit log"
    browser.save_screenshot(str(ARTIFACTS / "audit.png"))

    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
    assert "/login" in browser.current_url
    browser.get(demo["url"] + "/assets")
    assert "/login" in browser.current_url, "the session ended"


def test_wrong_password_is_refused_with_a_message(demo, browser):
    sign_in(browser, demo["url"], "analyst", "not the password")
    assert "/login" in browser.current_url
    assert "wrong username or password" in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text


def test_employee_sees_only_their_own_areas(demo, browser):
    sign_in(browser, demo["url"], "employee", demo["passwords"]["employee"])
    assert nav_items(browser) == ["Dashboard", "Awareness"]
    browser.get(demo["url"] + "/assets")
    assert "403" in browser.find_element(By.TAG_NAME, "h1").text


def test_create_asset_through_the_form(demo, browser):
    sign_in(browser, demo["url"], "engineer", demo["passwords"]["engineer"])
    browser.get(demo["url"] + "/assets/new")
    browser.find_element(By.ID, "f-name").send_keys("e2e-host-01")
    browser.find_element(By.ID, "f-ips").send_keys("10.99.0.1, 2001:db8::99")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "e2e-host-01"
    assert "Created." in browser.find_element(By.CSS_SELECTOR, "[role=status]").text


def test_openapi_document_is_valid_openapi(demo):
    with urllib.request.urlopen(demo["url"] + "/api/v1/openapi.json") as response:
        document = json.load(response)
    validate(document)
    assert "/api/v1/assets/{id}" in document["paths"]


def test_serve_bootstraps_the_first_admin_and_cli_works_while_it_runs(tmp_path):
    server = Running(["serve", "--data", str(tmp_path), "--http", "127.0.0.1:0"],
                     env={"BULWARK_BOOTSTRAP_ADMIN_PASSWORD": "a long first password 1"})
    try:
        url = server.wait_for(r"url=(http://\S+)").group(1)
        token = subprocess.run([str(BINARY), "admin", "create-token", "--data", str(tmp_path), "--username", "admin", "--scope", "read"],
                               check=True, capture_output=True, text=True).stdout.strip()
        request = urllib.request.Request(url + "/api/v1/me", headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request) as response:
            me = json.load(response)
        assert me["user"]["username"] == "admin"
        assert me["authenticated_by"] == "token"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(url + "/api/v1/users", headers={"Authorization": "Bearer " + token}))
        assert refused.value.code == 403, "a read token cannot manage users, even an admin's"
    finally:
        assert server.stop() == 0


POSTGRES_URL = os.environ.get("BULWARK_TEST_POSTGRES_URL")

if POSTGRES_URL:  # CI starts a PostgreSQL server; this test exists only where one is given.
    def test_serve_on_postgresql(tmp_path):
        username = "pg" + uuid.uuid4().hex[:10]
        created = subprocess.run([str(BINARY), "admin", "create-user", "--database", POSTGRES_URL, "--username", username, "--role", "auditor"],
                                 check=True, capture_output=True, text=True).stdout
        password = re.search(r"password \(shown once\): (\S+)", created).group(1)
        server = Running(["serve", "--data", str(tmp_path), "--database", POSTGRES_URL, "--http", "127.0.0.1:0"])
        try:
            url = server.wait_for(r"url=(http://\S+)").group(1)
            with urllib.request.urlopen(url + "/readyz") as response:
                assert json.load(response)["status"] == "ready"
            browser_less_login = urllib.request.Request(url + "/login")
            with urllib.request.urlopen(browser_less_login) as response:
                page = response.read().decode()
                cookie = response.headers["Set-Cookie"].split(";")[0]
            token = re.search(r'name="_login" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"_login": token, "username": username, "password": password, "next": "/"}).encode()
            opener = urllib.request.build_opener(NoRedirect)
            with pytest.raises(urllib.error.HTTPError) as redirected:
                opener.open(urllib.request.Request(url + "/login", data=form, headers={"Cookie": cookie}))
            assert redirected.value.code == 303
            assert "bulwark_session=" in redirected.value.headers["Set-Cookie"]
        finally:
            assert server.stop() == 0
        assert not (tmp_path / "bulwark.sqlite").exists(), "with --database no SQLite file is made"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_json_logs_are_one_object_per_line(tmp_path):
    server = Running(["serve", "--data", str(tmp_path), "--http", "127.0.0.1:0"], env={"BULWARK_LOG_FORMAT": "json"})
    try:
        match = server.wait_for(r'"url":"(http://[^"]+)"')
        urllib.request.urlopen(match.group(1) + "/healthz").read()
        server.wait_for(r'"path":"/healthz"')
    finally:
        assert server.stop() == 0
    records = [json.loads(line) for line in server.stderr_text if line.strip()]
    access = [r for r in records if r.get("message") == "request" and r.get("path") == "/healthz"]
    assert access and access[0]["status"] == "200" and access[0]["method"] == "GET" and access[0]["request_id"]
    assert any(r["message"] == "stopped" for r in records)


def totp(secret, at):
    """RFC 6238 with SHA-1, 6 digits, 30-second steps: what an authenticator app computes."""
    import base64, hashlib, hmac, struct
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def test_mfa_enrolment_by_scanning_the_qr_code(demo, browser):
    import time
    sign_in(browser, demo["url"], "manager", demo["passwords"]["manager"])
    browser.get(demo["url"] + "/account/mfa")
    qr = browser.find_element(By.CSS_SELECTOR, "svg.qr")
    shot = ARTIFACTS / "mfa-qr.png"
    qr.screenshot(str(shot))
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True, check=True).stdout.strip()
    assert scanned.startswith("otpauth://totp/Bulwark%3Amanager?secret="), scanned
    secret = urllib.parse.parse_qs(urllib.parse.urlparse(scanned).query)["secret"][0]
    assert secret == browser.find_element(By.ID, "mfa-secret").text.replace(" ", "")
    browser.find_element(By.ID, "f-code").send_keys(totp(secret, time.time()))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Two-factor authentication is on"
    codes = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "ul.recovery-codes code")]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{5}-[a-z0-9]{5}", c) for c in codes), codes
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "I have saved them — continue"))
    assert "10 of 10 recovery codes left" in browser.find_element(By.TAG_NAME, "main").text

    sign_in(browser, demo["url"], "manager", demo["passwords"]["manager"])
    assert "/login/mfa" in browser.current_url, "the password alone no longer signs in"
    browser.find_element(By.ID, "f-code").send_keys(totp(secret, time.time() + 30))  # the next step: the last code was used
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Dashboard"

    # The phone is lost: a recovery code signs in, once.
    for attempt in range(2):
        sign_in(browser, demo["url"], "manager", demo["passwords"]["manager"])
        browser.find_element(By.ID, "f-code").send_keys(codes[3])
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        if attempt == 0:
            assert browser.find_element(By.TAG_NAME, "h1").text == "Dashboard"
        else:
            assert "/login/mfa" in browser.current_url, "a used recovery code does not work again"
    browser.delete_all_cookies()


def test_event_search_in_the_browser(demo, browser):
    """An analyst searches the demo's logs, reads an event, filters by clicking a value, and checks the sources."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/monitoring")
    box = browser.find_element(By.NAME, "q")
    box.send_keys('process.name:sshd AND source.ip:198.51.100.23 AND event.outcome:failure')
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]"))
    summary = browser.find_element(By.CSS_SELECTOR, "p.summary").text
    assert summary.startswith("61 events match"), summary
    assert browser.find_elements(By.CSS_SELECTOR, "figure.histogram svg rect.bar"), "the histogram is drawn"
    first = browser.find_element(By.CSS_SELECTOR, "table.events td > details")
    first.find_element(By.TAG_NAME, "summary").click()
    assert "Failed password" in first.find_element(By.CSS_SELECTOR, "pre.raw").text
    link = first.find_element(By.XPATH, ".//th[text()='user.name']/following-sibling::td//a")
    user = link.text
    click_and_wait(browser, link)
    assert browser.find_element(By.NAME, "q").get_attribute("value").endswith(f'AND user.name:"{user}"')
    assert re.match(r"\d+ events? match", browser.find_element(By.CSS_SELECTOR, "p.summary").text)
    # A query error points at its place.
    box = browser.find_element(By.NAME, "q")
    box.clear()
    box.send_keys("sshd AND (failed")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]"))
    assert "Query error at position 10" in browser.find_element(By.CSS_SELECTOR, ".flash.error").text
    browser.get(demo["url"] + "/monitoring/sources")
    row = browser.find_element(By.XPATH, "//table[contains(@class,'sources')]//tr[td/a[text()='print-srv-01']]")
    assert "Silent since" in row.text, "the print server stopped sending three hours ago"
    browser.save_screenshot(str(ARTIFACTS / "monitoring-sources.png"))
