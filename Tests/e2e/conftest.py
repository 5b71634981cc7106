"""Fixtures for end-to-end tests: the real `bulwark` binary and a headless Chromium."""
import contextlib
import os
import socket
import pathlib
import queue
import re
import signal
import subprocess
import threading
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = pathlib.Path(os.environ.get("BULWARK_BINARY", ROOT / ".build" / "debug" / "bulwark"))
ARTIFACTS = pathlib.Path(os.environ.get("BULWARK_E2E_ARTIFACTS", ROOT / ".build" / "e2e-artifacts"))


class Running:
    """A bulwark process whose output is read line by line in the background."""

    def __init__(self, args, env=None):
        self.lines = queue.Queue()
        self.stderr_text = []
        self.stdout_text = []
        self.proc = subprocess.Popen([str(BINARY), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, **(env or {})})
        for stream, store in ((self.proc.stdout, self.stdout_text), (self.proc.stderr, self.stderr_text)):
            threading.Thread(target=self._pump, args=(stream, store), daemon=True).start()

    def _pump(self, stream, store):
        for line in stream:
            store.append(line)
            self.lines.put(line)

    def wait_for(self, pattern, timeout=120):
        deadline = time.time() + timeout
        regex = re.compile(pattern)
        while time.time() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise AssertionError(f"bulwark exited with {self.proc.returncode}: {''.join(self.stderr_text)}")
                continue
            match = regex.search(line)
            if match:
                return match
        raise AssertionError(f"no line matching {pattern!r} within {timeout}s; stderr: {''.join(self.stderr_text)}")

    def stop(self):
        """SIGTERM, as a service manager would; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        time.sleep(0.2)
        return self.proc.returncode


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """`bulwark demo` on a free port; yields its URL and the printed passwords."""
    data = tmp_path_factory.mktemp("demo")
    server = Running(["demo", "--data", str(data), "--http", "127.0.0.1:0"])
    url = server.wait_for(r"running at (http://\S+)").group(1)
    passwords = {}
    while len(passwords) < 6:
        match = server.wait_for(r"^\s+(\w+)\s+(\w+)\s+(\S{20})\s*$")
        passwords[match.group(1)] = match.group(3)
    yield {"url": url, "passwords": passwords, "server": server, "data": data}
    code = server.stop()
    assert code == 0, "".join(server.stderr_text)
    assert any("stopped" in line for line in server.stderr_text), "graceful shutdown logs 'stopped'"


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(10)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@contextlib.contextmanager
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port; yields (port, list of received email.message.Message)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()
