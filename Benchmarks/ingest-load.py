#!/usr/bin/env python3
"""Load generator for Bulwark's ingest: sends N events by syslog over TCP or by HTTP bulk, waits until the server has
stored them all, and reports sustained events per second and the receipt-to-searchable delay (the server's
bulwark_ingest_delay_seconds histogram; for HTTP also the client-side acknowledgement latency).

  ingest-load.py syslog-tcp --metrics URL --admin-token T --port P [--events N] [--connections C] [--rate R]
  ingest-load.py http       --metrics URL --admin-token T --url URL --token T [--events N] [--connections C] [--batch B] [--rate R]

Without --rate it offers load as fast as it can (sustained throughput; the delay is then mostly queueing); with --rate
it offers R events per second in total, for the delay at a load the server keeps up with.
"""
import argparse
import http.client
import json
import socket
import threading
import time
import urllib.parse
import urllib.request


def metrics(url, token):
    request = urllib.request.Request(url + "/metrics", headers={"Authorization": f"Bearer {token}"})
    return urllib.request.urlopen(request, timeout=30).read().decode()


def stored(url, token):
    return sum(float(line.split()[-1]) for line in metrics(url, token).splitlines() if line.startswith("bulwark_events_stored_total"))


def delay_buckets(url, token):
    buckets = {}
    for line in metrics(url, token).splitlines():
        if line.startswith("bulwark_ingest_delay_seconds_bucket"):
            le = line.split('le="')[1].split('"')[0]
            buckets[float("inf") if le == "+Inf" else float(le)] = float(line.split()[-1])
    return buckets


def quantile(before, after, q):
    """The upper bound of the histogram bucket holding quantile q of the events counted between two scrapes."""
    deltas = sorted((le, after.get(le, 0) - before.get(le, 0)) for le in after)
    total = deltas[-1][1] if deltas else 0
    for le, count in deltas:
        if total and count >= q * total:
            return le
    return float("nan")


def syslog_lines(count, offset):
    return [f"<38>Nov 28 22:10:{i % 60:02d} web-{i % 7:02d} sshd[{2000 + i % 5000}]: Failed password for invalid user u{i} "
            f"from 203.0.113.{i % 250} port {40000 + i % 20000} ssh2" for i in range(offset, offset + count)]


def send_syslog(port, lines, rate):
    """As fast as possible, or paced at `rate` events per second (in slices of 1/20 s)."""
    frames = [f"{len(line.encode())} {line}".encode() for line in lines]
    with socket.create_connection(("127.0.0.1", port)) as sock:
        if not rate:
            data = b"".join(frames)
            view = memoryview(data)
            for start in range(0, len(data), 1 << 20):
                sock.sendall(view[start:start + (1 << 20)])
            return
        slice_size = max(1, int(rate / 20))
        begin = time.perf_counter()
        for index in range(0, len(frames), slice_size):
            due = begin + index / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            sock.sendall(b"".join(frames[index:index + slice_size]))


def http_bodies(count, batch, offset):
    bodies = []
    for start in range(offset, offset + count, batch):
        lines = []
        for i in range(start, min(start + batch, offset + count)):
            lines.append(json.dumps({"EventID": 4625, "Channel": "Security", "Computer": f"DC{i % 3:02d}.corp.example.com",
                                     "Provider_Name": "Microsoft-Windows-Security-Auditing", "TimeCreated_SystemTime": "2026-11-28T22:10:00.123Z",
                                     "TargetUserName": f"user{i}", "TargetDomainName": "CORP", "IpAddress": f"10.0.{i % 250}.7", "LogonType": 3}))
        bodies.append(("\n".join(lines) + "\n").encode())
    return bodies


def post_all(url, token, bodies, latencies, rate, batch):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    begin = time.perf_counter()
    for number, body in enumerate(bodies):
        if rate:
            pause = begin + number * batch / rate - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        while True:
            start = time.perf_counter()
            connection.request("POST", "/api/v1/ingest", body=body, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"})
            response = connection.getresponse()
            response.read()
            if response.status in (429, 503):
                time.sleep(float(response.getheader("Retry-After", "1")))
                continue
            assert response.status == 200, response.status
            latencies.append(time.perf_counter() - start)
            break


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["syslog-tcp", "http"])
    parser.add_argument("--metrics", required=True)
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--port", type=int)
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=0, help="total events per second to offer (0: as fast as possible)")
    args = parser.parse_args()

    per = args.events // args.connections
    # Prepare everything before the clock starts: the generator must not be what is measured.
    if args.mode == "syslog-tcp":
        work = [syslog_lines(per, n * per) for n in range(args.connections)]
    else:
        work = [http_bodies(per, args.batch, n * per) for n in range(args.connections)]
    latencies = []
    base = stored(args.metrics, args.admin_token)
    buckets_before = delay_buckets(args.metrics, args.admin_token)
    start = time.perf_counter()
    threads = []
    for chunk in work:
        if args.mode == "syslog-tcp":
            threads.append(threading.Thread(target=send_syslog, args=(args.port, chunk, args.rate / args.connections)))
        else:
            threads.append(threading.Thread(target=post_all, args=(args.url, args.token, chunk, latencies, args.rate / args.connections, args.batch)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = time.perf_counter()
    total = per * args.connections
    while stored(args.metrics, args.admin_token) - base < total:
        time.sleep(0.05)
    done = time.perf_counter()
    after = delay_buckets(args.metrics, args.admin_token)
    result = {"mode": args.mode, "events": total, "connections": args.connections, "offered_rate": args.rate or "max", "seconds": round(done - start, 3),
              "events_per_second": round(total / (done - start)), "send_seconds": round(sent - start, 3),
              "delay_p50_le_seconds": quantile(buckets_before, after, 0.5), "delay_p99_le_seconds": quantile(buckets_before, after, 0.99)}
    if latencies:
        latencies.sort()
        result["ack_p50_ms"] = round(latencies[len(latencies) // 2] * 1000, 1)
        result["ack_p99_ms"] = round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
