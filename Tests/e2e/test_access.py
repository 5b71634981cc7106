"""Access governance in the browser against a real directory: an OpenLDAP `slapd` (Debian's) started here with a
few dozen people, a new `ldap` source added through the form, its connection set on its page (the password never
shown again), and "Sync now" reading the directory in pages; then the administrator removes a person and the next
sync says so."""
import contextlib
import pathlib
import socket
import subprocess
import time

from selenium.webdriver.common.by import By

from conftest import BINARY
from test_web import click_and_wait, sign_in

SUFFIX = "dc=example,dc=test"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "e2e-root-secret"
PEOPLE = 40


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def slapd(directory: pathlib.Path):
    """A throwaway slapd on a free port, PEOPLE people loaded with slapadd; yields its ldap:// URL."""
    (directory / "db").mkdir(parents=True)
    port = free_port()
    (directory / "slapd.conf").write_text(f"""include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {directory}/slapd.pid
database mdb
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {directory}/db
""")
    entries = [f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n",
               f"dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n"]
    entries += [f"dn: uid=e2e{i},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\ncn: E2E {i}\nsn: {i}\nuid: e2e{i}\n"
                f"mail: e2e{i}@example.test\n" for i in range(PEOPLE)]
    (directory / "entries.ldif").write_text("\n".join(entries))
    subprocess.run(["/usr/sbin/slapadd", "-q", "-f", str(directory / "slapd.conf"), "-l", str(directory / "entries.ldif")], check=True)
    url = f"ldap://127.0.0.1:{port}"
    server = subprocess.Popen(["/usr/sbin/slapd", "-d", "0", "-f", str(directory / "slapd.conf"), "-h", url + "/"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def notice(browser):
    return browser.find_element(By.CSS_SELECTOR, ".notice").text


def test_a_directory_source_synced_from_a_real_slapd(demo, browser, tmp_path):
    with slapd(tmp_path / "ldap") as url:
        sign_in(browser, demo["url"], "manager", demo["passwords"]["manager"])
        browser.get(demo["url"] + "/access")
        browser.find_element(By.ID, "f-name").send_keys("e2e-directory")
        browser.find_element(By.CSS_SELECTOR, "#f-kind option[value=ldap]").click()
        click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Add source']"))
        assert "Source e2e-directory added" in notice(browser)
        source_page = browser.current_url.split("?")[0]

        browser.find_element(By.XPATH, "//summary[text()='Connection settings']").click()
        browser.find_element(By.ID, "f-url").send_keys(url)
        browser.find_element(By.ID, "f-bind_dn").send_keys(ROOT_DN)
        browser.find_element(By.ID, "f-bind_password").send_keys(ROOT_PASSWORD)
        browser.find_element(By.ID, "f-base_dn").send_keys(SUFFIX)
        page_size = browser.find_element(By.ID, "f-page_size")
        page_size.clear()
        page_size.send_keys("7")  # 40 people in six pages
        click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Save the connection']"))
        assert notice(browser) == "Directory connection saved."
        assert "password kept, sealed" in browser.page_source
        assert ROOT_PASSWORD not in browser.page_source, "a stored password is never shown"

        click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Sync now']"))
        assert notice(browser).startswith(f"Synced: {PEOPLE} accounts, {PEOPLE} added, 0 removed"), notice(browser)
        assert "ldap_sync" in browser.find_element(By.XPATH, "//h2[text()='Latest imports']/following-sibling::section").text

        subprocess.run(["/usr/bin/ldapmodify", "-x", "-H", url, "-D", ROOT_DN, "-w", ROOT_PASSWORD],
                       input=f"dn: uid=e2e3,ou=people,{SUFFIX}\nchangetype: delete\n", text=True, check=True)
        browser.get(source_page)
        click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Sync now']"))
        assert notice(browser).startswith(f"Synced: {PEOPLE - 1} accounts, 0 added, 1 removed"), notice(browser)
        assert "Removed: e2e3" in browser.page_source

        # The same sync from the command line, on the running server's database: nothing changed since.
        synced = subprocess.run([str(BINARY), "access", "sync", "--source", "e2e-directory", "--data", str(demo["data"])],
                                capture_output=True, text=True, timeout=120)
        assert synced.returncode == 0, synced.stderr
        assert f"e2e-directory ({url}): {PEOPLE - 1} accounts, 0 added, 0 removed, 0 changed, 0 left out" in synced.stdout

    # The directory is gone: the next sync says why, changes nothing, and the page keeps the reason.
    failed = subprocess.run([str(BINARY), "access", "sync", "--source", "e2e-directory", "--data", str(demo["data"])],
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode != 0 and "nothing synced" in failed.stderr and "Connection refused" in failed.stderr, failed.stderr
    browser.get(source_page)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[text()='Sync now']"))
    assert "Not synced" in notice(browser) and "cannot connect" in notice(browser), notice(browser)
    assert "Last sync failed" in browser.find_element(By.CSS_SELECTOR, "p.error[role=alert]").text


def test_campaign_reminders_reach_a_real_smtp_server(tmp_path):
    """The demo's privileged-access campaign is due in ten days and reminds its reviewers 14, 7 and 1 days before: with
    --smtp, aiosmtpd receives one reminder per reviewer with undecided items, each listing them."""
    from conftest import Running, smtp_server

    with smtp_server() as (smtp_port, received):
        server = Running(["demo", "--data", str(tmp_path / "demo"), "--http", "127.0.0.1:0",
                          "--smtp", f"smtp://127.0.0.1:{smtp_port}", "--mail-from", "bulwark@example.com"])
        try:
            server.wait_for(r"running at (http://\S+)")

            def reminders():
                return [m for m in received if m["Subject"].startswith('Access review "Privileged access, second half 2026"')]

            deadline = time.time() + 100  # the pass runs at start and then every minute
            while time.time() < deadline and not reminders():
                time.sleep(0.5)
            time.sleep(2)  # the rest of the same pass
            mails = reminders()
            assert mails, [m["Subject"] for m in received]
            recipients = [m["To"] for m in mails]
            assert len(recipients) == len(set(recipients)), "one reminder per reviewer"
            assert all(m["From"] == "bulwark@example.com" and m["To"].endswith("@example.com") for m in mails)
            body = mails[0].get_payload(decode=True).decode()
            assert "Sign in to Bulwark and open Reviews (/reviews)" in body and "\n- " in body, body
            assert "to decide by" in mails[0]["Subject"]
        finally:
            assert server.stop() == 0
