"""Vulnerability data over ../shared/data/vuln (real OSV, KEV and EPSS files): all of it imported by `bulwark vuln
db import`, and `bulwark vuln scan` matching checked against an independent evaluation of the OSV ranges with the
reference orderings (packaging for PyPI, semver for Go and crates.io, univers' rpmvercmp for AlmaLinux)."""
import contextlib
import functools
import gzip
import http.server
import threading
import json
import random
import subprocess

import cvss as cvsslib
import packaging.version
import semver
from univers.versions import RpmVersion

from conftest import BINARY, SHARED

VULN = SHARED / "vuln"
OSV_FILES = sorted(VULN.glob("osv-*.jsonl.gz"))


def bulwark(*args):
    return subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True, timeout=1800)


def records(path):
    with gzip.open(path, "rt") as f:
        return [json.loads(line) for line in f if line.strip()]


@contextlib.contextmanager
def http_server(directory):
    """A real HTTP server (Python's) serving `directory` on a free local port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_vuln_db_update_fetches_the_shared_feeds_over_http(tmp_path):
    # The shared files laid out as the feeds publish them: one OSV export per ecosystem, KEV, EPSS.
    site = tmp_path / "site"
    exports = {"PyPI": "osv-pypi.jsonl.gz", "Go": "osv-go.jsonl.gz", "crates.io": "osv-cratesio.jsonl.gz"}
    for ecosystem, name in exports.items():
        (site / ecosystem).mkdir(parents=True)
        (site / ecosystem / "all.jsonl.gz").symlink_to(VULN / name)
    (site / "kev.json.gz").symlink_to(VULN / "cisa-kev.json.gz")
    (site / "epss.csv").symlink_to(VULN / "epss-sample-head.csv")
    ids = set()
    for name in exports.values():
        ids |= {r["id"] for r in records(VULN / name)}
    with http_server(site) as url:
        feeds = ["--osv-url", url + "/{ecosystem}/all.jsonl.gz", "--kev-url", url + "/kev.json.gz", "--epss-url", url + "/epss.csv"]
        run = bulwark("vuln", "db", "update", *feeds, *[a for e in exports for a in ("--ecosystem", e)], "--data", tmp_path / "data")
        assert run.returncode == 0, run.stderr
        summary = json.loads(run.stdout)
        assert summary["added"] == len(ids) and summary["kev"] == 1404 and summary["epss"] == 25 and summary["fetched"] == 5
        assert summary["failed"] == [] and summary["rejected"] == 0
        # Without --ecosystem: the ecosystems of the inventory (Go only here), and a feed that is missing is named.
        (tmp_path / "go.mod").write_text("module example.com/x\n\ngo 1.21.1\n\nrequire golang.org/x/net v0.16.0\n")
        (tmp_path / "assets.csv").write_text("name,criticality\nbuild-1,high\n")
        assert bulwark("import", "assets", tmp_path / "assets.csv", "--data", tmp_path / "data").returncode == 0
        assert bulwark("vuln", "inventory", "import", "--asset", "build-1", tmp_path / "go.mod", "--data", tmp_path / "data").returncode == 0
        again = bulwark("vuln", "db", "update", *feeds[:2], "--kev-url", url + "/gone.json", "--epss-url", "none", "--data", tmp_path / "data")
        assert again.returncode == 1, "a feed left out is something to look at"
        summary = json.loads(again.stdout)
        assert summary["fetched"] == 1 and summary["unchanged"] == len({r["id"] for r in records(VULN / "osv-go.jsonl.gz")})
        assert summary["failed"] == [url + "/gone.json"] and f"{url}/gone.json: the server answered HTTP 404" in again.stderr


def test_all_of_the_shared_vulnerability_data_imports(tmp_path):
    ids = set()
    for path in OSV_FILES:
        ids |= {r["id"] for r in records(path)}
    run = bulwark("vuln", "db", "import", VULN, "--data", tmp_path / "data")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["added"] == len(ids), "every OSV record, the 7 with short GIT hashes included (tolerant import)"
    assert summary["kev"] == 1404 and summary["epss"] == 25
    # Only the three JSON files that are not advisories are left out, each named.
    left_out = sorted(line.split(":")[0] for line in run.stderr.splitlines() if ".json" in line and "missing" in line)
    assert [p.rsplit("/", 1)[-1] for p in left_out] == ["cisa-kev.schema.json", "osv-ecosystems.json", "osv-schema-1.7.5.schema.json"]
    assert summary["rejected"] == 3
    again = json.loads(bulwark("vuln", "db", "import", VULN, "--data", tmp_path / "data").stdout)
    assert again["added"] == 0 and again["updated"] == 0 and again["unchanged"] == len(ids)


def affected(version, events, compare):
    """The OSV specification's evaluation of one range."""
    def key(e):
        value = next(iter(e.values()))
        return (0, None) if value == "0" else (1, value)
    evts = sorted(events, key=lambda e: (0,) if next(iter(e.values())) == "0" else (1,))
    # Sort by version with the ecosystem's comparator (insertion sort: ranges are short).
    ordered = []
    for e in evts:
        value = next(iter(e.values()))
        i = len(ordered)
        if value != "0":
            while i > 0 and next(iter(ordered[i - 1].values())) != "0" and compare(next(iter(ordered[i - 1].values())), value) > 0:
                i -= 1
        ordered.insert(i, e)
    limits = [e["limit"] for e in ordered if "limit" in e]
    if limits and not any(compare(version, lim) < 0 for lim in limits):
        return False
    state = False
    for e in ordered:
        if "introduced" in e and (e["introduced"] == "0" or compare(version, e["introduced"]) >= 0):
            state = True
        elif "fixed" in e and compare(version, e["fixed"]) >= 0:
            state = False
        elif "last_affected" in e and compare(version, e["last_affected"]) > 0:
            state = False
    return state


def best_cvss(record):
    """As Bulwark: the highest (version, score) of the record's and its affected entries' CVSS vectors."""
    vectors = [s["score"] for s in record.get("severity", []) + [s for a in record.get("affected", []) for s in a.get("severity", [])]
               if s.get("type", "").startswith("CVSS")]
    best = None
    for v in vectors:
        try:
            if v.startswith("CVSS:4"):
                key = ("4.0", cvsslib.CVSS4(v).base_score)
            elif v.startswith("CVSS:3"):
                key = (v[5:8], float(cvsslib.CVSS3(v).scores()[0]))
            else:
                key = ("2.0", float(cvsslib.CVSS2(v).scores()[0]))
        except Exception:
            continue
        if best is None or key > best:
            best = key
    return best[1] if best else -1


def grouped(matches, by_id):
    """OSV aliases: records whose id or aliases meet are one vulnerability, reported under the record with the best
    CVSS score (then the smallest id); grouped in match order, as Bulwark does."""
    groups = []
    for rid in matches:
        identity = {rid, *by_id[rid].get("aliases", [])}
        for g in groups:
            if g["identity"] & identity:
                g["identity"] |= identity
                score = best_cvss(by_id[rid])
                if score > g["score"] or (score == g["score"] and rid < g["primary"]):
                    g["primary"] = rid
                g["score"] = max(g["score"], score)
                break
        else:
            groups.append({"identity": identity, "primary": rid, "score": best_cvss(by_id[rid])})
    return [g["primary"] for g in groups]


def oracle(recs, ecosystem_prefix, normalize, compare, valid, candidates):
    matched = {}
    by_name = {}
    for c in candidates:
        by_name.setdefault(normalize(c[0]), []).append(c)
    for r in recs:
        if r.get("withdrawn"):
            continue
        for a in r.get("affected", []):
            p = a.get("package") or {}
            if not p.get("ecosystem", "").startswith(ecosystem_prefix):
                continue
            name = normalize(p["name"])
            for cname, version, release in by_name.get(name, []):
                if release and p["ecosystem"] != release:
                    continue
                hit = version in a.get("versions", [])
                if not hit and valid(version):
                    for rg in a.get("ranges", []):
                        if rg["type"] in ("ECOSYSTEM", "SEMVER"):
                            usable = [e for e in rg["events"] if valid(next(iter(e.values()))) or next(iter(e.values())) == "0"]
                            if affected(version, usable, compare):
                                hit = True
                                break
                if hit and r["id"] not in matched.setdefault((cname, version), []):
                    matched[(cname, version)].append(r["id"])
    by_id = {r["id"]: r for r in recs}
    return {(cname, version, primary) for (cname, version), ids in matched.items() for primary in grouped(ids, by_id)}


def candidates_from(recs, ecosystem_prefix, rng, limit):
    pairs = set()
    for r in recs:
        for a in r.get("affected", []):
            p = a.get("package") or {}
            if not p.get("ecosystem", "").startswith(ecosystem_prefix):
                continue
            values = [v for rg in a.get("ranges", []) if rg["type"] != "GIT" for e in rg["events"] for v in e.values() if v != "0"]
            values += a.get("versions", [])[:5]
            for v in values:
                pairs.add((p["name"], v, p["ecosystem"]))
    pairs = sorted(pairs)
    rng.shuffle(pairs)
    return pairs[:limit]


def scan(tmp_path, name, content, db, *extra):
    (tmp_path / name).write_text(content)
    run = bulwark("vuln", "scan", tmp_path / name, "--db", db, "--format", "json", "--partial", *extra)
    assert run.returncode == 0, run.stderr[-2000:]
    return {(f["package"], f["version"], f["vulnerability"]) for f in json.loads(run.stdout)["findings"]}


def pep440_valid(v):
    try:
        packaging.version.Version(v)
        return True
    except packaging.version.InvalidVersion:
        return False


def pep440_compare(a, b):
    x, y = packaging.version.Version(a), packaging.version.Version(b)
    return (x > y) - (x < y)


def test_pypi_matching_agrees_with_an_independent_evaluation(tmp_path):
    recs = records(VULN / "osv-pypi.jsonl.gz")
    rng = random.Random(3)
    cands = [(n, v, None) for n, v, _ in candidates_from(recs, "PyPI", rng, 3000) if pep440_valid(v) and "\n" not in v]
    got = scan(tmp_path, "requirements.txt", "".join(f"{n}=={v}\n" for n, v, _ in cands), VULN / "osv-pypi.jsonl.gz")
    norm = lambda s: s.lower().replace("_", "-").replace(".", "-")
    expected = oracle(recs, "PyPI", norm, pep440_compare, pep440_valid, cands)
    assert len(expected) > 1000
    assert got == expected, f"only Bulwark: {sorted(got - expected)[:5]}; only the oracle: {sorted(expected - got)[:5]}"


def semver_valid(v):
    return semver.Version.is_valid(v.removeprefix("v"))


def semver_compare(a, b):
    return semver.Version.parse(a.removeprefix("v")).compare(b.removeprefix("v"))


def test_go_and_crates_matching_agree_with_an_independent_evaluation(tmp_path):
    go = records(VULN / "osv-go.jsonl.gz")
    rng = random.Random(5)
    cands = [(n, v, None) for n, v, _ in candidates_from(go, "Go", rng, 2500) if semver_valid(v)]
    got = scan(tmp_path, "go.sum", "".join(f"{n} v{v} h1:x=\n" for n, v, _ in cands), VULN / "osv-go.jsonl.gz")
    expected = {(n, "v" + v, i) for n, v, i in oracle(go, "Go", lambda s: s, semver_compare, semver_valid, cands)}
    assert len(expected) > 500
    assert got == expected, f"only Bulwark: {sorted(got - expected)[:5]}; only the oracle: {sorted(expected - got)[:5]}"

    crates = records(VULN / "osv-cratesio.jsonl.gz")
    cands = [(n, v, None) for n, v, _ in candidates_from(crates, "crates.io", rng, 2000) if semver_valid(v)]
    lock = "".join(f'[[package]]\nname = "{n}"\nversion = "{v}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n' for n, v, _ in cands)
    got = scan(tmp_path, "Cargo.lock", lock, VULN / "osv-cratesio.jsonl.gz")
    expected = oracle(crates, "crates.io", lambda s: s.lower(), semver_compare, semver_valid, cands)
    assert len(expected) > 300
    assert got == expected, f"only Bulwark: {sorted(got - expected)[:5]}; only the oracle: {sorted(expected - got)[:5]}"


def rpm_compare(a, b):
    x, y = RpmVersion(a), RpmVersion(b)
    return (x > y) - (x < y)


def test_almalinux_matching_agrees_with_an_independent_evaluation(tmp_path):
    recs = records(VULN / "osv-almalinux.jsonl.gz")
    rng = random.Random(7)
    for release in ("AlmaLinux:8", "AlmaLinux:9"):
        cands = [(n, v, eco) for n, v, eco in candidates_from(recs, release, rng, 1500)]
        lines = "".join(f"{n} {v if ':' in v else '0:' + v} x86_64\n" for n, v, _ in cands if "-" in v)
        cands = [(n, v, eco) for n, v, eco in cands if "-" in v]
        got = scan(tmp_path, f"rpms-{release[-1]}.txt", lines, VULN / "osv-almalinux.jsonl.gz", "--ecosystem", release, "--inventory-format", "rpm")
        expected = oracle(recs, release, lambda s: s, rpm_compare, lambda v: True, cands)
        # rpm -qa writes epoch 0 as "0:", which Bulwark drops as OSV does; versions with an epoch keep it.
        expected = {(n, v[2:] if v.startswith("0:") else v, i) for n, v, i in expected}
        assert len(expected) > 300, release
        assert got == expected, f"{release}: only Bulwark: {sorted(got - expected)[:5]}; only the oracle: {sorted(expected - got)[:5]}"
