#!/usr/bin/env python3
"""openwork's benchmark (issue 8), driven by bench/run.

On a world written by `openwork generate` (1,000,000 stage tasks), measures with wrk:
openwork answering from its database, WireMock serving a canned copy of openwork's own answer,
and nginx serving the same bytes as a static file. Then a full find_by_page walk, a
10,000-user batch_add job, cold start, generation time and RSS. Writes bench/out/results.json
and BENCHMARKS.md.

Every server under test runs on CPU 0 and wrk on CPU 1 (taskset), so that the load generator
never competes with the server for a core.
"""

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# The release binary under test: bench/run asks cargo where it is (--openwork).
BIN = None
WIREMOCK_JAR = ROOT / "bench" / ".tools" / "node_modules" / "wiremock" / "build" / "wiremock-standalone-3.13.2.jar"

APP_ID, APP_SECRET = "cli_bench0000000000001", "openwork-bench-secret"
DINGTALK_KEY, DINGTALK_SECRET = "dingbench000000001", "openwork-bench-dingtalk-secret"
SEMESTER = "7400000000000000001"
USERS = 100_000
SERVER_CPU, WRK_CPU = "0", "1"
CONNECTIONS = 64


def log(*parts):
    print("bench:", *parts, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=60.0):
    """Until the port accepts a connection (start-up of the reference servers)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench: a server exited during start-up ({proc.args[0]})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.01)
    raise SystemExit(f"bench: nothing listens on {port} after {timeout} s")


def call(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    conn.request(method, path, body=data, headers=hdrs)
    res = conn.getresponse()
    raw = res.read()
    conn.close()
    return res.status, raw


def rss_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def version(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


# --- the servers ---------------------------------------------------------------------------


class Managed:
    """`with Server() as s:` stops the server however the block ends."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()


class Openwork(Managed):
    def __init__(self, db, *extra):
        self.port = free_port()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            ["taskset", "-c", SERVER_CPU, str(BIN), "serve", "--db", db, "--listen",
             f"127.0.0.1:{self.port}", "--rate-limits", "off", "--admin-token", "bench-admin", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def first_answer(self):
        """Seconds from spawn to the first answered request (polled as fast as it can)."""
        while True:
            if self.proc.poll() is not None:
                raise SystemExit("bench: openwork exited during start-up")
            try:
                status, _ = call(self.port, "POST", "/open-apis/auth/v3/tenant_access_token/internal",
                                 {"app_id": APP_ID, "app_secret": APP_SECRET})
                if status == 200:
                    return time.monotonic() - self.started
            except OSError:
                time.sleep(0.001)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


class WireMock(Managed):
    def __init__(self):
        self.port = free_port()
        # As WireMock's docs advise for load: no request journal, asynchronous responses,
        # no request logging.
        self.proc = subprocess.Popen(
            ["taskset", "-c", SERVER_CPU, "java", "-jar", str(WIREMOCK_JAR), "--port", str(self.port),
             "--no-request-journal", "--async-response-enabled", "true", "--disable-request-logging",
             "--disable-banner"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)

    def serve(self, scenario, body):
        """Exactly one stub: the scenario's method and path, answering openwork's bytes."""
        call(self.port, "DELETE", "/__admin/mappings")
        stub = {
            "request": {"method": scenario["method"], "urlPath": scenario["path"].split("?")[0]},
            "response": {"status": 200, "body": body.decode(),
                         "headers": {"Content-Type": "application/json; charset=utf-8"}},
        }
        status, raw = call(self.port, "POST", "/__admin/mappings", stub)
        assert status == 201, raw

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Nginx(Managed):
    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="openwork-bench-nginx-"))
        (self.dir / "logs").mkdir()
        # One worker on the server CPU; every path and method (POST too, through the 405 error
        # page) answers the one static file.
        (self.dir / "nginx.conf").write_text(f"""
worker_processes 1;
worker_cpu_affinity 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/logs/error.log crit;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {self.dir};
    types {{ }}
    default_type "application/json; charset=utf-8";
    server {{
        listen 127.0.0.1:{self.port};
        root {self.dir};
        location / {{ try_files /body.json =404; error_page 405 =200 /body.json; }}
    }}
}}
""")
        self.proc = subprocess.Popen(["nginx", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                                      "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)

    def serve(self, body):
        (self.dir / "body.json").write_bytes(body)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- wrk -----------------------------------------------------------------------------------


def wrk(port, scenario, seconds):
    script = OUT / ("wrk-" + re.sub(r"\W+", "-", scenario["name"]) + ".lua")
    headers = "".join(f'wrk.headers["{k}"] = "{v}"\n' for k, v in scenario["headers"].items())
    body = json.dumps(json.dumps(scenario["body"])) if scenario["body"] is not None else "nil"
    script.write_text(f'wrk.method = "{scenario["method"]}"\nwrk.body = {body}\n{headers}')
    out = subprocess.run(
        ["taskset", "-c", WRK_CPU, "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
         "-s", str(script), f"http://127.0.0.1:{port}{scenario['path']}"],
        capture_output=True, text=True, check=True).stdout
    def latency_ms(label):
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors += sum(int(g) for g in m.groups()) if m else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": latency_ms("50%"),
        "p99_ms": latency_ms("99%"),
        "requests": requests,
        "errors": errors,
    }


def measure(port, scenario, warmup, seconds):
    wrk(port, scenario, warmup)
    return wrk(port, scenario, seconds)


# --- the scenarios -------------------------------------------------------------------------


def scenarios(port):
    _, raw = call(port, "POST", "/open-apis/auth/v3/tenant_access_token/internal",
                  {"app_id": APP_ID, "app_secret": APP_SECRET})
    token = json.loads(raw)["tenant_access_token"]
    _, raw = call(port, "GET", f"/gettoken?appkey={DINGTALK_KEY}&appsecret={DINGTALK_SECRET}")
    dingtalk = json.loads(raw)["access_token"]
    bearer = {"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=utf-8"}
    json_only = {"Content-Type": "application/json; charset=utf-8"}
    # A small finished job for contact task/get.
    _, raw = call(port, "POST", "/open-apis/contact/v2/user/batch_add",
                  {"users": [{"name": "任务查询", "user_id": "bench-taskget", "mobile": "+8613600000001",
                              "departments": ["d000"]}]}, bearer)
    job = json.loads(raw)["data"]["task_id"]
    wait_for_job(port, bearer, job, timeout=60)
    # Filters: to-do tasks whose deadlines fall within a window around "now".
    window = {"task_option_lists": [1], "after_time": "1717171200000", "before_time": "1722441600000"}
    fbp = "/open-apis/performance/v1/stage_tasks/find_by_page"
    return [
        dict(name="find_by_page ps20", method="POST", path=fbp, headers=bearer,
             body={"semester_id": SEMESTER, "page_size": 20}),
        dict(name="find_by_page ps50", method="POST", path=fbp, headers=bearer,
             body={"semester_id": SEMESTER, "page_size": 50}),
        dict(name="find_by_page ps20 filtered", method="POST", path=fbp, headers=bearer,
             body={"semester_id": SEMESTER, "page_size": 20, **window}),
        dict(name="find_by_page ps50 filtered", method="POST", path=fbp, headers=bearer,
             body={"semester_id": SEMESTER, "page_size": 50, **window}),
        dict(name="report tasks/query", method="POST", path="/open-apis/report/v1/tasks/query",
             headers=bearer, body={"commit_start_time": 1710000000, "commit_end_time": 1718500000, "page_token": "",
                                   "page_size": 20}),
        dict(name="getbysourceid", method="POST",
             path=f"/topapi/workspace/task/getbysourceid?access_token={dingtalk}", headers=json_only,
             body={"source": "bench", "source_id": "bench-4242"}),
        dict(name="tenant_access_token", method="POST",
             path="/open-apis/auth/v3/tenant_access_token/internal", headers=json_only,
             body={"app_id": APP_ID, "app_secret": APP_SECRET}),
        dict(name="contact task/get", method="GET",
             path=f"/open-apis/contact/v2/task/get?task_id={job}", headers=bearer, body=None),
    ], bearer


def wait_for_job(port, bearer, task_id, timeout):
    """Polls task/get until status 9; answers the finished job as task/get shows it."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        _, raw = call(port, "GET", f"/open-apis/contact/v2/task/get?task_id={task_id}", None, bearer)
        data = json.loads(raw)["data"]
        if data["status"] == 9:
            return data
        time.sleep(0.01)
    raise SystemExit(f"bench: job {task_id} not finished after {timeout} s")


def page_walk(port, bearer, page_size):
    """Every page of the semester over one keep-alive connection; per-page seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times, token, users = [], None, 0
    while True:
        body = {"semester_id": SEMESTER, "page_size": page_size}
        if token:
            body["page_token"] = token
        started = time.perf_counter()
        conn.request("POST", "/open-apis/performance/v1/stage_tasks/find_by_page?user_id_type=user_id",
                     body=json.dumps(body), headers=bearer)
        page = json.loads(conn.getresponse().read())
        times.append(time.perf_counter() - started)
        assert page["code"] == 0, page
        users += len(page["data"]["items"])
        if not page["data"]["has_more"]:
            break
        token = page["data"]["page_token"]
    conn.close()
    assert users == USERS, users
    return times


def batch_job(port, bearer, count):
    users = [{"name": f"批量{n}", "user_id": f"batch{n:05}", "mobile": f"+86137{n:08}",
              "departments": [f"d{n % 100:03}"]} for n in range(count)]
    started = time.monotonic()
    _, raw = call(port, "POST", "/open-apis/contact/v2/user/batch_add", {"users": users}, bearer)
    answer = json.loads(raw)
    assert answer["code"] == 0, answer
    data = wait_for_job(port, bearer, answer["data"]["task_id"], timeout=300)
    return time.monotonic() - started, data


# --- the run -------------------------------------------------------------------------------


def main():
    global BIN
    parser = argparse.ArgumentParser()
    parser.add_argument("--openwork", type=Path, required=True,
                        help="the release openwork binary (bench/run asks cargo for it)")
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per wrk run")
    args = parser.parse_args()
    BIN = args.openwork
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "seconds": args.seconds, "warmup": args.warmup,
               "connections": CONNECTIONS}

    db_file = OUT / "bench.db"
    for leftover in OUT.glob("bench.db*"):
        leftover.unlink()
    db = f"sqlite://{db_file}"
    log("generating the 1,000,000-task world")
    started = time.monotonic()
    subprocess.run([str(BIN), "generate", "--db", db, "--seed", "1"], check=True,
                   stdout=subprocess.DEVNULL)
    results["generate_s"] = time.monotonic() - started

    log("cold start")
    starts = []
    for _ in range(5):
        with Openwork(db) as server:
            starts.append(server.first_answer())
    results["cold_start_ms"] = {"median": statistics.median(starts) * 1000,
                                "all": [s * 1000 for s in starts]}

    with Openwork(db) as server:
        server.first_answer()
        cases, bearer = scenarios(server.port)
        bodies = {}
        for case in cases:
            status, raw = call(server.port, case["method"], case["path"], case["body"], case["headers"])
            answer = json.loads(raw)
            assert status == 200 and answer.get("code", answer.get("errcode")) == 0, (case["name"], raw)
            bodies[case["name"]] = raw
        results["scenarios"] = {c["name"]: {"bytes": len(bodies[c["name"]])} for c in cases}
        for case in cases:
            log("openwork:", case["name"])
            results["scenarios"][case["name"]]["openwork"] = measure(server.port, case, args.warmup, args.seconds)

        log("full page walk, page_size 50")
        walk = page_walk(server.port, bearer, 50)
        middle = len(walk) // 2
        median_ms = lambda xs: statistics.median(xs) * 1000
        results["walk"] = {
            "pages": len(walk), "total_s": sum(walk),
            "first_ms": walk[0] * 1000, "middle_ms": walk[middle] * 1000, "last_ms": walk[-1] * 1000,
            "first10_median_ms": median_ms(walk[:10]),
            "middle10_median_ms": median_ms(walk[middle - 5:middle + 5]),
            "last10_median_ms": median_ms(walk[-10:]),
        }

        log("10,000-user batch_add job")
        seconds, data = batch_job(server.port, bearer, 10_000)
        results["batch_job"] = {"seconds": seconds, "status": data["status"]}
        # The peak over everything above.
        results["openwork_rss_mb"] = rss_kb(server.proc.pid, "VmHWM") / 1024

    # The request journal's cost: find_by_page ps20 with the journal on (the default) and off,
    # alternated three times so that drifts of the machine hit both alike; the medians compare.
    runs = {"on": [], "off": []}
    for _ in range(3):
        for label, extra in (("on", ()), ("off", ("--journal-size", "0"))):
            with Openwork(db, *extra) as server:
                server.first_answer()
                case = scenarios(server.port)[0][0]
                log(f"openwork, journal {label}:", case["name"])
                runs[label].append(measure(server.port, case, args.warmup, args.seconds)["rps"])
    on, off = statistics.median(runs["on"]), statistics.median(runs["off"])
    results["journal"] = {"on_rps": runs["on"], "off_rps": runs["off"],
                          "overhead_pct": (1 - on / off) * 100}

    log("WireMock")
    with WireMock() as wiremock:
        for case in cases:
            wiremock.serve(case, bodies[case["name"]])
            log("wiremock:", case["name"])
            results["scenarios"][case["name"]]["wiremock"] = measure(wiremock.port, case, args.warmup, args.seconds)
        results["wiremock_rss_mb"] = rss_kb(wiremock.proc.pid, "VmHWM") / 1024

    log("nginx")
    with Nginx() as nginx:
        for case in cases:
            nginx.serve(bodies[case["name"]])
            log("nginx:", case["name"])
            results["scenarios"][case["name"]]["nginx"] = measure(nginx.port, case, args.warmup, args.seconds)

    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    log("wrote bench/out/results.json")
    print(json.dumps(results, indent=2))


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem, "kernel": platform.release(),
        "openwork": version([str(BIN), "--version"]),
        "wrk": version(["wrk", "-v"]),
        "nginx": version(["nginx", "-v"]),
        "java": version(["java", "-version"]),
        "wiremock": WIREMOCK_JAR.name,
        "date": time.strftime("%Y-%m-%d"),
    }


if __name__ == "__main__":
    main()
