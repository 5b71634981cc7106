"""Patch management with real package managers: an old, vulnerable release of a real PyPI package installed in a
virtual environment, inventoried with `pip freeze`, planned, fixed by the job's shell script (and, on a second
environment, by its Ansible playbook run by ansible-playbook and accepted by ansible-lint), inventoried again, and
verified by the server, which closes exactly the job's findings with that inventory as proof."""
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from conftest import BINARY, Running
from test_incidents import call

# idna before 3.7 (CVE-2024-3651, PYSEC-2024-60: quadratic time on crafted input); facts from the OSV record.
ADVISORY = {
    "id": "PYSEC-2024-60", "modified": "2024-07-01T00:00:00Z", "aliases": ["CVE-2024-3651", "GHSA-jjg7-2v4v-x38h"],
    "summary": "idna.encode() takes quadratic time on specially crafted arguments",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "idna"},
                  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.7"}]}]}],
}


@pytest.fixture(scope="module")
def patching(tmp_path_factory):
    """`bulwark demo` checking patch jobs every second; tokens for an engineer and a manager."""
    data = tmp_path_factory.mktemp("patching")
    server = Running(["demo", "--data", str(data), "--http", "127.0.0.1:0", "--patch-verify-interval", "1s"])
    url = server.wait_for(r"running at (http://\S+)").group(1)
    server.wait_for(r"^\s+employee\s+")

    def token(user, scope):
        result = subprocess.run([str(BINARY), "admin", "create-token", "--data", str(data), "--username", user, "--scope", scope],
                                capture_output=True, text=True, check=True)
        return result.stdout.strip().split()[-1]

    yield {"url": url, "engineer": token("engineer", "write"), "manager": token("manager", "write"), "tmp": tmp_path_factory.mktemp("venvs")}
    assert server.stop() == 0


def upload(url, token, path, body, content_type="application/octet-stream"):
    request = urllib.request.Request(url + path, method="POST", data=body,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def venv(directory, requirement):
    subprocess.run([sys.executable, "-m", "venv", str(directory)], check=True)
    subprocess.run([str(directory / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", requirement], check=True)
    return directory


def freeze(environment):
    return subprocess.run([str(environment / "bin" / "pip"), "freeze"], capture_output=True, text=True, check=True).stdout


def prepare(p, name, start=True):
    """An asset whose inventory is a fresh environment with idna 3.6; answers the asset, the environment and the job
    (approved and scheduled; started by hand unless `start` is false)."""
    url, eng, mgr = p["url"], p["engineer"], p["manager"]
    status, asset = call(url + "/api/v1/assets", eng, "POST", {"name": name, "criticality": "high", "owner": "platform@example.com"})
    assert status == 201, asset
    upload(url, eng, "/api/v1/vulnerabilities/import?name=idna.json", json.dumps(ADVISORY).encode(), "application/json")
    environment = venv(p["tmp"] / name, "idna==3.6")
    upload(url, eng, f"/api/v1/assets/{asset['id']}/inventory?format=requirements&name=requirements.txt", freeze(environment).encode())
    status, plan = call(url + "/api/v1/remediation?asset_id=" + asset["id"], eng)
    assert [(line["package"], line["from_version"], line["to_version"]) for line in plan["lines"]] == [("idna", "3.6", "3.7")], plan
    status, window = call(url + "/api/v1/maintenance-windows", eng, "POST", {
        "name": f"{name} any time", "recurrence": "weekly", "weekdays": [1, 2, 3, 4, 5, 6, 7], "start": "00:00",
        "duration_minutes": 1440, "time_zone": "UTC"})
    assert status == 201, window
    status, job = call(url + "/api/v1/patch-jobs", eng, "POST", {"title": f"idna on {name}", "asset_ids": [asset["id"]], "window_id": window["id"]})
    assert status == 201, job
    assert call(url + f"/api/v1/patch-jobs/{job['id']}", eng, "PATCH", {"status": "submitted"})[0] == 200
    status, refused = call(url + f"/api/v1/patch-jobs/{job['id']}/approve", eng, "POST", {})
    assert status == 403, "an engineer cannot approve"
    status, approved = call(url + f"/api/v1/patch-jobs/{job['id']}/approve", mgr, "POST", {"comment": "go"})
    assert status == 200 and approved["status"] == "approved", approved
    status, moved = call(url + f"/api/v1/patch-jobs/{job['id']}", eng, "PATCH", {"status": "verified"})
    assert status == 409 and "allowed: scheduled, in_progress, cancelled" in moved["error"]["message"], moved
    for step in ["scheduled", "in_progress"] if start else ["scheduled"]:
        status, job = call(url + f"/api/v1/patch-jobs/{job['id']}", eng, "PATCH", {"status": step})
        assert status == 200, job
    return asset, environment, job


def artefact(p, job, kind):
    request = urllib.request.Request(p["url"] + f"/api/v1/patch-jobs/{job['id']}/artifacts/{kind}", headers={"Authorization": f"Bearer {p['engineer']}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def finish(p, asset, environment, job, exit_status, output, report=True):
    """Reports the run (unless a runner did), sends the next inventory and waits for the server to verify the job."""
    url, eng = p["url"], p["engineer"]
    if report:
        status, reported = call(url + f"/api/v1/patch-jobs/{job['id']}/results", eng, "POST",
                                {"asset_id": asset["id"], "exit_status": exit_status, "output": output[-4000:]})
        assert status == 200 and reported["status"] == "applied", reported
    assert "idna==3.7" in freeze(environment)
    imported = upload(url, eng, f"/api/v1/assets/{asset['id']}/inventory?format=requirements&name=requirements.txt", freeze(environment).encode())
    deadline = time.time() + 60
    while time.time() < deadline:
        status, current = call(url + f"/api/v1/patch-jobs/{job['id']}", eng)
        if current["status"] == "verified":
            break
        time.sleep(0.5)
    assert current["status"] == "verified", current
    assert current["assets"][0]["verified_by_inventory"] == imported["id"]
    proof = {f["id"]: f for f in current["findings"]}
    assert proof and all(f["fixed"] and f["fixed_by_inventory"] == imported["id"] for f in proof.values()), proof
    # Exactly the job's findings closed: the asset has no other fixed finding, and none is open.
    query = urllib.parse.urlencode({"asset_id": asset["id"], "state": "open,in_remediation,fixed"})
    status, listed = call(url + "/api/v1/findings?" + query, eng)
    assert {f["id"] for f in listed["findings"] if f["state"] == "fixed"} == set(proof), listed
    assert not [f for f in listed["findings"] if f["state"] != "fixed"]


def test_the_shell_script_upgrades_a_real_virtual_environment_and_the_next_inventory_verifies_it(patching):
    asset, environment, job = prepare(patching, "pip-host-01")
    script = artefact(patching, job, "shell")
    path = patching["tmp"] / "job.sh"
    path.write_text(script)
    run = subprocess.run(["bash", str(path)], capture_output=True, text=True,
                         env={**os.environ, "PYTHON": str(environment / "bin" / "python"), "BULWARK_ASSET": "pip-host-01"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "idna: installed 3.6, target 3.7" in run.stdout and "ok: idna is 3.7" in run.stdout, run.stdout
    # Run for an asset the job does not have, it changes nothing and says so.
    other = subprocess.run(["bash", str(path)], capture_output=True, text=True, env={**os.environ, "BULWARK_ASSET": "elsewhere"})
    assert other.returncode == 2 and "no changes for elsewhere" in other.stderr
    finish(patching, asset, environment, job, run.returncode, run.stdout)


def test_the_ansible_playbook_passes_ansible_lint_and_upgrades_by_ansible_playbook(patching):
    asset, environment, job = prepare(patching, "pip-host-02")
    playbook = patching["tmp"] / "job.yml"
    playbook.write_text(artefact(patching, job, "ansible"))
    tools = os.path.dirname(sys.executable)
    lint = subprocess.run([os.path.join(tools, "ansible-lint"), "--offline", "-p", str(playbook)], capture_output=True, text=True,
                          cwd=str(patching["tmp"]))
    assert lint.returncode == 0, lint.stdout + lint.stderr
    run = subprocess.run(
        [os.path.join(tools, "ansible-playbook"), "-c", "local", "-i", "pip-host-02,", str(playbook),
         "-e", f"bulwark_virtualenv={environment}", "-e", f"ansible_python_interpreter={sys.executable}"],
        capture_output=True, text=True, env={**os.environ, "ANSIBLE_NOCOLOR": "1"})
    assert run.returncode == 0 and "changed=1" in run.stdout, run.stdout + run.stderr
    finish(patching, asset, environment, job, run.returncode, run.stdout)


RUNNER_ASSET = "pip-host-03"


@pytest.fixture(scope="module")
def runner_server(tmp_path_factory):
    """A second demo server with a runner (`--patch-runners`) that runs each job's own shell script for the test's asset
    only (the demo's jobs must not touch this machine's packages), with the environment's Python from `${VAR}`."""
    data = tmp_path_factory.mktemp("patching-runner")
    venvs = tmp_path_factory.mktemp("runner-venvs")
    runners = data / "runners.yml"
    runners.write_text(
        "runners:\n"
        "  - name: local-script\n"
        "    command: [bash, -c, 'if [ \"$BULWARK_ASSET\" = " + RUNNER_ASSET + " ]; then exec bash \"$1\"; fi; echo not a test asset; exit 3',"
        " bash, \"{{script}}\"]\n"
        "    timeout: 5m\n"
        "    environment:\n"
        "      PYTHON: ${E2E_RUNNER_PYTHON}\n")
    broken = data / "broken.yml"
    broken.write_text("runners:\n  - name: x\n    command: ansible-playbook site.yml\n")
    refused = subprocess.run([str(BINARY), "serve", "--data", str(data / "refused"), "--patch-runners", str(broken)],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and f"{broken}:3: 'command' must be a list" in refused.stderr, refused.stderr
    python = venvs / RUNNER_ASSET / "bin" / "python"
    server = Running(["demo", "--data", str(data / "demo"), "--http", "127.0.0.1:0", "--patch-verify-interval", "1s",
                      "--patch-runners", str(runners)], env={**os.environ, "E2E_RUNNER_PYTHON": str(python)})
    url = server.wait_for(r"running at (http://\S+)").group(1)
    server.wait_for(r"^\s+employee\s+")

    def token(user):
        result = subprocess.run([str(BINARY), "admin", "create-token", "--data", str(data / "demo"), "--username", user, "--scope", "write"],
                                capture_output=True, text=True, check=True)
        return result.stdout.strip().split()[-1]

    yield {"url": url, "engineer": token("engineer"), "manager": token("manager"), "tmp": venvs, "python": python}
    assert server.stop() == 0


def test_a_configured_runner_applies_the_scheduled_job_in_its_window(runner_server):
    """The runner service takes the scheduled job in its open window, runs the job's script for real (pip upgrades the
    environment), and reports the asset's exit status and output; the next inventory then verifies the job."""
    p = runner_server
    asset, environment, job = prepare(p, RUNNER_ASSET, start=False)
    assert job["status"] == "scheduled"
    deadline = time.time() + 120
    while time.time() < deadline:
        status, current = call(p["url"] + f"/api/v1/patch-jobs/{job['id']}", p["engineer"])
        if current["status"] not in ("scheduled", "in_progress"):
            break
        time.sleep(0.5)
    assert current["status"] == "applied", current
    ran = current["assets"][0]
    assert ran["exit_status"] == 0 and ran["reported_by"] == "runner:local-script", ran
    assert "idna: installed 3.6, target 3.7" in ran["output"] and "ok: idna is 3.7" in ran["output"], ran["output"]
    assert str(p["python"]) not in ran["output"], "a value read from ${VAR} is masked in the output kept"
    assert any(event["text"] == "started by runner local-script" for event in current["timeline"]), current["timeline"]
    finish(p, asset, environment, job, 0, "", report=False)


def test_patch_plan_offline_for_a_ci_pipeline(tmp_path):
    """`bulwark patch plan` over a pip freeze and OSV records, without a server: JSON lines, a script, and exit 1 when
    a finding has no fix."""
    no_fix = {"id": "OSV-TEST-NOFIX", "modified": "2024-01-01T00:00:00Z", "summary": "no fix yet",
              "affected": [{"package": {"ecosystem": "PyPI", "name": "six"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}
    (tmp_path / "advisories.jsonl").write_text(json.dumps(ADVISORY) + "\n" + json.dumps(no_fix) + "\n")
    (tmp_path / "requirements.txt").write_text("idna==3.6\nsix==1.16.0\n")

    def plan(*extra):
        return subprocess.run([str(BINARY), "patch", "plan", str(tmp_path / "requirements.txt"), "--db", str(tmp_path / "advisories.jsonl"), *extra],
                              capture_output=True, text=True)

    run = plan("--format", "json")
    assert run.returncode == 0, run.stderr
    lines = {line["package"]: line for line in json.loads(run.stdout)["lines"]}
    assert (lines["idna"]["from_version"], lines["idna"]["to_version"]) == ("3.6", "3.7")
    assert lines["six"]["to_version"] is None and lines["six"]["no_fix"], lines["six"]
    assert "no fix available: six 1.16.0" in run.stderr
    script = plan("--format", "shell")
    assert script.returncode == 0 and "pip install --disable-pip-version-check 'idna==3.7'" in script.stdout
    assert "'six==" not in script.stdout, "a package without a fix gets no command"
    assert plan("--fail-on", "low").returncode == 1
    assert plan("--format", "yaml").returncode == 2
