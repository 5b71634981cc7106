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


# Security events that manage accounts and groups (the Subject acts on a target account or a group), as ECS reads them.
ACCOUNT_EVENTS = {4720, 4722, 4723, 4724, 4725, 4726, 4738, 4740, 4741, 4742, 4743, 4765, 4766, 4767, 4780, 4781, 4794, 4798}
MEMBERSHIP_EVENTS = {4728, 4729, 4732, 4733, 4746, 4747, 4751, 4752, 4756, 4757, 4761, 4762}
GROUP_EVENTS = MEMBERSHIP_EVENTS | {
    4727, 4730, 4731, 4734, 4735, 4737, 4744, 4745, 4748, 4749, 4750, 4753, 4754, 4755, 4758, 4759, 4760, 4763, 4764, 4799}


def named(record, field):
    value = record.get(field)
    return value if isinstance(value, str) and value not in ("", "-") else None


def test_account_management_events_name_the_actor_the_target_account_and_the_group(loaded):
    data, records = loaded
    security = [r for r in records if r.get("Channel") == "Security" and int(r["EventID"]) in ACCOUNT_EVENTS | GROUP_EVENTS]
    by_id = collections.defaultdict(list)
    for record in security:
        by_id[int(record["EventID"])].append(record)
    assert len(by_id) >= 5, f"the corpus holds account-management events: {sorted(by_id)}"
    checked = []
    for event_id, events in sorted(by_id.items()):
        actors = collections.Counter(named(r, "SubjectUserName").lower() for r in events if named(r, "SubjectUserName"))
        assert total(data, f"event.code:{event_id} AND user.name:*") == sum(actors.values()), event_id
        actor, count = actors.most_common(1)[0]
        assert total(data, f'event.code:{event_id} AND user.name:"{actor}"') == count, (event_id, actor)
        if event_id in ACCOUNT_EVENTS:
            targets = [r for r in events if named(r, "TargetUserName") or named(r, "NewTargetUserName")]
            assert total(data, f"event.code:{event_id} AND user.target.name:*") == len(targets), event_id
            assert total(data, f"event.code:{event_id} AND group.name:*") == 0, event_id
        else:
            groups = collections.Counter(named(r, "TargetUserName").lower() for r in events if named(r, "TargetUserName"))
            assert total(data, f"event.code:{event_id} AND group.name:*") == sum(groups.values()), event_id
            group, count = groups.most_common(1)[0]
            assert total(data, f'event.code:{event_id} AND group.name:"{group}"') == count, (event_id, group)
            members = [r for r in events if event_id in MEMBERSHIP_EVENTS and named(r, "MemberName")]
            assert total(data, f"event.code:{event_id} AND user.target.name:*") == len(members), event_id
        checked.append(event_id)
    assert {4720, 4728, 4732, 4756} <= set(checked), checked
