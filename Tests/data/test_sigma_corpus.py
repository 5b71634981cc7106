"""SigmaHQ's whole rule set over real events: loading, the regression corpus against the pySigma reference, and
the same rules run live by the server over ingested events."""
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import BINARY, SHARED

SIGMA = SHARED / "sigma"
RULE_DIRS = [SIGMA / "rules", SIGMA / "rules-emerging-threats", SIGMA / "rules-threat-hunting"]
REGRESSION = SHARED / "events" / "sigma-regression.jsonl.gz"
ORACLE = SHARED / "events" / "oracle" / "reg.matching.jsonl.gz"


def run(*args, check_code=None, **kwargs):
    result = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=1800, **kwargs)
    if check_code is not None:
        assert result.returncode == check_code, result.stderr[-3000:]
    return result


def rule_args():
    return [arg for directory in RULE_DIRS for arg in ("--rules", directory)]


def regression_events():
    with gzip.open(REGRESSION, "rt") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_check_loads_every_file_and_names_each_invalid_rule():
    result = run("sigma", "check", *RULE_DIRS, check_code=2)
    files = sum(1 for directory in RULE_DIRS for _ in directory.rglob("*.yml"))
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"{files} files: "), summary
    errors = [line for line in result.stderr.splitlines()[:-1] if line.strip()]
    # The only rules SigmaHQ ships that cannot run as written use an |expand placeholder nobody defined.
    assert len(errors) == 2, errors
    for line in errors:
        assert re.match(r".+\.yml:\d+: .*unknown placeholder '%known_cdcs%'", line), line


def test_check_passes_once_the_placeholder_is_defined(tmp_path):
    config = tmp_path / "detection.yml"
    config.write_text("placeholders:\n  known_cdcs: ['CN=Legit CDC*']\n")
    result = run("sigma", "check", "--config", config, *RULE_DIRS, check_code=0)
    assert " 0 invalid" in result.stderr


@pytest.fixture(scope="module")
def evaluated():
    result = run("sigma", "eval", *rule_args(), "--events", REGRESSION, check_code=1)  # 1: the two placeholder rules are left out
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return lines, result.stderr


def test_every_regression_sample_fires_its_rule(evaluated):
    lines, _ = evaluated
    events = regression_events()
    fired = {(line["rule_id"], line["event"]) for line in lines if "rule_id" in line}
    samples = {}
    for index, event in enumerate(events):
        samples.setdefault((event["_expected_rule_id"], event["_source"]), []).append(index)
    missing = [key for key, indexes in samples.items() if not any((key[0], i) in fired for i in indexes)]
    assert len(samples) == 202
    assert missing == []


def test_output_equals_the_pysigma_reference(evaluated):
    lines, _ = evaluated
    ours = {(line["rule_id"], line["event"]) for line in lines if "rule_id" in line}
    reference = set()
    with gzip.open(ORACLE, "rt") as rows:
        for row in rows:
            record = json.loads(row)
            reference |= {(record["rule_id"], index) for index in record["matches"]}
    assert len(reference) == 352
    assert ours - reference == set(), "matches the reference does not have"
    assert reference - ours == set(), "reference matches Bulwark misses"


def test_output_lines_are_exactly_the_documented_shape_in_event_order(evaluated):
    lines, stderr = evaluated
    assert lines, "matches expected"
    for line in lines:
        assert list(line.keys()) == ["rule_id", "title", "level", "event"]
    assert [line["event"] for line in lines] == sorted(line["event"] for line in lines)
    assert "events: 238, matches: 352" in stderr


def test_all_windows_rules_over_the_attack_samples_without_errors():
    events = SHARED / "events" / "evtx-attack-samples.jsonl.gz"
    result = run("sigma", "eval", "--rules", SIGMA / "rules" / "windows", "--events", events, check_code=0)
    assert "events: 8255," in result.stderr
    matches = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(matches) > 500
    assert {line["level"] for line in matches} <= {"informational", "low", "medium", "high", "critical"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_server_runs_the_same_rules_live(tmp_path):
    """The regression events ingested into a data directory; the server, started with SigmaHQ's rules, evaluates
    them (they were stored before it ran) and raises an alert for every sample's rule."""
    data = tmp_path / "data"
    run("ingest", "--format", "json", "--data", data, REGRESSION, check_code=0)
    run("admin", "create-user", "--data", data, "--username", "ana", "--role", "analyst", "--password-stdin", input="correct horse battery staple\n", check_code=0)
    token = run("admin", "create-token", "--data", data, "--username", "ana", "--scope", "read", check_code=0).stdout.strip().split()[-1]
    port = free_port()
    server = subprocess.Popen([str(BINARY), "serve", "--data", str(data), "--http", f"127.0.0.1:{port}", *map(str, rule_args())],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        expected = {event["_expected_rule_id"] for event in regression_events()}
        seen = set()
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                seen = set()
                cursor = ""
                while True:
                    url = f"http://127.0.0.1:{port}/api/v1/alerts?status=new,acknowledged,closed&limit=500" + (f"&cursor={cursor}" if cursor else "")
                    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
                    page = json.load(urllib.request.urlopen(request, timeout=10))
                    seen |= {alert["rule_id"] for alert in page["alerts"]}
                    cursor = page["next"]
                    if not cursor:
                        break
                if expected <= seen:
                    break
            except OSError:
                pass
            time.sleep(2)
        assert expected - seen == set()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
