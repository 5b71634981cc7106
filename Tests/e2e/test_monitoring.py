"""Monitoring end to end: real senders (logger, rsyslog, curl, a TLS client) into the real server, found by search."""
import gzip
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from conftest import BINARY, Running

ADMIN_PASSWORD = "e2e-Monitoring-Boot-Pass-1"


def cli(*args, check=True, stdin=None):
    result = subprocess.run([str(BINARY), *args], capture_output=True, text=True, input=stdin, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def token_for(data, username, role, *scopes):
    cli("admin", "create-user", "--data", str(data), "--username", username, "--role", role)
    out = cli("admin", "create-token", "--data", str(data), "--username", username, *sum((["--scope", s] for s in scopes), []))
    return re.search(r"bwk_\S+", out.stdout + out.stderr).group(0)


class Collector:
    """`bulwark serve` with syslog listeners on free ports, and an ingest+read token."""

    def __init__(self, data, extra=()):
        self.data = data
        self.server = Running(["serve", "--data", str(data), "--http", "127.0.0.1:0", "--syslog-udp", "127.0.0.1:0",
                               "--syslog-tcp", "127.0.0.1:0", *extra], env={"BULWARK_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD})
        self.ports = {}
        self.url = None
        wanted = 3 + sum(1 for arg in extra if arg == "--syslog-tls")
        while len(self.ports) + (1 if self.url else 0) < wanted:
            match = self.server.wait_for(r"address=127\.0\.0\.1:(\d+) input=(syslog-\w+)|url=(http://\S+)")
            if match.group(3):
                self.url = match.group(3)
            else:
                self.ports[match.group(2)] = int(match.group(1))

    def search(self, query, token, expected=None, timeout=20):
        """The search answer; with `expected`, polls until that many events match (syslog is not acknowledged)."""
        deadline = time.time() + timeout
        while True:
            request = urllib.request.Request(f"{self.url}/api/v1/events?" + urllib.parse.urlencode({"q": query, "limit": 500}),
                                             headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request) as response:
                body = json.load(response)
            if expected is None or body["total"] == expected or time.time() > deadline:
                return body
            time.sleep(0.2)

    def metric(self, token, name):
        request = urllib.request.Request(f"{self.url}/metrics", headers={"Authorization": f"Bearer {token}"})
        text = urllib.request.urlopen(request).read().decode()
        return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name))


@pytest.fixture
def collector(tmp_path):
    node = Collector(tmp_path / "data")
    node.token = token_for(node.data, "shipper", "engineer", "ingest", "read")
    node.admin = token_for(node.data, "ops", "admin", "admin")
    yield node
    assert node.server.stop() == 0, "".join(node.server.stderr_text)


def logger(*args, stdin=None):
    subprocess.run(["logger", *args], check=True, input=stdin, text=True, timeout=60)


def test_logger_over_udp_rfc5424_and_rfc3164(collector):
    port = str(collector.ports["syslog-udp"])
    logger("-n", "127.0.0.1", "-P", port, "-d", "--rfc5424", "-t", "sshd", "-p", "auth.warning", "--msgid", "LOGIN",
           "Failed password for root from 10.0.0.5 port 4242 ssh2")
    logger("-n", "127.0.0.1", "-P", port, "-d", "--rfc3164", "-t", "sudo", "-p", "authpriv.notice",
           "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id")
    body = collector.search("process.name:sshd AND event.outcome:failure AND source.ip:10.0.0.5", collector.token, expected=1)
    assert body["total"] == 1
    fields = body["events"][0]["fields"]
    assert fields["log.syslog.msgid"] == "LOGIN" and fields["user.name"] == "root" and body["events"][0]["input"] == "syslog-udp"
    body = collector.search("event.action:sudo AND user.effective.name:root", collector.token, expected=1)
    assert body["events"][0]["fields"]["process.command_line"] == "/usr/bin/id"
    assert body["events"][0]["fields"]["log.syslog.format"] == "rfc3164"


def test_logger_over_tcp_in_both_framings(collector):
    port = str(collector.ports["syslog-tcp"])
    tag = "t" + uuid.uuid4().hex[:8]
    lines = "\n".join(f"message number {i} of {tag}" for i in range(300)) + "\n"
    logger("-n", "127.0.0.1", "-P", port, "-T", "--rfc5424", "-t", tag + "lf", stdin=lines)
    logger("-n", "127.0.0.1", "-P", port, "-T", "--rfc5424", "--octet-count", "--id=4242", "-t", tag + "oc", stdin=lines)
    assert collector.search(f"process.name:{tag}lf", collector.token, expected=300)["total"] == 300
    body = collector.search(f"process.name:{tag}oc", collector.token, expected=300)
    assert body["total"] == 300
    assert {event["fields"]["process.pid"] for event in body["events"]} == {4242}
    assert collector.search(f'"message number 299 of {tag}"', collector.token)["total"] == 2


def test_rsyslog_forwards_a_file(collector, tmp_path):
    work = tmp_path / "rs"
    (work / "work").mkdir(parents=True)
    source = work / "input.log"
    source.write_text("")
    config = work / "fwd.conf"
    config.write_text(f"""
global(workDirectory="{work}/work")
module(load="imfile" mode="polling" PollingInterval="1")
input(type="imfile" File="{source}" Tag="app:" Facility="local3" Severity="notice")
if $syslogtag startswith "app" then {{
  action(type="omfwd" target="127.0.0.1" port="{collector.ports['syslog-tcp']}" protocol="tcp" TCP_Framing="octet-counted"
         template="RSYSLOG_SyslogProtocol23Format" action.resumeRetryCount="-1" action.resumeInterval="1")
}}
""")
    subprocess.run(["rsyslogd", "-N1", "-f", str(config)], check=True, capture_output=True)
    rsyslog = subprocess.Popen(["rsyslogd", "-n", "-f", str(config), "-i", str(work / "rsyslogd.pid")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with source.open("a") as log:
            for i in range(50):
                log.write(f"Accepted password for user{i} from 192.0.2.{i} port {1000 + i} ssh2 via rsyslog\n")
        body = collector.search('"via rsyslog"', collector.token, expected=50, timeout=30)
        assert body["total"] == 50
        event = body["events"][0]
        assert event["fields"]["log.syslog.facility.name"] == "local3"
        assert event["fields"]["log.syslog.format"] == "rfc5424"
        assert event["fields"]["process.name"] == "app"
    finally:
        rsyslog.send_signal(signal.SIGTERM)
        rsyslog.wait(timeout=30)


def curl(*args):
    result = subprocess.run(["curl", "-sS", "-w", "\n%{http_code}", *args], capture_output=True, text=True, timeout=60, check=True)
    body, _, status = result.stdout.rpartition("\n")
    return int(status), (json.loads(body) if body.strip() else None)


def test_http_endpoints_with_curl(collector, tmp_path):
    url, token = collector.url, collector.token
    ndjson = tmp_path / "events.ndjson.gz"
    with gzip.open(ndjson, "wt") as out:
        for i in range(100):
            out.write(json.dumps({"message": f"curl event {i}", "host": "curl-host", "user": f"u{i}"}) + "\n")
        out.write("this line is not JSON\n")
    status, body = curl("-H", f"Authorization: Bearer {token}", "-H", "Content-Encoding: gzip", "--data-binary", f"@{ndjson}", f"{url}/api/v1/ingest")
    assert status == 200 and body["accepted"] == 100 and body["rejected"] == 1 and body["errors"][0]["line"] == 101
    assert collector.search("host.name:curl-host", token)["total"] == 100, "acknowledged means searchable"

    bulk = "".join(json.dumps(line) + "\n" for line in [{"index": {"_index": "filebeat"}}, {"message": "bulk one"}, {"create": {}}, {"message": "bulk two"}])
    status, body = curl("-u", f"elastic:{token}", "-H", "Content-Type: application/x-ndjson", "--data-binary", bulk, f"{url}/logs-app/_bulk")
    assert status == 200 and body["errors"] is False and [list(item.values())[0]["status"] for item in body["items"]] == [201, 201]
    status, body = curl("-H", f"Authorization: Splunk {token}", "--data-binary", '{"event":"hec one","host":"hec-h"}{"event":{"message":"hec two"}}', f"{url}/services/collector/event")
    assert status == 200 and body == {"text": "Success", "code": 0}
    status, body = curl("-H", f"Authorization: Splunk {token}", "--data-binary", "raw a\nraw b\n", f"{url}/services/collector/raw?host=raw-h")
    assert status == 200
    assert collector.search("bulk OR hec OR raw", token)["total"] == 6
    status, _ = curl("-H", "Authorization: Bearer bwk_wrong", "--data-binary", "{}", f"{url}/api/v1/ingest")
    assert status == 401
    # Each input counts what it received, for /metrics.
    assert collector.metric(collector.admin, 'bulwark_events_received_total{input="http"}') == 100
    assert collector.metric(collector.admin, 'bulwark_events_rejected_total{input="http"}') == 1
    assert collector.metric(collector.admin, 'bulwark_events_received_total{input="elasticsearch"}') == 2
    assert collector.metric(collector.admin, 'bulwark_events_received_total{input="splunk-hec"}') == 4
    # Detection saw every stored event, and how long after receipt.
    deadline = time.time() + 30
    while collector.metric(collector.admin, "bulwark_detection_delay_seconds_count") < 106 and time.time() < deadline:
        time.sleep(0.1)
    assert collector.metric(collector.admin, "bulwark_detection_events_total") == 106
    assert collector.metric(collector.admin, "bulwark_detection_delay_seconds_count") == 106
    assert collector.metric(collector.admin, "bulwark_detection_delay_seconds_sum") > 0


def test_syslog_over_tls(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                    "-subj", "/CN=localhost"], check=True, capture_output=True)
    node = Collector(tmp_path / "data", extra=("--syslog-tls", "127.0.0.1:0", "--tls-cert", str(cert), "--tls-key", str(key)))
    try:
        token = token_for(node.data, "shipper", "engineer", "ingest", "read")
        context = ssl.create_default_context(cafile=str(cert))
        with socket.create_connection(("127.0.0.1", node.ports["syslog-tls"])) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                for i in range(20):
                    message = f"<38>1 2026-11-29T00:00:00Z tls-host sshd 1 - - Failed password for root from 198.51.100.{i} port 22 ssh2".encode()
                    tls.sendall(str(len(message)).encode() + b" " + message)
        body = node.search("host.name:tls-host AND event.outcome:failure", token, expected=20)
        assert body["total"] == 20 and body["events"][0]["input"] == "syslog-tls"
    finally:
        assert node.server.stop() == 0


def test_acknowledged_events_survive_kill_9(tmp_path):
    node = Collector(tmp_path / "data")
    token = token_for(node.data, "shipper", "engineer", "ingest", "read")
    acknowledged = 0
    for batch in range(20):
        lines = "".join(json.dumps({"message": f"durable {batch}-{i}"}) + "\n" for i in range(250))
        status, body = curl("-H", f"Authorization: Bearer {token}", "--data-binary", lines, f"{node.url}/api/v1/ingest")
        assert status == 200
        acknowledged += body["accepted"]
    node.server.proc.send_signal(signal.SIGKILL)
    node.server.proc.wait(timeout=30)
    out = cli("events", "search", "durable", "--data", str(node.data), "--limit", "1")
    assert json.loads(out.stdout)["total"] == acknowledged == 5000


def test_graceful_shutdown_stores_everything_received(tmp_path):
    node = Collector(tmp_path / "data")
    admin = token_for(node.data, "ops", "admin", "admin")
    lines = "".join(f"flush test line {i}\n" for i in range(5000))
    logger("-n", "127.0.0.1", "-P", str(node.ports["syslog-tcp"]), "-T", "--octet-count", "-t", "flush", stdin=lines)
    deadline = time.time() + 30
    while node.metric(admin, 'bulwark_events_received_total{input="syslog-tcp"}') < 5000 and time.time() < deadline:
        time.sleep(0.1)
    assert node.metric(admin, 'bulwark_events_received_total{input="syslog-tcp"}') == 5000, "every message was read"
    assert node.server.stop() == 0
    out = cli("events", "search", "process.name:flush", "--data", str(node.data), "--limit", "1")
    assert json.loads(out.stdout)["total"] == 5000


def test_cli_ingest_search_sources_and_purge(tmp_path):
    data = tmp_path / "data"
    auth_log = tmp_path / "auth.log"
    auth_log.write_text("".join(f"Nov 28 22:00:{i:02d} web-9 sshd[7]: Failed password for invalid user x{i} from 203.0.113.{i} port 22 ssh2\n" for i in range(40)))
    windows = tmp_path / "windows.json.gz"
    with gzip.open(windows, "wt") as out:
        out.write(json.dumps([{"EventID": 4625, "Channel": "Security", "Computer": "DC9", "TimeCreated_SystemTime": "2026-11-28T10:00:00Z",
                               "TargetUserName": "svc", "IpAddress": "10.9.9.9"}] * 3))
    result = cli("ingest", "--data", str(data), str(auth_log), str(windows))
    assert "ingested 43 events from 2 files" in result.stderr
    body = json.loads(cli("events", "search", "event.outcome:failure AND source.ip:203.0.113.*", "--data", str(data)).stdout)
    assert body["total"] == 40 and body["events"][0]["host"] == "web-9"
    assert json.loads(cli("events", "search", "host.name:DC9 AND event.action:logon-failed", "--data", str(data)).stdout)["total"] == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"message":"ok"}\nnot json\n{"message":"ok too"}\n')
    result = cli("ingest", "--format", "json", "--data", str(data), str(bad), check=False)
    assert result.returncode == 1 and f"{bad}:2: not a JSON object" in result.stderr, "a line left out, the rest ingested"
    assert json.loads(cli("events", "search", '"ok too"', "--data", str(data)).stdout)["total"] == 1, "good lines are kept"
    error = cli("events", "search", "a AND (b", "--data", str(data), check=False)
    assert error.returncode == 2 and "position 7" in error.stderr
    sources = cli("events", "sources", "--data", str(data)).stdout
    assert "web-9" in sources and "DC9" in sources
    assert "deleted 43 events" in cli("events", "purge", "--before", "2026-11-29", "--data", str(data)).stdout


def test_cli_ingest_into_a_running_server(collector, tmp_path):
    source = tmp_path / "remote.log"
    source.write_text("Nov 28 22:00:01 h1 sshd[1]: Invalid user bob from 192.0.2.9 port 22\n" + json.dumps({"message": "remote json", "host": "h2"}) + "\n")
    result = cli("ingest", "--server", collector.url, "--token", collector.token, str(source))
    assert "ingested 2 events" in result.stderr
    body = collector.search("event.action:ssh_invalid_user OR host.name:h2", collector.token)
    assert body["total"] == 2 and {event["input"] for event in body["events"]} == {"http"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a":1}\nnot json\n')
    result = cli("ingest", "--format", "json", "--server", collector.url, "--token", collector.token, str(bad), check=False)
    assert result.returncode == 1 and f"{bad}:2: not a JSON object" in result.stderr, "a line left out, the rest ingested"
    denied = cli("ingest", "--server", collector.url, "--token", "bwk_invalid", str(source), check=False)
    assert denied.returncode == 2 and "401" in denied.stderr
