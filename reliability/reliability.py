#!/usr/bin/env python3
"""openwork under hostile clients, broken storage and several replicas (issue 19).

Starts the given openwork binary in each scenario, measures what the issue's proof table asks,
and writes reliability/out/results.json; reliability/report.py turns it into RELIABILITY.md.
Each scenario is independent: a fresh server and database, killed at its end.

  reliability.py --openwork PATH [--connections N] [--postgres URL]
"""

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reliability" / "out"
DEMO_APP = {"app_id": "cli_de30c0de00000001", "app_secret": "openwork-demo-secret"}
DINGTALK_KEY = ("dingdemo0000000001", "openwork-demo-dingtalk-secret")
ADMIN = "reliability-admin"


class Server:
    """`openwork serve` on a free port of 127.0.0.1, its log in a file."""

    def __init__(self, openwork, db, *extra, log=None):
        self.log_path = log or Path(tempfile.mkstemp(prefix="openwork-log-")[1])
        self.log = open(self.log_path, "w")
        args = [openwork, "serve", "--listen", "127.0.0.1:0", "--db", db,
                "--admin-token", ADMIN, *extra]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.base = None
        for line in self.process.stdout:
            found = re.search(r"listening on (http://\S+)", line)
            if found:
                self.base = found.group(1)
            if line.startswith("Press Ctrl-C"):
                break
        if self.base is None:
            raise SystemExit(f"openwork did not start: {self.log_path.read_text()}")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()
        host, port = self.base.removeprefix("http://").rsplit(":", 1)
        self.address = (host, int(port))

    def rss_mb(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.log.close()


def call(base, path, body=None, token=None, timeout=10):
    """(HTTP status, JSON body or text) of one call; errors are answers too."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, text = answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        status, text = err.code, err.read().decode()
    except OSError as err:
        # No answer at all (the server stopped, or closed the connection): status 0.
        return 0, str(err)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def tenant_token(base):
    return call(base, "/open-apis/auth/v3/tenant_access_token/internal", DEMO_APP)[1][
        "tenant_access_token"]


def raw(address, request, read_timeout=10):
    """Sends raw bytes; answers (status, head, body) of what comes back before the close."""
    with socket.create_connection(address) as sock:
        sock.settimeout(read_timeout)
        try:
            sock.sendall(request)
        except OSError:
            pass
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except OSError:
            pass
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head[9:12]) if head.startswith(b"HTTP/1.1 ") else 0
    return status, head.decode("latin-1"), body.decode("utf-8", "replace")


def is_envelope(path, status, head, body):
    """Whether an answer on `path` is its vendor's JSON envelope."""
    if "application/json" not in head.lower():
        return False
    try:
        answer = json.loads(body)
    except ValueError:
        return False
    if path.startswith("/open-apis/"):
        return isinstance(answer.get("code"), int)
    if path.startswith("/topapi/") or path.startswith("/gettoken"):
        return status == 200 and isinstance(answer.get("errcode"), int)
    return "error" in answer or "status" in answer


def half_open(openwork, wanted):
    """Many connections that each send half a request and wait; a token call meanwhile."""
    # This process and the server (which inherits the limit) each hold a descriptor per
    # connection. Root may raise the hard limit; anyone else gets as many as it allows.
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    try:
        hard = max(hard, wanted + 1_000)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ValueError, OSError):
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    held_count = min(wanted, hard - 200)
    server = Server(openwork, "sqlite::memory:")
    try:
        tenant_token(server.base)
        before = server.rss_mb()
        held = []
        for _ in range(held_count):
            sock = socket.create_connection(server.address)
            sock.sendall(b"GET /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1\r\nHost: x\r\n")
            held.append(sock)
        time.sleep(2)
        started = time.monotonic()
        status, answer = call(server.base, "/open-apis/auth/v3/tenant_access_token/internal",
                              DEMO_APP)
        token_ms = (time.monotonic() - started) * 1000
        rss = server.rss_mb()
        for sock in held:
            sock.close()
        return {"wanted": wanted, "held": held_count, "open_file_limit": hard,
                "rss_before_mb": round(before, 1), "rss_mb": round(rss, 1),
                "token_ms": round(token_ms, 1), "token_code": answer.get("code")}
    finally:
        server.stop()


def big_bodies(openwork, count=12, megabytes=60):
    """Unauthenticated 60 MB bodies at once, half to a Feishu token call, half to DingTalk."""
    server = Server(openwork, "sqlite::memory:")
    paths = ["/open-apis/auth/v3/tenant_access_token/internal",
             "/topapi/workspace/task/get?access_token=bogus"]
    answers, peak = [], [server.rss_mb()]

    def send(path):
        size = megabytes * 1024 * 1024
        head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {size}\r\n\r\n").encode()
        with socket.create_connection(server.address) as sock:
            sock.settimeout(30)
            sock.sendall(head)
            chunk, sent = b" " * 65536, 0
            try:
                while sent < size:
                    sock.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            try:
                answer = sock.recv(65536)
            except OSError:
                answer = b""
        _, _, body = answer.partition(b"\r\n\r\n")
        answers.append((path, answer.decode("latin-1"), body.decode("utf-8", "replace")))

    threads = [threading.Thread(target=send, args=(paths[i % 2],)) for i in range(count)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        peak.append(server.rss_mb())
        time.sleep(0.05)
    server.stop()
    vendor = [is_envelope(path.split("?")[0], 200, head, body) for path, head, body in answers]
    return {"count": count, "megabytes": megabytes, "peak_rss_mb": round(max(peak), 1),
            "answered": len(answers), "vendor_envelopes": sum(vendor),
            "codes": sorted({vendor_code(json.loads(body))
                             for (_, _, body), ok in zip(answers, vendor) if ok})}


def vendor_code(answer):
    """Feishu's `code` or DingTalk's `errcode` of an envelope."""
    return answer["code"] if "code" in answer else answer.get("errcode")


def defect_corpus(openwork):
    """Each defect of issue 19's round, sent again: no 5xx, and the vendor's envelope."""
    server = Server(openwork, "sqlite::memory:")
    try:
        token = tenant_token(server.base)
        cases = [
            ("414: a query string over 64 KB", "/open-apis/performance/v1/semesters",
             b"GET /open-apis/performance/v1/semesters?q=" + b"a" * 70000
             + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            ("bad UTF-8 in a path", "/open-apis/report/v1/rules/x/views/remove",
             b"POST /open-apis/report/v1/rules/%FF/views/remove HTTP/1.1\r\nHost: x\r\n"
             + f"Authorization: Bearer {token}\r\n".encode()
             + b"Content-Length: 2\r\nConnection: close\r\n\r\n{}"),
            ("a repeated query parameter on /gettoken", "/gettoken",
             b"GET /gettoken?appkey=a&appkey=b&appsecret=c HTTP/1.1\r\nHost: x\r\n"
             b"Connection: close\r\n\r\n"),
            ("a control character in Content-Type", "/open-apis/auth/v3/tenant_access_token/internal",
             b"POST /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1\r\nHost: x\r\n"
             b"Content-Type: app\x01lication/json\r\nConnection: close\r\n\r\n"),
            ("a body over the token call's limit", "/open-apis/auth/v3/tenant_access_token/internal",
             b"POST /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1\r\nHost: x\r\n"
             b"Content-Length: 70000\r\nConnection: close\r\n\r\n"),
            ("plan_start_date 9223372036854775807", "/topapi/workspace/task/create",
             None),
            ("a 2 MB operator_userid (20 MB is past the body limit)",
             "/topapi/workspace/task/create", None),
        ]
        ding = call(server.base, f"/gettoken?appkey={DINGTALK_KEY[0]}"
                                 f"&appsecret={DINGTALK_KEY[1]}")[1]["access_token"]
        results = []
        for name, path, request in cases:
            if request is None:
                # The DingTalk defects need a token and a body.
                task = {"subject": "s", "creator_userid": "u1", "source_id": "r1",
                        "source": "rel", "plan_start_date": 9223372036854775807}
                body = {"operator_userid": "u1", "task": task}
                if "operator" in name:
                    body = {"operator_userid": "u" * (2 * 1024 * 1024), "task": task}
                text = json.dumps(body).encode()
                request = (f"POST {path}?access_token={ding} HTTP/1.1\r\nHost: x\r\n"
                           f"Content-Type: application/json\r\nContent-Length: {len(text)}\r\n"
                           "Connection: close\r\n\r\n").encode() + text
            status, head, body = raw(server.address, request)
            results.append({"case": name, "status": status, "bytes": len(body),
                            "envelope": is_envelope(path, status, head, body),
                            "server_error": status >= 500})
        # A deeply nested fixture, and a call that must not wait for it.
        started = time.monotonic()
        deep = b"[" * 100_000
        status, head, body = raw(server.address,
                                 b"POST /_openwork/v1/fixtures HTTP/1.1\r\nHost: x\r\n"
                                 + f"Authorization: Bearer {ADMIN}\r\n".encode()
                                 + f"Content-Length: {len(deep)}\r\nConnection: close\r\n\r\n".encode()
                                 + deep)
        results.append({"case": "a fixture of 100,000 nested [", "status": status,
                         "bytes": len(body), "envelope": is_envelope("/_openwork/", status, head, body),
                         "server_error": status >= 500,
                         "seconds": round(time.monotonic() - started, 2)})
        return results
    finally:
        server.stop()


def fuzz():
    """fuzz/run's schemathesis run: how many cases, and whether every one passed."""
    run = subprocess.run([str(ROOT / "fuzz" / "run")], capture_output=True, text=True)
    found = re.search(r"(\d+) generated", run.stdout)
    return {"generated": int(found.group(1)) if found else 0, "passed": run.returncode == 0}


def kills():
    """The tests that SIGKILL a server mid-import, mid-delivery and amid metric imports (SQLite
    and PostgreSQL) and check every item is applied, and every event recorded, exactly once
    after a restart."""
    tests = ["jobs::a_job_killed_mid_way", "jobs::two_replicas_on_postgres",
             "events::events_killed_mid_delivery", "metric_imports::metric_imports_killed_mid_way"]
    results = []
    for test in tests:
        run = subprocess.run(["cargo", "test", "--quiet", "-p", "openwork-cli", "--test", "cli",
                              "--", test], cwd=ROOT, capture_output=True, text=True)
        passed = re.search(r"test result: ok\. (\d+) passed", run.stdout)
        results.append({"tests": test, "passed": int(passed.group(1)) if passed else 0,
                        "ok": run.returncode == 0 and bool(passed) and passed.group(1) != "0"})
    return results


def storage_faults(openwork, postgres):
    """Each storage fault: what the server does, how fast it says so, and whether it recovers."""
    results = []
    work = Path(tempfile.mkdtemp(prefix="openwork-reliability-"))
    try:
        # A corrupt SQLite file, and PostgreSQL on a closed port: the start ends with the cause.
        corrupt = work / "corrupt.db"
        corrupt.write_bytes(b"Z" * 65536)
        for name, db, cause in [
            ("corrupt SQLite file", f"sqlite://{corrupt}", "file is not a database"),
            ("PostgreSQL on a closed port", "postgres://postgres@127.0.0.1:1/test",
             "Connection refused"),
        ]:
            started = time.monotonic()
            run = subprocess.run([openwork, "serve", "--listen", "127.0.0.1:0", "--db", db],
                                 capture_output=True, text=True, timeout=120)
            results.append({"fault": name, "crash": False,
                            "said": cause in run.stderr,
                            "seconds": round(time.monotonic() - started, 2),
                            "recovered": None})
        # The database file deleted, then put back, under a running server.
        db = work / "live.db"
        server = Server(openwork, f"sqlite://{db}")
        aside = work / "aside.db"
        db.rename(aside)
        status, answer = call(server.base, "/_openwork/v1/healthz")
        said = status == 503 and "deleted" in str(answer)
        aside.rename(db)
        recovered = call(server.base, "/_openwork/v1/healthz")[0] == 200
        results.append({"fault": "database file deleted (then restored)",
                        "crash": server.process.poll() is not None, "said": said,
                        "seconds": None, "recovered": recovered})
        # Replaced by a copy.
        shutil.copy(db, aside)
        aside.rename(db)
        status, answer = call(server.base, "/_openwork/v1/healthz")
        results.append({"fault": "database file replaced", "crash": server.process.poll() is not None,
                        "said": status == 503 and "replaced" in str(answer), "seconds": None,
                        "recovered": None})
        server.stop()
        # SQLite's WAL index: in the server's memory by default, so no -shm file to break.
        db = work / "private.db"
        server = Server(openwork, f"sqlite://{db}")
        served = call(server.base, "/_openwork/v1/healthz")[0] == 200
        results.append({"fault": "-shm truncated (default: the WAL index is in memory)",
                        "crash": server.process.poll() is not None,
                        "said": None, "seconds": None, "recovered": None,
                        "shm_file": Path(f"{db}-shm").exists(), "served": served})
        server.stop()
        # A URL asking for the shared-memory VFS maps a -shm file; truncated, it is a SIGBUS.
        db = work / "shared.db"
        server = Server(openwork, f"sqlite://{db}?vfs=unix")
        with open(f"{db}-shm", "r+b") as shm:
            shm.truncate(0)
        call(server.base, "/_openwork/v1/healthz", timeout=3)
        try:
            code = server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        server.stop()
        log = server.log_path.read_text()
        # Exit code 70 is the server stopping on purpose, saying why; still a stop.
        results.append({"fault": "-shm truncated (opt-in ?vfs=unix, shared between processes)",
                        "crash": code is not None, "opt_in": True,
                        "said": "memory-mapped file failed" in log, "seconds": None,
                        "recovered": None, "exit_code": code})
        results += disk_faults(openwork)
        # PostgreSQL's connections terminated under a running server.
        if postgres:
            results.append(postgres_terminated(openwork, postgres))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def disk_faults(openwork):
    """A full disk under a running server, and a read-only database file at start. Both need
    root (a tmpfs mount; running the server as `nobody`, since root ignores file modes): left
    out, and said so, elsewhere. A read-only remount under a running server cannot be made:
    the kernel refuses it while the server holds files open for writing."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return [{"fault": "full disk, read-only file (need root; not measured)", "crash": False,
                 "said": None, "seconds": None, "recovered": None}]
    results = []
    mount = Path(tempfile.mkdtemp(prefix="openwork-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)], check=True)
    try:
        server = Server(openwork, f"sqlite://{mount}/full.db")
        clock = f"{server.base}/_openwork/v1/tenants/demo/clock"

        def move_clock(day):
            request = urllib.request.Request(clock, method="PUT",
                                             data=json.dumps({"now": f"2025-01-{day:02}T00:00:00Z"}).encode())
            request.add_header("Authorization", f"Bearer {ADMIN}")
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    return answer.status
            except urllib.error.HTTPError as err:
                return err.code

        filler = mount / "filler"
        with open(filler, "wb") as out:
            try:
                while True:
                    out.write(b"\0" * (1 << 20))
            except OSError:
                pass
        refused = [move_clock(day) for day in (2, 3, 4)]
        filler.unlink()
        after = move_clock(5)
        crashed = server.process.poll() is not None
        server.stop()
        log = server.log_path.read_text()
        results.append({"fault": "disk full under a running server (then space freed)",
                        "crash": crashed,
                        "said": "disk is full" in log, "seconds": None,
                        "recovered": after == 200, "statuses": refused + [after]})
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
    # A read-only database file: the start ends, saying so.
    home = Path(tempfile.mkdtemp(prefix="openwork-readonly-"))
    db = home / "readonly.db"
    server = Server(openwork, f"sqlite://{db}")
    server.stop()
    db.chmod(0o444)
    for path in [home, *home.iterdir()]:
        os.chown(path, 65534, 65534)
    started = time.monotonic()
    run = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                          openwork, "serve", "--listen", "127.0.0.1:0", "--db", f"sqlite://{db}"],
                         capture_output=True, text=True, timeout=60)
    results.append({"fault": "read-only database file at start", "crash": False,
                    "said": "read-only" in run.stderr and "writable" in run.stderr,
                    "seconds": round(time.monotonic() - started, 2), "recovered": None})
    shutil.rmtree(home, ignore_errors=True)
    return results


def psql(url, sql):
    return subprocess.run(["psql", "-q", "-t", "-A", url, "-c", sql], capture_output=True,
                          text=True, check=True).stdout.strip()


def postgres_schema_url(postgres, name):
    psql(postgres, f"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")
    separator = "&" if "?" in postgres else "?"
    return (f"{postgres}{separator}options=-c%20search_path%3D{name}"
            f"&application_name={name}")


def postgres_terminated(openwork, postgres):
    url = postgres_schema_url(postgres, "openwork_reliability_pg")
    server = Server(openwork, url)
    try:
        token = tenant_token(server.base)
        killed = psql(postgres, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                "WHERE application_name = 'openwork_reliability_pg'")
        started = time.monotonic()
        codes = [call(server.base, "/open-apis/performance/v1/semesters", token=token)[1].get("code")
                 for _ in range(5)]
        return {"fault": f"PostgreSQL connections terminated ({killed})",
                "crash": server.process.poll() is not None,
                "said": None, "seconds": round(time.monotonic() - started, 2),
                "recovered": codes[-1] == 0, "codes": codes}
    finally:
        server.stop()
        psql(postgres, "DROP SCHEMA IF EXISTS openwork_reliability_pg CASCADE")


def shared_rate_limit(openwork, postgres):
    """Two replicas on one PostgreSQL database, one app, 30 calls of a 10-a-minute API."""
    url = postgres_schema_url(postgres, "openwork_reliability_rate")
    replicas = [Server(openwork, url), Server(openwork, url)]
    try:
        token = tenant_token(replicas[0].base)
        codes = [call(replicas[i % 2].base, "/open-apis/performance/v1/semesters",
                      token=token)[1].get("code") for i in range(30)]
        return {"limit": 10, "calls": 30, "allowed": codes.count(0),
                "refused": codes.count(99991400)}
    finally:
        for replica in replicas:
            replica.stop()
        psql(postgres, "DROP SCHEMA IF EXISTS openwork_reliability_rate CASCADE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--openwork", required=True)
    parser.add_argument("--connections", type=int, default=20_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": os.uname().machine, "cpus": os.cpu_count()}
    steps = [
        ("half_open", lambda: half_open(args.openwork, args.connections)),
        ("big_bodies", lambda: big_bodies(args.openwork)),
        ("defects", lambda: defect_corpus(args.openwork)),
        ("fuzz", fuzz),
        ("kills", kills),
        ("storage", lambda: storage_faults(args.openwork, args.postgres)),
        ("rate_limit", lambda: shared_rate_limit(args.openwork, args.postgres)
         if args.postgres else None),
    ]
    for name, step in steps:
        print(f"reliability: {name}", file=sys.stderr, flush=True)
        results[name] = step()
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
