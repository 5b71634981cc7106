"""Target versions of `bulwark patch plan` over ../shared/data/vuln, checked against an independent evaluation of the
same rule with the reference orderings (packaging for PyPI, semver for Go and crates.io, univers' rpmvercmp for
AlmaLinux): the smallest version above the installed one, among the versions the package's advisories name as fixed,
that no advisory affects; else the smallest that no advisory of the installed version affects. Pre-releases only for a
package already on one."""
import functools
import json
import random
import subprocess

import packaging.version
import semver

from conftest import BINARY, SHARED
from test_vuln_data import (VULN, affected, bulwark, candidates_from, pep440_compare, pep440_valid, records, rpm_compare,
                            semver_compare, semver_valid)


class Advisories:
    """The records of one ecosystem by package, with OSV's range evaluation."""

    def __init__(self, recs, prefix, normalize, compare, valid, release=None):
        self.compare, self.valid, self.normalize = compare, valid, normalize
        self.by_package, self.memo = {}, {}
        for r in recs:
            if r.get("withdrawn"):
                continue
            for a in r.get("affected", []):
                p = a.get("package") or {}
                eco = p.get("ecosystem", "")
                if not eco.startswith(prefix) or (release and eco != release):
                    continue
                self.by_package.setdefault(normalize(p["name"]), []).append((r["id"], a))

    def affecting(self, name, version):
        """The ids of the records that affect one version (remembered: every installed version asks of the same fixes)."""
        key = (self.normalize(name), version)
        if key not in self.memo:
            self.memo[key] = self.evaluate(name, version)
        return self.memo[key]

    def evaluate(self, name, version):
        found = set()
        for rid, a in self.by_package.get(self.normalize(name), []):
            if version in a.get("versions", []):
                found.add(rid)
                continue
            if not self.valid(version):
                continue
            for rg in a.get("ranges", []):
                if rg["type"] in ("ECOSYSTEM", "SEMVER"):
                    usable = [e for e in rg["events"] if next(iter(e.values())) == "0" or self.valid(next(iter(e.values())))]
                    if affected(version, usable, self.compare):
                        found.add(rid)
                        break
        return found

    def fixes(self, name, ids):
        """Every version the records (all of the package's when `ids` is None) name as fixed for the package."""
        return {e["fixed"] for rid, a in self.by_package.get(self.normalize(name), []) if ids is None or rid in ids
                for rg in a.get("ranges", []) if rg["type"] in ("ECOSYSTEM", "SEMVER") for e in rg["events"] if "fixed" in e}


def expected_target(adv, name, installed, prerelease):
    """The rule, written again: the target, or None when tier 3 (no version fixes every finding) or no fix decides."""
    findings = adv.affecting(name, installed)
    if not findings:
        return "no finding", None

    def usable(v):
        return adv.valid(v) and adv.compare(v, installed) > 0 and (prerelease(installed) or not prerelease(v))

    if not any(usable(v) for v in adv.fixes(name, findings)):
        return "no fix", None
    # Every version the package's advisories name as fixed is a candidate.
    candidates = {v for v in adv.fixes(name, None) if usable(v)}
    affecting = {c: adv.affecting(name, c) for c in candidates}
    ordered = sorted(candidates, key=functools.cmp_to_key(adv.compare))
    clean = [c for c in ordered if not affecting[c]]
    if clean:
        return "clean", clean[0]
    fixing_all = [c for c in ordered if not (affecting[c] & findings)]
    if fixing_all:
        return "fixes all", fixing_all[0]
    return "most severe", None


def plan(tmp_path, name, content, db, *extra):
    (tmp_path / name).write_text(content)
    run = subprocess_run(tmp_path / name, db, *extra)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    return {(line["package"], line["from_version"]): line for line in json.loads(run.stdout)["lines"]}


def subprocess_run(path, db, *extra):
    return bulwark("patch", "plan", path, "--db", db, "--format", "json", *extra)


def compare_plans(adv, got, cands, prerelease, installed_as=lambda v: v):
    tiers = {}
    checked = 0
    disagreements = []
    for name, version, _ in cands:
        tier, target = expected_target(adv, name, version, prerelease)
        tiers[tier] = tiers.get(tier, 0) + 1
        line = next((l for (p, v), l in got.items() if adv.normalize(p) == adv.normalize(name) and v == installed_as(version)), None)
        if tier == "no finding":
            continue
        if tier == "no fix":
            if line is not None and line["to_version"] is not None:
                disagreements.append((name, version, "expected no fix", line["to_version"]))
            continue
        assert line is not None, f"{name} {version}: affected, but not in the plan"
        if target is None:  # tier 3: the most severe findings decide; Bulwark's choice must still be a fixed version
            assert line["to_version"] is not None and adv.compare(line["to_version"], version) > 0, line
            continue
        checked += 1
        if line["to_version"] != target:
            disagreements.append((name, version, target, line["to_version"]))
    assert not disagreements, f"{len(disagreements)} disagreements (package, installed, expected, Bulwark): {disagreements[:8]}"
    return checked, tiers


def pep440_prerelease(v):
    return packaging.version.Version(v).is_prerelease


def semver_prerelease(v):
    return bool(semver.Version.parse(v.removeprefix("v")).prerelease)


def test_pypi_targets_agree_with_an_independent_evaluation(tmp_path):
    recs = records(VULN / "osv-pypi.jsonl.gz")
    norm = lambda s: s.lower().replace("_", "-").replace(".", "-")
    adv = Advisories(recs, "PyPI", norm, pep440_compare, pep440_valid)
    # One version per package: an inventory names each package once.
    seen, cands = set(), []
    for n, v, _ in candidates_from(recs, "PyPI", random.Random(11), 6000):
        if pep440_valid(v) and "\n" not in v and norm(n) not in seen:
            seen.add(norm(n))
            cands.append((n, v, None))
    cands = cands[:800]
    got = plan(tmp_path, "requirements.txt", "".join(f"{n}=={v}\n" for n, v, _ in cands), VULN / "osv-pypi.jsonl.gz")
    checked, tiers = compare_plans(adv, got, cands, pep440_prerelease)
    assert checked > 300 and tiers.get("fixes all", 0) + tiers.get("clean", 0) == checked, tiers


def test_go_and_crates_targets_agree_with_an_independent_evaluation(tmp_path):
    go = records(VULN / "osv-go.jsonl.gz")
    adv = Advisories(go, "Go", lambda s: s, semver_compare, semver_valid)
    seen, cands = set(), []
    for n, v, _ in candidates_from(go, "Go", random.Random(13), 5000):
        if semver_valid(v) and n not in seen:
            seen.add(n)
            cands.append((n, v, None))
    cands = cands[:600]
    got = plan(tmp_path, "go.sum", "".join(f"{n} v{v} h1:x=\n" for n, v, _ in cands), VULN / "osv-go.jsonl.gz")
    # Bulwark writes Go versions with their v; OSV without.
    got = {(p, v.removeprefix("v")): {**l, "to_version": (l["to_version"] or "").removeprefix("v") or None} for (p, v), l in got.items()}
    checked, _ = compare_plans(adv, got, cands, semver_prerelease)
    assert checked > 150

    crates = records(VULN / "osv-cratesio.jsonl.gz")
    adv = Advisories(crates, "crates.io", lambda s: s.lower(), semver_compare, semver_valid)
    seen, cands = set(), []
    for n, v, _ in candidates_from(crates, "crates.io", random.Random(17), 4000):
        if semver_valid(v) and n.lower() not in seen:
            seen.add(n.lower())
            cands.append((n, v, None))
    lock = "".join(f'[[package]]\nname = "{n}"\nversion = "{v}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n'
                   for n, v, _ in cands)
    got = plan(tmp_path, "Cargo.lock", lock, VULN / "osv-cratesio.jsonl.gz")
    checked, _ = compare_plans(adv, got, cands, semver_prerelease)
    assert checked > 100


def test_almalinux_targets_agree_with_an_independent_evaluation(tmp_path):
    recs = records(VULN / "osv-almalinux.jsonl.gz")
    release = "AlmaLinux:9"
    adv = Advisories(recs, release, lambda s: s, rpm_compare, lambda v: True, release=release)
    seen, cands = set(), []
    for n, v, eco in candidates_from(recs, release, random.Random(19), 6000):
        if "-" in v and n not in seen:
            seen.add(n)
            cands.append((n, v, eco))
    cands = cands[:500]
    lines = "".join(f"{n} {v if ':' in v else '0:' + v} x86_64\n" for n, v, _ in cands)
    got = plan(tmp_path, "rpms.txt", lines, VULN / "osv-almalinux.jsonl.gz", "--ecosystem", release)
    checked, _ = compare_plans(adv, got, cands, lambda v: False, installed_as=lambda v: v[2:] if v.startswith("0:") else v)
    assert checked > 100


def test_a_policy_that_holds_major_upgrades_keeps_every_target_in_the_installed_major(tmp_path):
    """Over real PyPI advisories, with PyPI's major upgrades held back: no target leaves the installed major, and each
    finding a major upgrade would have closed is still closed, listed as held back, or named as left open."""
    recs = records(VULN / "osv-pypi.jsonl.gz")
    norm = lambda s: s.lower().replace("_", "-").replace(".", "-")
    seen, cands = set(), []
    for n, v, _ in candidates_from(recs, "PyPI", random.Random(23), 4000):
        if pep440_valid(v) and norm(n) not in seen:
            seen.add(norm(n))
            cands.append((n, v))
    (tmp_path / "requirements.txt").write_text("".join(f"{n}=={v}\n" for n, v in cands[:600]))
    (tmp_path / "policy.yml").write_text("rules:\n  - ecosystem: PyPI\n    major_upgrades: hold\n")
    free = json.loads(subprocess_run(tmp_path / "requirements.txt", VULN / "osv-pypi.jsonl.gz").stdout)["lines"]
    held = json.loads(subprocess_run(tmp_path / "requirements.txt", VULN / "osv-pypi.jsonl.gz", "--policy", tmp_path / "policy.yml").stdout)["lines"]
    major = lambda v: packaging.version.Version(v).release[0]
    held_by = {(l["package"], l["from_version"]): l for l in held}
    jumps = 0
    for line in free:
        other = held_by[(line["package"], line["from_version"])]
        if other["to_version"]:
            assert major(other["to_version"]) == major(line["from_version"]), other
        if line["major_upgrade"]:
            jumps += 1
            accounted = set(other["finding_ids"]) | set(other["held_back"])
            left = {r["advisory"] for r in other["residual"]}
            for finding in line["finding_ids"]:
                # Offline finding ids are PACKAGE@VERSION:VULNERABILITY.
                assert finding in accounted or finding.split(":", 1)[1] in left, (finding, other)
    assert jumps > 20 and sum(len(l["held_back"]) for l in held) > 20


# ---- Debian (dpkg --compare-versions) and npm (node-semver): no shared advisories, so generated ones --------------

DEBIAN_POOL = ["0.9-1", "1:0.8-1", "1.0~rc1-1", "1.0-1", "1.0-1+deb12u1", "1.0-1+deb12u2", "1.0-1~bpo11+1", "1.0-2", "1.0+dfsg-1",
               "1.0.1-1", "1.0.1-1+b1", "1.1-1", "1.1~beta-1", "1.2-1", "1.10-1", "2.0~rc2-1", "2.0-1", "2.0-1+deb12u1", "2.1-1",
               "3.0-0.1", "3.0-1", "1:1.0-1", "1:2.0-1", "2:0.1-1"]
NPM_POOL = ["0.9.0", "1.0.0", "1.0.1", "1.0.2-beta.1", "1.0.2", "1.1.0-rc.1", "1.1.0", "1.2.0", "1.10.0", "1.10.1", "2.0.0-alpha",
            "2.0.0-alpha.1", "2.0.0-beta", "2.0.0", "2.0.1", "2.1.0", "3.0.0", "10.0.0", "10.0.1"]


def ordered_pool(pool, compare):
    return sorted(pool, key=functools.cmp_to_key(compare))


def dpkg_compare(a, b):
    if a == b:
        return 0
    run = subprocess.run(["dpkg", "--compare-versions", a, "lt", b])
    return -1 if run.returncode == 0 else 1


def node_order(pool):
    script = "const s=require('semver');console.log(JSON.stringify(JSON.parse(require('fs').readFileSync(0,'utf8')).sort(s.compare)))"
    run = subprocess.run(["node", "-e", script], input=json.dumps(pool), capture_output=True, text=True, timeout=60,
                         env={"NODE_PATH": "/usr/share/nodejs", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def generated(ecosystem, order, rng, packages=60):
    """Advisories over the pool in the reference order: each package 1–4 records of 1–2 ranges (introduced/fixed or
    last_affected), some fixes bringing a later flaw; one installed version per package."""
    recs, installed = [], {}
    for p in range(packages):
        name = f"pkg{p}"
        for r in range(rng.randint(1, 4)):
            ranges = []
            for _ in range(rng.randint(1, 2)):
                i = rng.randrange(len(order) - 1)
                events = [{"introduced": "0" if rng.random() < 0.3 else order[i]}]
                j = rng.randrange(i + 1, len(order))
                events.append({"fixed": order[j]} if rng.random() < 0.85 else {"last_affected": order[j - 1]})
                ranges.append({"type": "ECOSYSTEM", "events": events})
            recs.append({"id": f"TEST-{ecosystem.split(':')[0]}-{p}-{r}", "modified": "2024-01-01T00:00:00Z", "summary": "generated",
                         "affected": [{"package": {"ecosystem": ecosystem, "name": name}, "ranges": ranges}]})
        installed[name] = order[rng.randrange(len(order) - 1)]
    return recs, installed


def check_generated(tmp_path, ecosystem, order, inventory_name, inventory, prerelease, *extra):
    index = {v: i for i, v in enumerate(order)}
    compare = lambda a, b: (index[a] > index[b]) - (index[a] < index[b])
    failures = 0
    checked_total = 0
    for seed in range(4):
        recs, installed = generated(ecosystem, order, random.Random(100 + seed))
        db = tmp_path / f"{seed}.jsonl"
        db.write_text("".join(json.dumps(r) + "\n" for r in recs))
        (tmp_path / inventory_name).write_text(inventory(installed))
        run = subprocess_run(tmp_path / inventory_name, db, *extra)
        assert run.returncode in (0, 1), run.stderr[-2000:]
        got = {(line["package"], line["from_version"]): line for line in json.loads(run.stdout)["lines"]}
        adv = Advisories(recs, ecosystem.split(":")[0], lambda s: s, compare, lambda v: v in index)
        checked, _ = compare_plans(adv, got, [(n, v, None) for n, v in installed.items()], prerelease)
        checked_total += checked
    assert checked_total > 60


def test_debian_targets_agree_with_dpkg(tmp_path):
    order = ordered_pool(DEBIAN_POOL, dpkg_compare)
    assert order.index("1.0~rc1-1") < order.index("1.0-1") < order.index("1:0.8-1"), "dpkg: tilde first, epoch last"
    status = lambda installed: "".join(
        f"Package: {n}\nStatus: install ok installed\nVersion: {v}\nArchitecture: amd64\n\n" for n, v in installed.items())
    check_generated(tmp_path, "Debian:12", order, "status", status, lambda v: False, "--ecosystem", "Debian:12")


def test_npm_targets_agree_with_node_semver(tmp_path):
    order = node_order(NPM_POOL)
    assert order.index("2.0.0-alpha") < order.index("2.0.0-alpha.1") < order.index("2.0.0-beta") < order.index("2.0.0")
    lock = lambda installed: json.dumps({"name": "app", "lockfileVersion": 3, "packages": {
        "": {"name": "app"}, **{f"node_modules/{n}": {"version": v} for n, v in installed.items()}}})
    check_generated(tmp_path, "npm", order, "package-lock.json", lock, lambda v: "-" in v)
