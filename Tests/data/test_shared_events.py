"""Every real Windows event in ../shared/data/events goes in through `bulwark ingest` and comes back by search,
with its ECS fields: counts per query are computed here from the files themselves and compared with Bulwark's."""
import collections
import gzip
import json
import subprocess

import pytest

from conftest import BINARY, SHARED

FILES = ["evtx-attack-samples.jsonl.gz", "evtx-to-mitre-attack.jsonl.gz", "sigma-regression.jsonl.gz"]


def bulwark(*args):
    result = subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def total(data, query):
    return json.loads(bulwark("events", "search", query, "--data", str(data), "--limit", "1").stdout)["total"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    data = tmp_path_factory.mktemp("shared-events")
    paths = [SHARED / "events" / name for name in FILES]
    records = []
    for path in paths:
        with gzip.open(path, "rt") as lines:
            records += [json.loads(line) for line in lines if line.strip()]
    result = bulwark("ingest", "--format", "json", "--data", str(data), *map(str, paths))
    assert f"ingested {len(records)} events" in result.stderr and "0 rejected" in result.stderr
    return data, records


def test_every_event_is_stored_and_searchable(loaded):
    data, records = loaded
    assert total(data, "") == len(records)
    assert total(data, "bulwark.parser:windows_flat") == len(records), "every event is recognised as a flat Windows event"
    assert total(data, "bulwark.timestamp_issue:*") == 0, "every event keeps its own TimeCreated time"


def test_counts_by_event_id_channel_and_host_match_the_files(loaded):
    data, records = loaded
    by_id = collections.Counter(str(record["EventID"]) for record in records)
    for event_id, count in by_id.most_common(8):
        assert total(data, f"event.code:{event_id}") == count, event_id
    by_channel = collections.Counter(record["Channel"] for record in records if "Channel" in record)
    for channel, count in by_channel.most_common(4):
        assert total(data, f'winlog.channel:"{channel}"') == count, channel
    by_host = collections.Counter(record["Computer"] for record in records)
    for host, count in by_host.most_common(4):
        assert total(data, f'host.name:"{host}"') == count, host


def test_ecs_fields_follow_the_original_fields(loaded):
    data, records = loaded
    sysmon_process = [r for r in records if str(r["EventID"]) == "1" and "Sysmon" in r.get("Channel", "")]
    assert total(data, "event.action:process-created") == len(sysmon_process)
    with_command_line = [r for r in sysmon_process if r.get("CommandLine")]
    assert total(data, "event.action:process-created AND process.command_line:*") == len(with_command_line)
    powershell = [r for r in sysmon_process if "powershell" in r.get("Image", "").lower()]
    assert total(data, "event.action:process-created AND process.executable:*powershell*") == len(powershell)
    failed_logons = [r for r in records if str(r["EventID"]) == "4625" and r.get("Channel") == "Security"]
    assert total(data, "event.action:logon-failed AND event.outcome:failure") == len(failed_logons)
