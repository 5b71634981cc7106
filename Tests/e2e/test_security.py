"""Hardening end to end: the real server against the probe's connection attacks, bounded in count and time, on
loopback only. The attacker connects from 127.0.0.2, a legitimate client from 127.0.0.1."""
import select
import socket
import time
import urllib.request

import pytest

from test_monitoring import Collector, logger, token_for

ATTACKER = "127.0.0.2"


@pytest.fixture
def guarded(tmp_path):
    node = Collector(tmp_path / "data", extra=("--http-idle-timeout", "2s", "--http-max-connections-per-address", "20",
                                               "--syslog-idle-timeout", "2s", "--syslog-max-connections-per-address", "10"))
    node.token = token_for(node.data, "shipper", "engineer", "ingest", "read")
    yield node
    assert node.server.stop() == 0, "".join(node.server.stderr_text)


def open_from(address, port, count):
    sockets = []
    for _ in range(count):
        s = socket.socket()
        s.bind((address, 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
        sockets.append(s)
    return sockets


def closed(s, wait=5):
    """True when the server has closed the connection within `wait` seconds (a read returns EOF or fails)."""
    s.settimeout(wait)
    try:
        return s.recv(1) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def refused_now(sockets):
    """The sockets the server has already closed, looked at all at once (the held ones stay silent)."""
    readable, _, _ = select.select(sockets, [], [], 0.3)
    return [s for s in readable if closed(s, wait=0.1)]


def healthy(url):
    with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
        return response.status == 200


def test_half_sent_headers_are_capped_per_address_and_time_out(guarded):
    port = int(guarded.url.rsplit(":", 1)[1])
    held = open_from(ATTACKER, port, 60)
    for s in held:
        s.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: bulwark\r\n")   # the head never ends
    time.sleep(0.5)
    refused = refused_now(held)
    assert len(refused) == 40, f"{len(refused)} refused: 20 are held from one address"
    assert healthy(guarded.url), "the UI and API answer other clients meanwhile"
    # A slowloris client, one header byte at a time: still closed once the idle timeout passes without a request.
    slow = open_from(ATTACKER, port, 1)[0]
    started = time.time()
    try:
        for byte in b"GET / HTTP/1.1\r\nX-Slow: " + b"a" * 40:
            slow.sendall(bytes([byte]))
            time.sleep(0.25)
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert closed(slow, wait=5) and time.time() - started < 12
    assert all(closed(s, wait=5) for s in held), "every half-sent request is closed after the idle timeout"
    body = urllib.request.urlopen(urllib.request.Request(f"{guarded.url}/metrics", headers={"Authorization": f"Bearer {guarded.token}"}))
    text = body.read().decode()
    refused_metric = sum(float(line.split()[-1]) for line in text.splitlines()
                         if line.startswith('bulwark_connections_refused_total{listener="http",reason="address_full"}'))
    assert refused_metric >= 40, text[:2000]


def test_idle_syslog_connections_are_capped_and_closed(guarded):
    port = guarded.ports["syslog-tcp"]
    held = open_from(ATTACKER, port, 30)
    time.sleep(0.5)
    refused = refused_now(held)
    assert len(refused) == 20, f"{len(refused)} refused: 10 are held from one sender"
    # A real sender from another address is not starved.
    logger("-n", "127.0.0.1", "-P", str(port), "-T", "--rfc5424", "-t", "app", "still heard over tcp")
    assert guarded.search('"still heard over tcp"', guarded.token, expected=1)["total"] == 1
    assert all(closed(s, wait=6) for s in held), "idle connections are closed after the timeout"


def test_graceful_shutdown_is_bounded(tmp_path):
    import signal
    import threading
    from conftest import Running
    from test_monitoring import ADMIN_PASSWORD
    data = tmp_path / "data"
    token = token_for(data, "shipper", "engineer", "ingest")
    server = Running(["serve", "--data", str(data), "--http", "127.0.0.1:0", "--shutdown-timeout", "2s", "--http-idle-timeout", "60s"],
                     env={"BULWARK_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD})
    url = server.wait_for(r"url=(http://\S+)").group(1)
    port = int(url.rsplit(":", 1)[1])
    # A request that never finishes: its body drips in, a byte every 200 ms, for up to 40 s.
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"POST /api/v1/ingest HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer {token}\r\nContent-Length: 100000\r\n\r\n".encode())
    stop = threading.Event()

    def drip():
        for _ in range(200):
            if stop.is_set():
                return
            try:
                s.sendall(b" ")
            except OSError:
                return
            time.sleep(0.2)
    threading.Thread(target=drip, daemon=True).start()
    time.sleep(1)
    started = time.time()
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(timeout=30)
    elapsed = time.time() - started
    stop.set()
    assert elapsed < 10, f"shutdown took {elapsed:.1f} s with a 2 s bound"
    assert any("stopped" in line for line in server.stderr_text), "".join(server.stderr_text)[-2000:]
