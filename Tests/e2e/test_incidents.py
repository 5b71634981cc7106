"""Incident response as users meet it: response actions against a real HTTP server (success, failure, timeout,
second-person approval), automation opening a case from a live alert with a signed webhook notice, mentions and
assignments mailed through a real SMTP server, and an analyst in the browser taking an alert to a case, a task,
evidence, closure and the report."""
import hashlib
import hmac
import http.server
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, Running, smtp_server
from test_detection import RULE
from test_monitoring import ADMIN_PASSWORD, cli, token_for
from test_web import click_and_wait, open_tab, sign_in


def call(url, token, method="GET", body=None):
    """Answers (status, parsed JSON or text)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, method=method, data=data, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.startswith(("{", "[")) else text)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode())


class Firewall(http.server.BaseHTTPRequestHandler):
    """A stand-in for a firewall's API: /block answers 201, /broken 500, /slow never in time."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Firewall.received.append((self.path, dict(self.headers), body))
        if self.path.startswith("/slow"):
            time.sleep(4)
        status = 500 if self.path.startswith("/broken") else 201
        payload = b'{"status":"blocked"}' if status == 201 else b'{"error":"database locked"}'
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def test_response_actions_automation_and_notices_against_real_servers(tmp_path):
    firewall = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Firewall)
    threading.Thread(target=firewall.serve_forever, daemon=True).start()
    Firewall.received = []
    base = f"http://127.0.0.1:{firewall.server_port}"
    (tmp_path / "actions.yml").write_text(f"""actions:
  - id: block-ip
    name: Block IP at the firewall
    url: {base}/block?source=bulwark
    headers: {{Authorization: "Bearer ${{FIREWALL_TOKEN}}"}}
    body: '{{"address": "{{{{value}}}}", "case": "{{{{case}}}}", "by": "{{{{actor}}}}"}}'
    observable_types: [ip]
    requires_approval: true
  - id: broken
    name: Broken integration
    url: {base}/broken
    body: '{{"address": "{{{{value}}}}"}}'
    observable_types: [ip]
  - id: slow
    name: Slow integration
    url: {base}/slow
    body: '{{"address": "{{{{value}}}}"}}'
    observable_types: [ip]
    timeout: 1s
""")
    (tmp_path / "automation.yml").write_text("""rules:
  - name: Root shells
    when: {tag: attack.privilege_escalation, min_severity: high}
    then: {case: extend, group_by: host, playbook: compromised-account, assign: ana, notify: true}
""")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "sudo.yml").write_text(RULE)
    data = tmp_path / "data"
    server = Running(["serve", "--data", str(data), "--http", "127.0.0.1:0", "--rules", str(rules), "--response-actions", str(tmp_path / "actions.yml"),
                      "--case-automation", str(tmp_path / "automation.yml"), "--webhook", f"{base}/hooks"],
                     env={"BULWARK_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD, "FIREWALL_TOKEN": "fw-secret", "BULWARK_WEBHOOK_SECRET": "whsec"})
    url = server.wait_for(r"url=(http://\S+)").group(1)
    ana = token_for(data, "ana", "analyst", "read", "write")
    max_ = token_for(data, "max", "manager", "read", "write")
    ingest = token_for(data, "eng", "engineer", "ingest")
    try:
        status, item = call(f"{url}/api/v1/cases", ana, "POST", {"title": "Scanner became an intruder", "severity": "high"})
        assert status == 201
        case = item["id"]
        status, observable = call(f"{url}/api/v1/cases/{case}/observables", ana, "POST", {"type": "ip", "value": "203.0.113.77", "ioc": True})
        assert status == 201

        # Approval: the requester cannot approve; another person can, and the request reaches the firewall.
        status, run = call(f"{url}/api/v1/cases/{case}/actions", ana, "POST", {"action": "block-ip", "observable_id": observable["id"]})
        assert status == 201 and run["status"] == "pending_approval"
        assert not [r for r in Firewall.received if r[0].startswith("/block")], "nothing sent before approval"
        status, refused = call(f"{url}/api/v1/cases/{case}/actions/{run['id']}/approve", ana, "POST")
        assert status == 409 and "someone other than ana" in refused["error"]["message"]
        status, run = call(f"{url}/api/v1/cases/{case}/actions/{run['id']}/approve", max_, "POST")
        assert status == 200 and run["status"] == "succeeded" and run["response_status"] == 201 and run["decided_by"] == "max"
        path, headers, body = [r for r in Firewall.received if r[0].startswith("/block")][0]
        assert path == "/block?source=bulwark"
        assert headers["Authorization"] == "Bearer fw-secret"
        assert json.loads(body) == {"address": "203.0.113.77", "case": "#1", "by": "ana"}
        assert run["request"]["headers"]["Authorization"] == "***", "the secret is not recorded"

        # Failure and timeout are failures, with the reason.
        status, failed = call(f"{url}/api/v1/cases/{case}/actions", ana, "POST", {"action": "broken", "observable_id": observable["id"]})
        assert status == 201 and failed["status"] == "failed" and failed["response_status"] == 500 and failed["error"] == "HTTP 500"
        assert "database locked" in failed["response_body"]
        started = time.time()
        status, slow = call(f"{url}/api/v1/cases/{case}/actions", ana, "POST", {"action": "slow", "value": "203.0.113.78"})
        assert status == 201 and slow["status"] == "failed" and "timed out" in slow["error"]
        assert time.time() - started < 3.5, "the 1 s timeout, not the server's 4 s"
        status, bad = call(f"{url}/api/v1/cases/{case}/actions", ana, "POST", {"action": "slow", "value": "not-an-ip"})
        assert status == 422

        status, timeline = call(f"{url}/api/v1/cases/{case}/timeline", ana)
        texts = [entry["text"] for entry in timeline["timeline"] if entry["category"] == "action"]
        assert any("approved by max" in t and "succeeded (HTTP 201)" in t for t in texts)
        assert any("Broken integration" in t and "failed: HTTP 500" in t for t in texts)
        assert any("Slow integration" in t and "timed out" in t for t in texts)

        # Automation: a live alert opens a case with the playbook, assigned; a signed webhook says so.
        request = urllib.request.Request(f"{url}/api/v1/ingest", method="POST", headers={"Authorization": f"Bearer {ingest}"},
                                         data=b'"<85>Nov 28 22:11:00 db-01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash"')
        assert json.load(urllib.request.urlopen(request))["accepted"] == 1
        opened = []
        deadline = time.time() + 30
        while not opened and time.time() < deadline:
            opened = [c for c in call(f"{url}/api/v1/cases", ana)[1]["cases"] if c["created_by"] == "automation:Root shells"]
            time.sleep(0.3)
        assert len(opened) == 1
        auto = opened[0]
        assert auto["title"] == "Root shell through sudo on db-01" and auto["assignee"] == "ana" and auto["playbooks"] == ["compromised-account"]
        assert len(auto["alert_ids"]) == 1
        deadline = time.time() + 30
        hooks = []
        while time.time() < deadline:
            hooks = [r for r in Firewall.received if r[0] == "/hooks" and r[1].get("X-Bulwark-Event") == "case.opened"]
            if hooks:
                break
            time.sleep(0.2)
        assert hooks, "the automation rule notified"
        _, headers, body = hooks[0]
        stamp = headers["X-Bulwark-Timestamp"]
        assert hmac.compare_digest(headers["X-Bulwark-Signature"], f"t={stamp},v1=" + hmac.new(b"whsec", stamp.encode() + b"." + body, hashlib.sha256).hexdigest())
        assert json.loads(body)["case"]["id"] == auto["id"]
    finally:
        assert server.stop() == 0, "".join(server.stderr_text)
        firewall.shutdown()


def test_mentions_and_assignments_are_mailed_through_a_real_smtp_server(tmp_path):
    """aiosmtpd receives the mail of a mention and an assignment (to the user's own address)."""
    with smtp_server() as (smtp_port, received):
        data = tmp_path / "data"
        server = Running(["serve", "--data", str(data), "--http", "127.0.0.1:0", "--smtp", f"smtp://127.0.0.1:{smtp_port}", "--mail-from", "bulwark@example.com"],
                         env={"BULWARK_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD})
        url = server.wait_for(r"url=(http://\S+)").group(1)
        cli("admin", "create-user", "--data", str(data), "--username", "max", "--role", "manager", "--email", "max@example.com")
        ana = token_for(data, "ana", "analyst", "read", "write")
        try:
            status, item = call(f"{url}/api/v1/cases", ana, "POST", {"title": "Lost laptop", "severity": "medium"})
            assert status == 201
            call(f"{url}/api/v1/cases/{item['id']}/comments", ana, "POST", {"text": "@max the laptop held payroll exports; do we notify?"})
            call(f"{url}/api/v1/cases/{item['id']}", ana, "PATCH", {"assignee": "max"})
            deadline = time.time() + 30
            while len(received) < 2 and time.time() < deadline:
                time.sleep(0.2)
            subjects = sorted(message["Subject"] for message in received)
            assert subjects == ["[Bulwark] #1 Lost laptop: assigned", "[Bulwark] #1 Lost laptop: mentioned"]
            assert all(message["To"] == "max@example.com" and message["From"] == "bulwark@example.com" for message in received)
            mention = next(m for m in received if m["Subject"].endswith("mentioned")).get_payload(decode=True).decode()
            assert "ana mentioned you on #1: @max the laptop held payroll exports" in mention
        finally:
            assert server.stop() == 0, "".join(server.stderr_text)


def test_alert_to_case_to_report_in_the_browser(demo, browser, tmp_path):
    """An analyst opens a case from an alert, adds a task and finishes it, keeps evidence, closes the case and reads the report."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/incidents")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.cases tbody tr")
    assert len(rows) >= 3, "the demo's open cases"
    assert "GDPR" in browser.find_element(By.CSS_SELECTOR, "table.cases").text, "the breach's clock is shown"
    # Keyboard: j selects the first row, c opens the new-case form.
    browser.find_element(By.TAG_NAME, "body").send_keys("j")
    assert browser.execute_script("return document.querySelector('table.cases tbody tr.selected') !== null")
    browser.find_element(By.TAG_NAME, "body").send_keys("c")
    time.sleep(1)
    assert browser.current_url.endswith("/incidents/new")

    browser.get(demo["url"] + "/alerts?status=new,acknowledged,closed")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Web scanner probing for secrets and admin pages"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Open case"))
    title = browser.find_element(By.ID, "f-title")
    assert title.get_attribute("value") == "Web scanner probing for secrets and admin pages"
    title.clear()
    title.send_keys("Scanner on the public web servers")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Open case']"))
    assert "opened." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    case_url = browser.current_url.split("?")[0]
    # One section at a time: the summary first, each tab opens its own, a form's answer comes back to its tab.
    visible = [s.get_attribute("id") for s in browser.find_elements(By.CSS_SELECTOR, ".case-sections > section") if s.is_displayed()]
    assert visible == ["summary"], visible
    assert "Scanner on the public web servers" in browser.find_element(By.TAG_NAME, "main").text
    open_tab(browser, "Alerts")
    assert "Web scanner probing" in browser.find_element(By.ID, "alerts").text, "the alert is on the case"
    assert not browser.find_element(By.ID, "summary").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".case-tabs a[aria-current=page]").text.startswith("Alerts")

    open_tab(browser, "Tasks")
    form = browser.find_element(By.XPATH, "//form[input[@value='task_add']]")
    form.find_element(By.NAME, "title").send_keys("Check the WAF logs for hits that answered 200")
    click_and_wait(browser, form.find_element(By.TAG_NAME, "button"))
    row = browser.find_element(By.XPATH, "//tr[.//strong[text()='Check the WAF logs for hits that answered 200']]")
    row.find_element(By.CSS_SELECTOR, "select[name=status] option[value=done]").click()
    row.find_element(By.NAME, "log").send_keys("All 404; nothing served.")
    click_and_wait(browser, row.find_element(By.TAG_NAME, "button"))
    row = browser.find_element(By.XPATH, "//tr[.//strong[text()='Check the WAF logs for hits that answered 200']]")
    assert "done" in row.text and "All 404; nothing served." in row.text

    assert browser.find_element(By.ID, "tasks").is_displayed() and urllib.parse.urlparse(browser.current_url).fragment == "tasks"
    assert browser.find_element(By.CSS_SELECTOR, ".case-tabs a[href='#tasks'] .count").text == "1/1"

    open_tab(browser, "Evidence")
    evidence = tmp_path / "waf-export.csv"
    evidence.write_bytes(b"time,path,status\n2026-11-29T10:00:00Z,/.env,404\n")
    upload = browser.find_element(By.XPATH, "//form[contains(@action,'/evidence')]")
    upload.find_element(By.NAME, "file").send_keys(str(evidence))
    click_and_wait(browser, upload.find_element(By.TAG_NAME, "button"))
    digest = hashlib.sha256(evidence.read_bytes()).hexdigest()
    assert digest in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert digest in browser.find_element(By.ID, "evidence").text

    open_tab(browser, "Summary")
    status = browser.find_element(By.XPATH, "//form[input[@value='status']]")
    status.find_element(By.CSS_SELECTOR, "select[name=status] option[value=triage]").click()
    click_and_wait(browser, status.find_element(By.TAG_NAME, "button"))
    status = browser.find_element(By.XPATH, "//form[input[@value='status']]")
    status.find_element(By.CSS_SELECTOR, "select[name=status] option[value=closed]").click()
    status.find_element(By.CSS_SELECTOR, "select[name=resolution] option[value=benign]").click()
    status.find_element(By.NAME, "summary").send_keys("Internet background noise; nothing was served.")
    click_and_wait(browser, status.find_element(By.TAG_NAME, "button"))
    assert "Closed (benign)" in browser.find_element(By.ID, "summary").text
    browser.save_screenshot(str(ARTIFACTS / "case-closed.png"))

    browser.get(case_url)
    report_link = browser.find_element(By.CSS_SELECTOR, "nav.case-tabs").find_element(By.LINK_TEXT, "Report").get_attribute("href")
    browser.get(report_link)
    report = browser.find_element(By.TAG_NAME, "body").text
    assert "Incident report #" in report and "Scanner on the public web servers" in report
    assert "Check the WAF logs for hits that answered 200" in report
    assert digest in report, "evidence hashes are in the report"
    assert "Status triage → closed (benign): Internet background noise; nothing was served." in report
    browser.save_screenshot(str(ARTIFACTS / "case-report.png"))
