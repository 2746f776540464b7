#!/usr/bin/env python3
"""openwork's benchmark (issues 8 and 18), driven by bench/run.

On a world written by `openwork generate` (1,000,000 stage tasks), measures with wrk:
openwork answering from its database, WireMock answering each request from a stub that holds
openwork's own answer to it, and nginx serving the same bytes as static files. Each benchmarked
request is a list of distinct requests, found by walking openwork's pages before measuring
(issue 18: "one hot page repeated is not a benchmark"), and wrk cycles through them. Then a
full find_by_page walk, a 10,000-user batch_add job, cold start, generation time, RSS, and two
openwork replicas sharing one PostgreSQL database. Writes bench/out/results.json.

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
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# Openwork's answer to every recorded request, one file each: what WireMock's stubs hold and
# what nginx serves.
ANSWERS = OUT / "answers"
# The release binary under test: bench/run asks cargo where it is (--openwork).
BIN = None
WIREMOCK_JAR = ROOT / "bench" / ".tools" / "node_modules" / "wiremock" / "build" / "wiremock-standalone-3.13.2.jar"

APP_ID, APP_SECRET = "cli_bench0000000000001", "openwork-bench-secret"
DINGTALK_KEY, DINGTALK_SECRET = "dingbench000000001", "openwork-bench-dingtalk-secret"
SEMESTER = "7400000000000000001"
USERS = 100_000
WORKSPACE_TASKS = 100_000
SERVER_CPU, WRK_CPU = "0", "1"
CONNECTIONS = 64
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}

FIND_BY_PAGE = "/open-apis/performance/v1/stage_tasks/find_by_page"
REPORT_QUERY = "/open-apis/report/v1/tasks/query"
PERFORMANCE_V2 = "/open-apis/performance/v2"
USER_ID_TYPES = ("open_id", "union_id", "user_id")
# A walked scenario holds at most this many pages for each user_id_type (and semester, for
# find_by_page), shared evenly among its filter sets or report windows: enough that no page is
# hot, and about as many WireMock stubs in every scenario (stubs are matched one after another).
PAGES_PER_ID_TYPE = 1_000
# getbysourceid asks for as many distinct workspace tasks, spread over the world's.
SOURCE_IDS = 3_000
# contact task/get asks for this many finished jobs (a small request; a few are enough).
TASK_GET_JOBS = 3
# find_by_page's filter sets: to-do tasks whose deadlines fall in a window around the world's
# "now" (one task per user), and the done tasks of every stage (about six per user).
FILTER_SETS = (
    {"task_option_lists": [1], "after_time": "1717171200000", "before_time": "1722441600000"},
    {"task_option_lists": [2]},
)
# report tasks/query's commit-time windows (Unix seconds): three 3-day windows a month apart,
# within the 90 days of reports before the world's "now" (2024-06-15T10:00:00+08:00); each
# holds about 330 pages of 20.
NOW_S, DAY_S = 1_718_416_800, 86_400
REPORT_WINDOWS = tuple((NOW_S - (d + 3) * DAY_S, NOW_S - d * DAY_S - 1) for d in (3, 33, 63))
# The two-replica PostgreSQL measurement's own database, created and dropped on the server
# that --postgres names.
PG_DATABASE = "openwork_bench"
WIREMOCK_IMPORT_BYTES = 32 * 1024 * 1024
# How many times the journal's cost alternates runs with and without it: with three, one host
# spread each side's runs wider (10,099 against 8,733 without) than the 10 % they are judged by.
JOURNAL_PAIRS = 5


def slug(name):
    """A file name for a scenario: "find_by_page ps20" becomes find_by_page-ps20."""
    return re.sub(r"\W+", "-", name).strip("-")


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
    hdrs = {**JSON_HEADERS, **(headers or {})}
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


# --- requests and their recorded answers -----------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # with its query
    headers: dict
    body: bytes | None  # the very bytes sent, which a WireMock stub matches exactly


def json_request(method, path, headers, body):
    return Request(method, path, headers, json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode())


class Client:
    """One keep-alive connection: a walk sends thousands of requests one after another."""

    def __init__(self, port, timeout=60):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.conn.close()

    def send(self, request):
        self.conn.request(request.method, request.path, body=request.body, headers=request.headers)
        res = self.conn.getresponse()
        return res.status, res.read()


def successful_answer(client, request):
    """openwork's answer to a request, which must be HTTP 200 with code (Feishu) or errcode
    (DingTalk) 0: a benchmark of error answers would measure nothing."""
    status, raw = client.send(request)
    answer = json.loads(raw)
    if status != 200 or answer.get("code", answer.get("errcode")) != 0:
        raise SystemExit(f"bench: {request.method} {request.path} {request.body!r} answered {status}: {raw[:300]!r}")
    return raw


class Scenario:
    """One benchmarked request: the distinct requests wrk cycles through, each with openwork's
    answer to it, kept as ANSWERS/<slug>/<n> (the file nginx serves for request n)."""

    def __init__(self, name):
        self.name = name
        self.slug = slug(name)
        self.requests = []
        self.sizes = []
        self.dir = ANSWERS / self.slug
        self.dir.mkdir(parents=True)

    def record(self, client, request):
        """Sends the request to openwork and keeps it with its answer; answers the answer, parsed."""
        raw = successful_answer(client, request)
        (self.dir / str(len(self.requests))).write_bytes(raw)
        self.requests.append(request)
        self.sizes.append(len(raw))
        return json.loads(raw)

    def answer(self, n):
        return (self.dir / str(n)).read_bytes()

    def nginx_requests(self):
        """The same requests (method, headers, body), each asking nginx for its answer's file."""
        return [Request(r.method, f"/{self.slug}/{n}", r.headers, r.body) for n, r in enumerate(self.requests)]

    def summary(self):
        return {"distinct_requests": len(self.requests), "mean_bytes": statistics.mean(self.sizes),
                "min_bytes": min(self.sizes), "max_bytes": max(self.sizes)}


def walk(client, scenario, path, headers, first_body, pages, token_in_query=False):
    """Records up to `pages` pages of one listing, from the first page on: each next page's
    request is the first's with the page_token the previous answer gave, in its body, or in its
    query for the v2 APIs that take it there (their path already has a query); answers every
    page's `data`."""
    token, answers = None, []
    for _ in range(pages):
        path_now, body = path, first_body
        if token is not None and token_in_query:
            path_now = f"{path}&page_token={urllib.parse.quote(token)}"
        elif token is not None:
            body = {**first_body, "page_token": token}
        data = scenario.record(client, json_request("POST", path_now, headers, body))["data"]
        answers.append(data)
        if not data["has_more"]:
            break
        token = data["page_token"]
    return answers


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
        # Its own root directory, so that nothing it might write lands in the repository.
        self.dir = Path(tempfile.mkdtemp(prefix="openwork-bench-wiremock-"))
        # As WireMock's docs advise for load: no request journal, asynchronous responses,
        # no request logging.
        self.proc = subprocess.Popen(
            ["taskset", "-c", SERVER_CPU, "java", "-jar", str(WIREMOCK_JAR), "--port", str(self.port),
             "--root-dir", str(self.dir), "--no-request-journal", "--async-response-enabled", "true",
             "--disable-request-logging", "--disable-banner"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)

    def serve(self, scenario):
        """Only the scenario's stubs: one per distinct request, matching its method, its URL
        (path and query) and its body exactly, answering openwork's bytes for it."""
        with Client(self.port, timeout=600) as admin:
            status, raw = admin.send(Request("POST", "/__admin/reset", {}, None))
            assert status == 200, raw
            for batch in self.stub_batches(scenario):
                status, raw = admin.send(json_request("POST", "/__admin/mappings/import", JSON_HEADERS,
                                                      {"mappings": batch}))
                assert status == 200, raw

    @staticmethod
    def stub_batches(scenario):
        """The stubs in batches holding about WIREMOCK_IMPORT_BYTES of answers: WireMock copies
        an admin request's body a few times over, and ran out of heap importing the 500 MB of
        find_by_page ps50 at once."""
        batch, size = [], 0
        for n, request in enumerate(scenario.requests):
            match = {"method": request.method, "url": request.path}
            if request.body is not None:
                match["bodyPatterns"] = [{"equalTo": request.body.decode()}]
            answer = scenario.answer(n)
            batch.append({"request": match,
                          "response": {"status": 200, "body": answer.decode(), "headers": JSON_HEADERS}})
            size += len(answer)
            if size >= WIREMOCK_IMPORT_BYTES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


class Nginx(Managed):
    """Serves ANSWERS: request n of a scenario asks for /<slug>/<n>."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="openwork-bench-nginx-"))
        (self.dir / "logs").mkdir()
        # One worker on the server CPU; POST answers a file too, through the 405 error page
        # (an internal redirect to the same path as a GET).
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
        root {ANSWERS};
        location / {{ error_page 405 =200 $uri; }}
    }}
}}
""")
        self.proc = subprocess.Popen(["nginx", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                                      "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


def check_serves(port, request, expected, server):
    """A reference server answers the recorded bytes: otherwise it would be measured serving
    something else (a 404 page, a WireMock "not matched" report)."""
    with Client(port) as client:
        status, raw = client.send(request)
    if status != 200 or raw != expected:
        raise SystemExit(f"bench: {server} answered {request.method} {request.path} with {status}, "
                         f"{len(raw)} bytes, not the recorded {len(expected)}: {raw[:200]!r}")


# --- wrk -----------------------------------------------------------------------------------


def lua_string(text):
    """A Lua string literal: quotes, backslashes and control characters escaped (as three
    decimal digits, so that a digit after the escape is not read as part of it)."""
    return '"' + re.sub(r'[\\"\x00-\x1f]', lambda m: "\\%03d" % ord(m.group()), text) + '"'


def wrk_script(name, requests):
    """A wrk script that formats every request once, in init, and hands them out round-robin:
    the load cycles through the distinct requests instead of repeating one."""
    def entry(r):
        headers = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in r.headers.items())
        body = lua_string(r.body.decode()) if r.body is not None else "nil"
        return f"  {{{lua_string(r.method)}, {lua_string(r.path)}, {{{headers}}}, {body}}},"
    script = OUT / "wrk" / (slug(name) + ".lua")
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("\n".join([
        "local requests = {",
        *map(entry, requests),
        "}",
        "local formatted, sent = {}, 0",
        "function init(args)",
        "  for i, r in ipairs(requests) do",
        "    formatted[i] = wrk.format(r[1], r[2], r[3], r[4])",
        "  end",
        "end",
        "function request()",
        "  sent = sent % #formatted + 1",
        "  return formatted[sent]",
        "end",
        "",
    ]))
    return script


def start_wrk(port, script, seconds, connections):
    return subprocess.Popen(
        ["taskset", "-c", WRK_CPU, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", str(script), f"http://127.0.0.1:{port}/"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_figures(proc):
    """Waits for a wrk run; its requests per second, latency percentiles and errors."""
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"bench: wrk failed: {err}")
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


def measure(port, script, warmup, seconds):
    wrk_figures(start_wrk(port, script, warmup, CONNECTIONS))
    return wrk_figures(start_wrk(port, script, seconds, CONNECTIONS))


def measure_together(ports, script, warmup, seconds):
    """One wrk per port, all at once, sharing the 64 connections: the figures of each."""
    connections = CONNECTIONS // len(ports)
    for duration in (warmup, seconds):
        runs = [start_wrk(port, script, duration, connections) for port in ports]
        figures = [wrk_figures(run) for run in runs]
    return figures  # the measured runs', after the warm-up's


# --- the scenarios -------------------------------------------------------------------------


def credentials(port):
    """The bench app's bearer headers (Feishu) and DingTalk access token."""
    _, raw = call(port, "POST", "/open-apis/auth/v3/tenant_access_token/internal",
                  {"app_id": APP_ID, "app_secret": APP_SECRET})
    bearer = {"Authorization": f"Bearer {json.loads(raw)['tenant_access_token']}", **JSON_HEADERS}
    _, raw = call(port, "GET", f"/gettoken?appkey={DINGTALK_KEY}&appsecret={DINGTALK_SECRET}")
    return bearer, json.loads(raw)["access_token"]


def semesters(client, bearer):
    """Every semester the bench app sees."""
    raw = successful_answer(client, Request("GET", "/open-apis/performance/v1/semesters?user_id_type=open_id",
                                            bearer, None))
    return [item["id"] for item in json.loads(raw)["data"]["items"]]


def find_by_page(client, bearer, semester_ids, name, page_size, filter_sets):
    """The pages of find_by_page for every semester, filter set and user_id_type, from the
    first page on."""
    scenario = Scenario(name)
    pages = PAGES_PER_ID_TYPE // len(filter_sets)
    for semester in semester_ids:
        for filters in filter_sets:
            for id_type in USER_ID_TYPES:
                walk(client, scenario, f"{FIND_BY_PAGE}?user_id_type={id_type}", bearer,
                     {"semester_id": semester, "page_size": page_size, **filters}, pages)
    return scenario


def report_tasks(client, bearer):
    """The pages of report tasks/query for every commit-time window and user_id_type."""
    scenario = Scenario("report tasks/query")
    pages = PAGES_PER_ID_TYPE // len(REPORT_WINDOWS)
    for start, end in REPORT_WINDOWS:
        for id_type in USER_ID_TYPES:
            walk(client, scenario, f"{REPORT_QUERY}?user_id_type={id_type}", bearer,
                 {"commit_start_time": start, "commit_end_time": end, "page_token": "", "page_size": 20}, pages)
    return scenario


def performance_reads(client, bearer, semester):
    """The performance module's reads beyond stage tasks, on the world's one activity (which
    reviews every user): the reviewees' pages and the additional information's pages walked
    with each user_id_type, and the per-user reads (review data v1 and v2, user info, metric
    details) asking for those reviewees, a list of them at a time, as each user_id_type names
    them."""
    reviewees = Scenario("reviewees/query")
    infos = Scenario("additional_informations/query")
    named = {}
    for id_type in USER_ID_TYPES:
        pages = walk(client, reviewees, f"{PERFORMANCE_V2}/reviewees/query?page_size=50&user_id_type={id_type}",
                     bearer, {"semester_id": semester}, PAGES_PER_ID_TYPE // 5, token_in_query=True)
        named[id_type] = [r["reviewee_user_id"]["user_id"] for page in pages for r in page["reviewees"]]
        walk(client, infos, f"{PERFORMANCE_V2}/additional_informations/query?page_size=50&user_id_type={id_type}",
             bearer, {"semester_id": semester}, PAGES_PER_ID_TYPE, token_in_query=True)
    per_user = (
        ("review_datas/query v1", "/open-apis/performance/v1/review_datas/query", 50,
         lambda users: {"semester_id_list": [semester], "reviewee_user_id_list": users}),
        ("review_datas/query v2", f"{PERFORMANCE_V2}/review_datas/query", 10,
         lambda users: {"semester_ids": [semester], "reviewee_user_ids": users,
                        "stage_types": ["review", "view_result", "leader_review"]}),
        ("user_info/query", f"{PERFORMANCE_V2}/user_info/query", 10,
         lambda users: {"semester_id": semester, "user_ids": users}),
        ("metric_details/query", f"{PERFORMANCE_V2}/metric_details/query", 50,
         lambda users: {"semester_id": semester, "reviewee_user_ids": users}),
    )
    scenarios = [reviewees, infos]
    for name, path, per_request, body in per_user:
        scenario = Scenario(name)
        for id_type in USER_ID_TYPES:
            users = named[id_type]
            for n in range(min(PAGES_PER_ID_TYPE, len(users) // per_request)):
                listed = users[n * per_request:(n + 1) * per_request]
                scenario.record(client, json_request("POST", f"{path}?user_id_type={id_type}", bearer, body(listed)))
        scenarios.append(scenario)
    return scenarios


def getbysourceid(client, dingtalk):
    """SOURCE_IDS workspace tasks spread evenly over the world's, each by its source_id."""
    scenario = Scenario("getbysourceid")
    path = f"/topapi/workspace/task/getbysourceid?access_token={dingtalk}"
    for n in range(SOURCE_IDS):
        scenario.record(client, json_request("POST", path, JSON_HEADERS,
                                             {"source": "bench", "source_id": f"bench-{n * (WORKSPACE_TASKS // SOURCE_IDS)}"}))
    return scenario


def record_scenarios(port):
    """Every benchmarked request's scenario, recorded from openwork; and the bearer headers."""
    bearer, dingtalk = credentials(port)
    # Small finished jobs for contact task/get.
    jobs = []
    for n in range(TASK_GET_JOBS):
        _, raw = call(port, "POST", "/open-apis/contact/v2/user/batch_add",
                      {"users": [{"name": "任务查询", "user_id": f"bench-taskget-{n}", "mobile": f"+861360000000{n}",
                                  "departments": ["d000"]}]}, bearer)
        jobs.append(json.loads(raw)["data"]["task_id"])
        wait_for_job(port, bearer, jobs[-1], timeout=60)
    cases = []
    with Client(port) as client:
        semester_ids = semesters(client, bearer)
        log(f"recording: {len(semester_ids)} semester(s)")
        for name, page_size, filter_sets in (("find_by_page ps20", 20, ({},)),
                                             ("find_by_page ps50", 50, ({},)),
                                             ("find_by_page ps20 filtered", 20, FILTER_SETS),
                                             ("find_by_page ps50 filtered", 50, FILTER_SETS)):
            cases.append(find_by_page(client, bearer, semester_ids, name, page_size, filter_sets))
            log(f"recording: {name}, {len(cases[-1].requests)} pages")
        cases.append(report_tasks(client, bearer))
        log(f"recording: report tasks/query, {len(cases[-1].requests)} pages")
        for case in performance_reads(client, bearer, SEMESTER):
            cases.append(case)
            log(f"recording: {case.name}, {len(case.requests)} requests")
        cases.append(getbysourceid(client, dingtalk))
        token = Scenario("tenant_access_token")
        token.record(client, json_request("POST", "/open-apis/auth/v3/tenant_access_token/internal", JSON_HEADERS,
                                          {"app_id": APP_ID, "app_secret": APP_SECRET}))
        cases.append(token)
        task_get = Scenario("contact task/get")
        for job in jobs:
            task_get.record(client, Request("GET", f"/open-apis/contact/v2/task/get?task_id={job}", bearer, None))
        cases.append(task_get)
    return cases, bearer


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
        conn.request("POST", f"{FIND_BY_PAGE}?user_id_type=user_id", body=json.dumps(body), headers=bearer)
        answer = conn.getresponse().read()
        times.append(time.perf_counter() - started)
        # Parsed after the clock stops: reading 173 KB of JSON in Python takes longer than
        # openwork takes to write it, and would be most of what the walk measures.
        page = json.loads(answer)
        assert page["code"] == 0, page
        users += len(page["data"]["items"])
        if not page["data"]["has_more"]:
            break
        token = page["data"]["page_token"]
    conn.close()
    assert users == USERS, users
    return times


def fresh_page_walk(db, page_size):
    """page_walk on a server of its own, started once the measuring one stopped (a SQLite file
    serves one process). On the measuring server the users of the first pages are already in its
    directory cache and those of the last pages are not, which would compare the cache, not
    paging. A one-user page first builds the semester's stage-task index (a second or two, once
    per catalog revision), so that the walk's first page does not."""
    with Openwork(db) as server:
        server.first_answer()
        bearer, _ = credentials(server.port)
        status, _ = call(server.port, "POST", f"{FIND_BY_PAGE}?user_id_type=user_id",
                         {"semester_id": SEMESTER, "page_size": 1}, bearer)
        assert status == 200
        # The walking client on the load generator's CPU, like wrk: left to the scheduler it
        # sometimes shared the server's, and its pages then took up to twice as long.
        allowed = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {int(WRK_CPU)})
        try:
            return page_walk(server.port, bearer, page_size)
        finally:
            os.sched_setaffinity(0, allowed)


def batch_job(port, bearer, count):
    users = [{"name": f"批量{n}", "user_id": f"batch{n:05}", "mobile": f"+86137{n:08}",
              "departments": [f"d{n % 100:03}"]} for n in range(count)]
    started = time.monotonic()
    _, raw = call(port, "POST", "/open-apis/contact/v2/user/batch_add", {"users": users}, bearer)
    answer = json.loads(raw)
    assert answer["code"] == 0, answer
    data = wait_for_job(port, bearer, answer["data"]["task_id"], timeout=300)
    return time.monotonic() - started, data


# --- PostgreSQL, two replicas --------------------------------------------------------------


def psql(url, statement):
    # PGOPTIONS: no NOTICE on stderr when there is no database to drop.
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", statement], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PGOPTIONS": "--client-min-messages=warning"})


def postgres_replicas(server_url, warmup, seconds):
    """find_by_page ps20 through two openwork replicas sharing one PostgreSQL database, measured
    right after `openwork generate` loaded it (issue 18): each replica walked by its own wrk
    with half the connections, both at once. `server_url` names a database of the server to
    create PG_DATABASE from (and drop it after)."""
    url = server_url.rsplit("/", 1)[0] + "/" + PG_DATABASE
    psql(server_url, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    psql(server_url, f"CREATE DATABASE {PG_DATABASE}")
    try:
        log("PostgreSQL: generating the 1,000,000-task world")
        started = time.monotonic()
        subprocess.run([str(BIN), "generate", "--db", url, "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
        generate_s = time.monotonic() - started
        with Openwork(url) as first, Openwork(url) as second:
            first.first_answer()
            second.first_answer()
            bearer, _ = credentials(first.port)
            with Client(first.port) as client:
                case = find_by_page(client, bearer, semesters(client, bearer), "find_by_page ps20 on PostgreSQL",
                                    20, ({},))
            script = wrk_script(case.name, case.requests)
            log(f"PostgreSQL, two replicas: {case.name}, {len(case.requests)} pages")
            figures = measure_together([first.port, second.port], script, warmup, seconds)
    finally:
        psql(server_url, f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    return {"generate_s": generate_s, **case.summary(), "replicas": figures,
            "rps": sum(f["rps"] for f in figures), "connections_each": CONNECTIONS // len(figures)}


# --- the run -------------------------------------------------------------------------------


def main():
    global BIN
    parser = argparse.ArgumentParser()
    parser.add_argument("--openwork", type=Path, required=True,
                        help="the release openwork binary (bench/run asks cargo for it)")
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per wrk run")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up seconds per wrk run")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/test",
                        help=f"a database of the PostgreSQL server on which to create (and then drop) "
                             f"{PG_DATABASE} for two replicas; '' leaves that measurement out")
    args = parser.parse_args()
    BIN = args.openwork
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(ANSWERS, ignore_errors=True)
    results = {"machine": machine(), "seconds": args.seconds, "warmup": args.warmup,
               "connections": CONNECTIONS, "pages_per_id_type": PAGES_PER_ID_TYPE, "source_ids": SOURCE_IDS}

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
        cases, bearer = record_scenarios(server.port)
        scripts = {case.name: wrk_script(case.name, case.requests) for case in cases}
        results["scenarios"] = {case.name: case.summary() for case in cases}
        for case in cases:
            log("openwork:", case.name)
            results["scenarios"][case.name]["openwork"] = measure(server.port, scripts[case.name],
                                                                  args.warmup, args.seconds)

        log("10,000-user batch_add job")
        seconds, data = batch_job(server.port, bearer, 10_000)
        results["batch_job"] = {"seconds": seconds, "status": data["status"]}
        # The peak over everything above.
        results["openwork_rss_mb"] = rss_kb(server.proc.pid, "VmHWM") / 1024

    log("full page walk, page_size 50, on a fresh server")
    walk_times = fresh_page_walk(db, 50)
    middle = len(walk_times) // 2
    median_ms = lambda xs: statistics.median(xs) * 1000
    results["walk"] = {
        "pages": len(walk_times), "total_s": sum(walk_times),
        "first_ms": walk_times[0] * 1000, "middle_ms": walk_times[middle] * 1000,
        "last_ms": walk_times[-1] * 1000,
        "first10_median_ms": median_ms(walk_times[:10]),
        "middle10_median_ms": median_ms(walk_times[middle - 5:middle + 5]),
        "last10_median_ms": median_ms(walk_times[-10:]),
    }

    # The request journal's cost: find_by_page ps20 with the journal on (the default) and off,
    # alternated JOURNAL_PAIRS times so that drifts of the machine hit both alike; the medians
    # compare. The recorded pages serve every server on this database: tokens open with its keys.
    ps20 = cases[0]
    runs = {"on": [], "off": []}
    for _ in range(JOURNAL_PAIRS):
        for label, extra in (("on", ()), ("off", ("--journal-size", "0"))):
            with Openwork(db, *extra) as server:
                server.first_answer()
                with Client(server.port) as client:
                    successful_answer(client, ps20.requests[-1])
                log(f"openwork, journal {label}:", ps20.name)
                runs[label].append(measure(server.port, scripts[ps20.name], args.warmup, args.seconds)["rps"])
    on, off = statistics.median(runs["on"]), statistics.median(runs["off"])
    results["journal"] = {"on_rps": runs["on"], "off_rps": runs["off"],
                          "overhead_pct": (1 - on / off) * 100}

    log("WireMock")
    with WireMock() as wiremock:
        for case in cases:
            log("wiremock:", case.name)
            wiremock.serve(case)
            middle = len(case.requests) // 2
            check_serves(wiremock.port, case.requests[middle], case.answer(middle), "WireMock")
            results["scenarios"][case.name]["wiremock"] = measure(wiremock.port, scripts[case.name],
                                                                  args.warmup, args.seconds)
        results["wiremock_rss_mb"] = rss_kb(wiremock.proc.pid, "VmHWM") / 1024

    log("nginx")
    with Nginx() as nginx:
        for case in cases:
            log("nginx:", case.name)
            requests = case.nginx_requests()
            middle = len(requests) // 2
            check_serves(nginx.port, requests[middle], case.answer(middle), "nginx")
            script = wrk_script(f"{case.name} nginx", requests)
            results["scenarios"][case.name]["nginx"] = measure(nginx.port, script, args.warmup, args.seconds)

    if args.postgres:
        results["postgres"] = postgres_replicas(args.postgres, args.warmup, args.seconds)

    # The answers take over a gigabyte, and results.json keeps what the report needs of them.
    shutil.rmtree(ANSWERS)
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
