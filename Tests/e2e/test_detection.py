"""Detection as users meet it: `bulwark sigma` in a pipeline, rules run live by the server over syslog from `logger`,
alerts posted to a webhook (signature checked here), and the alert queue in the browser."""
import gzip
import hashlib
import hmac
import http.server
import json
import pathlib
import re
import shutil
import subprocess
import threading
import time
import urllib.request

from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, BINARY, ROOT, Running, smtp_server
from test_monitoring import ADMIN_PASSWORD, logger, token_for
from test_web import click_and_wait, sign_in

FIXTURES = ROOT / "Tests" / "DetectionTests" / "Fixtures" / "sigmahq"


def sigma(*args, stdin=None):
    return subprocess.run([str(BINARY), "sigma", *map(str, args)], capture_output=True, text=True, input=stdin, timeout=300)


def test_sigma_eval_prints_one_exact_line_per_match(tmp_path):
    events = [json.loads(line) for line in (FIXTURES / "events.jsonl").read_text().splitlines()]
    # A gzip file with an unmatched event and a broken line among the real ones.
    lines = [json.dumps({"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": "C:\\x\\calc.exe"}), "{broken"]
    lines += [json.dumps(event) for event in events]
    path = tmp_path / "events.jsonl.gz"
    with gzip.open(path, "wt") as out:
        out.write("\n".join(lines) + "\n")
    result = sigma("eval", "--rules", FIXTURES / "rules", "--events", path)
    assert result.returncode == 1, "an unreadable line is left out and said, the rest is evaluated"
    assert f"{path}:2: not a JSON object" in result.stderr
    matches = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(m["rule_id"], m["event"]) for m in matches] == [(event["_expected_rule_id"], index + 2) for index, event in enumerate(events)]
    assert all(list(m) == ["rule_id", "title", "level", "event"] for m in matches)
    assert "events: 6, matches: 5" in result.stderr
    # Standard input works too, and --no-logsource matches on detection alone.
    piped = sigma("eval", "--rules", FIXTURES / "rules", "--events", "-", "--no-logsource",
                  stdin=json.dumps({"Image": "C:\\Windows\\System32\\reg.exe", "CommandLine": 'reg add "HKLM\\SOFTWARE\\Microsoft\\AMSI\\Providers" /f'}) + "\n")
    assert piped.returncode == 0, piped.stderr


def test_sigma_check_names_each_bad_rule(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(FIXTURES / "rules", rules)
    (rules / "bad_modifier.yml").write_text("title: bad\nlogsource: {product: windows}\ndetection:\n  sel:\n    Image|endswith|sideways: x\n  condition: sel\n")
    (rules / "bad_condition.yml").write_text("title: bad\nlogsource: {product: windows}\ndetection:\n  sel: {A: 1}\n  condition: sel and other\n")
    result = sigma("check", rules)
    assert result.returncode == 2
    assert re.search(r"bad_modifier\.yml:5: .*unknown modifier 'sideways'", result.stderr), result.stderr
    assert re.search(r"bad_condition\.yml:5: .*'other'", result.stderr), result.stderr
    assert "5 valid rules" in result.stderr
    assert sigma("check", FIXTURES / "rules").returncode == 0


class Hooks(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hooks.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


RULE = """title: Root shell through sudo
id: 77777777-7777-4777-8777-777777777777
level: high
tags: [attack.privilege_escalation, attack.t1548.003]
logsource: {product: linux, service: sudo}
detection:
    keywords: ['COMMAND=/bin/bash']
    condition: keywords
"""


def test_syslog_in_alert_out_and_the_signed_webhook(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "sudo.yml").write_text(RULE)
    hooks = http.server.HTTPServer(("127.0.0.1", 0), Hooks)
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    Hooks.received = []
    data = tmp_path / "data"
    server = Running(["serve", "--data", str(data), "--http", "127.0.0.1:0", "--syslog-tcp", "127.0.0.1:0", "--rules", str(rules),
                      "--webhook", f"http://127.0.0.1:{hooks.server_port}/bulwark"],
                     env={"BULWARK_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD, "BULWARK_WEBHOOK_SECRET": "whsec-e2e"})
    port = url = None
    while port is None or url is None:
        match = server.wait_for(r"address=127\.0\.0\.1:(\d+) input=syslog-tcp|url=(http://\S+)")
        if match.group(2):
            url = match.group(2)
        else:
            port = int(match.group(1))
    token = token_for(data, "ana", "analyst", "read", "write")
    try:
        logger("-n", "127.0.0.1", "-P", str(port), "-T", "--rfc3164", "-t", "sudo", "-p", "authpriv.notice",
               "deploy : TTY=pts/3 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash")
        alerts = []
        deadline = time.time() + 30
        while not alerts and time.time() < deadline:
            request = urllib.request.Request(f"{url}/api/v1/alerts", headers={"Authorization": f"Bearer {token}"})
            alerts = json.load(urllib.request.urlopen(request))["alerts"]
            time.sleep(0.3)
        assert len(alerts) == 1
        assert alerts[0]["rule_id"] == "77777777-7777-4777-8777-777777777777"
        assert alerts[0]["user"] == "deploy"
        deadline = time.time() + 30
        while not Hooks.received and time.time() < deadline:
            time.sleep(0.2)
        assert len(Hooks.received) == 1
        headers, body = Hooks.received[0]
        # Verified as a receiver would: the signed time is recent, the HMAC covers "<t>.<body>".
        stamp = headers["X-Bulwark-Timestamp"]
        assert abs(int(stamp) - time.time()) < 300
        expected = f"t={stamp},v1=" + hmac.new(b"whsec-e2e", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Bulwark-Signature"], expected)
        assert json.loads(body)["alert"]["id"] == alerts[0]["id"]
    finally:
        assert server.stop() == 0, "".join(server.stderr_text)
        hooks.shutdown()


def test_alert_triage_in_the_browser(demo, browser):
    """An analyst opens the queue, reads the critical alert with its events, acknowledges it, then closes it."""
    sign_in(browser, demo["url"], "analyst", demo["passwords"]["analyst"])
    browser.get(demo["url"] + "/alerts")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.alerts tbody tr")
    assert len(rows) >= 8, "the demo's story raised its alerts"
    assert browser.execute_script("return document.documentElement.getAttribute('data-enhanced')") == "yes", "bulwark.js ran to its end"
    assert browser.execute_script("return document.querySelector('[data-live-refresh]').getAttribute('data-live-refresh')") == "30"
    link = browser.find_element(By.LINK_TEXT, "Encoded PowerShell started by an Office application")
    click_and_wait(browser, link)
    assert "laptop-fin-014" in browser.find_element(By.TAG_NAME, "main").text
    assert "T1059.001" in browser.find_element(By.TAG_NAME, "main").text, "ATT&CK technique shown"
    summary = browser.find_element(By.CSS_SELECTOR, "table.matched-events td > details > summary")
    assert not summary.text.startswith("{") and "powershell" in summary.text.lower(), f"a line that says what happened: {summary.text!r}"
    width = browser.execute_script("return arguments[0].getBoundingClientRect().width", summary)
    assert width > 400, f"the event column has room at 1280 px: {width}"
    summary.click()
    assert "EXCEL.EXE" in browser.find_element(By.CSS_SELECTOR, "table.matched-events table.fields").text
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Acknowledge']"))
    assert "Saved." in browser.find_element(By.CSS_SELECTOR, ".notice").text
    browser.find_element(By.CSS_SELECTOR, "select[name=close_reason] option[value=true_positive]").click()
    click_and_wait(browser, browser.find_element(By.XPATH, "//form[input[@value='close']]//button[text()='Close']"))
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "closed (true positive)" in text
    assert "by analyst" in text
    browser.save_screenshot(str(ARTIFACTS / "alert-closed.png"))
    browser.get(demo["url"] + "/detection/rules")
    assert "8 running, 0 disabled" in browser.find_element(By.TAG_NAME, "main").text, "6 rules and 2 correlations"
    browser.get(demo["url"] + "/intel")
    assert "203.0.113.66" in browser.find_element(By.TAG_NAME, "main").text


def test_alert_mail_through_a_real_smtp_server(tmp_path):
    """aiosmtpd receives what `serve --smtp --alert-email` sends for a new high alert."""
    with smtp_server() as (smtp_port, received):
        rules = tmp_path / "rules"
        rules.mkdir()
        (rules / "sudo.yml").write_text(RULE)
        data = tmp_path / "data"
        server = Running(["serve", "--data", str(data), "--http", "127.0.0.1:0", "--rules", str(rules), "--smtp", f"smtp://127.0.0.1:{smtp_port}",
                          "--alert-email", "soc@example.com", "--mail-from", "bulwark@example.com"],
                         env={"BULWARK_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD})
        url = server.wait_for(r"url=(http://\S+)").group(1)
        token = token_for(data, "eng", "engineer", "ingest")
        try:
            request = urllib.request.Request(f"{url}/api/v1/ingest", method="POST", headers={"Authorization": f"Bearer {token}"},
                                             data=b'"<85>Nov 28 22:11:00 db-01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash"')
            assert json.load(urllib.request.urlopen(request))["accepted"] == 1
            deadline = time.time() + 30
            while not received and time.time() < deadline:
                time.sleep(0.2)
            assert len(received) == 1
            message = received[0]
            assert message["To"] == "soc@example.com" and message["From"] == "bulwark@example.com"
            assert message["Subject"] == "[Bulwark] HIGH: Root shell through sudo on db-01"
            body = message.get_payload(decode=True).decode()
            assert "Rule: 77777777-7777-4777-8777-777777777777" in body and "User: alice" in body
        finally:
            assert server.stop() == 0, "".join(server.stderr_text)
