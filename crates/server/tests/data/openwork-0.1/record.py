#!/usr/bin/env python3
"""Makes this folder's database and answers with a given openwork binary (release 0.1).

    record.py OPENWORK_BINARY DEMO_FIXTURE [--postgres BASE_URL]

1. `openwork generate` writes a small generated world into openwork-0.1.db;
2. a server on that database loads the demo fixture and is used as a client would: a user and a
   department batch import run to the end, a workspace task is created, a task list is hidden, a
   report rule's board view is removed;
3. the server is restarted and every request of requests.json is sent; the answers, without what
   differs on every call (log ids, request ids, tokens), are written to answers.json.

With --postgres the same is done in a new schema of that PostgreSQL database, which is then
dumped (as plain INSERTs, without the schema's name) into openwork-0.1-postgres.sql, and the
requests and answers go to requests-postgres.json and answers-postgres.json.

The upgrade test (`crates/server/tests/api/upgrade.rs`) opens a copy of the database with the
current openwork, sends the same requests and expects the same answers.
"""
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DB = os.path.join(HERE, "openwork-0.1.db")
ADMIN = "legacy-admin-token"
BENCH = ("cli_bench0000000000001", "openwork-bench-secret")
DEMO = ("cli_demo0000000000001", "openwork-demo-secret")
BENCH_DT = ("dingbench000000001", "openwork-bench-dingtalk-secret")
DEMO_DT = ("dingdemo0000000001", "openwork-demo-dingtalk-secret")


def call(base, method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def serve(binary, url):
    process = subprocess.Popen(
        [binary, "serve", "--db", url, "--listen", "127.0.0.1:0",
         "--admin-token", ADMIN, "--rate-limits", "off"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if "listening on" in line or "http://127.0.0.1:" in line:
            url = line[line.index("http://"):].split()[0].rstrip(".,")
            return process, url
    raise SystemExit("the server did not start")


def stop(process):
    process.terminate()
    process.wait(timeout=30)


def tenant_token(base, app):
    _, body = call(base, "POST", "/open-apis/auth/v3/tenant_access_token/internal",
                   body={"app_id": app[0], "app_secret": app[1]})
    return body["tenant_access_token"]


def dingtalk_token(base, app):
    _, body = call(base, "GET", f"/gettoken?appkey={app[0]}&appsecret={app[1]}")
    return body["access_token"]


def wait_for_job(base, token, task_id):
    for _ in range(600):
        _, body = call(base, "GET", f"/open-apis/contact/v2/task/get?task_id={task_id}", token)
        if body["data"]["status"] == 9:
            return
        time.sleep(0.05)
    raise SystemExit(f"job {task_id} did not finish")


VOLATILE = {"log_id", "troubleshooter", "request_id", "tenant_access_token", "app_access_token",
            "access_token", "expire", "expires_in"}


def stable(value):
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stable(v) for v in value]
    return value


def main():
    binary, fixture = sys.argv[1], sys.argv[2]
    postgres = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--postgres" else None
    if postgres:
        schema = "openwork_legacy_record"
        subprocess.run(["psql", postgres, "-qc", f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"], check=True)
        url = postgres + ("&" if "?" in postgres else "?") + f"options=-c%20search_path%3D{schema}"
        suffix = "-postgres"
    else:
        for end in ("", "-wal", "-shm"):
            if os.path.exists(DB + end):
                os.remove(DB + end)
        url = "sqlite://" + DB
        suffix = ""
    subprocess.run([binary, "generate", "--db", url, "--seed", "7", "--users", "45",
                    "--stages", "3", "--reports", "50", "--workspace-tasks", "12"], check=True)
    process, base = serve(binary, url)
    subprocess.run([binary, "load", fixture, "--server", base, "--admin-token", ADMIN], check=True)
    demo = tenant_token(base, DEMO)
    status, users = call(base, "POST", "/open-apis/contact/v2/user/batch_add", demo, {"users": [
        {"name": "新人甲", "mobile": "+8613900000001", "departments": ["eng"], "user_id": "n001",
         "email": "n001@demo.example", "leader_user_id": "u001"},
        {"name": "新人乙", "mobile": "+8613900000002", "departments": ["od-does-not-exist"]},
        {"name": "重复", "mobile": "+8613900000003", "departments": ["eng"], "user_id": "u001"},
        {"name": "撞号", "mobile": "+8613800000001", "departments": ["eng"]},
        {"name": "新人丙", "mobile": "+8613900000004", "departments": ["product"], "city": "杭州"},
    ]})
    user_job = users["data"]["task_id"]
    status, departments = call(base, "POST", "/open-apis/contact/v2/department/batch_add", demo, {
        "departments": [
            {"id": "design", "name": "设计部", "parent_id": "0", "leader_user_id": "u011",
             "create_group_chat": True},
            {"id": "design-ux", "name": "体验组", "parent_id": "design"},
            {"id": "eng", "name": "重复部门", "parent_id": "0"},
        ]})
    department_job = departments["data"]["task_id"]
    wait_for_job(base, demo, user_job)
    wait_for_job(base, demo, department_job)
    dt = dingtalk_token(base, DEMO_DT)
    _, created = call(base, "POST", f"/topapi/workspace/task/create?access_token={dt}", body={
        "operator_userid": "u001",
        "task": {"source": "legacy", "source_id": "legacy-1", "subject": "迁移前的任务",
                 "executor_userid": "u002", "tracker_userids": ["u003"], "priority": 30,
                 "plan_finish_date": "2024-07-01 18:00:00",
                 "extension": {"comment_count": "2", "other": {"k": "v"}}}})
    created_id = created["result"]["task_id"]
    call(base, "POST", f"/topapi/workspace/tasklist/hidebyproject?access_token={dt}",
         body={"operator_userid": "u001", "userid": "u002", "project_id": "proj-demo"})
    call(base, "POST", "/open-apis/report/v1/rules/6894419345318182932/views/remove?user_id_type=user_id", demo,
         {"user_ids": ["u002"]})
    stop(process)

    requests = build_requests(user_job, department_job, created_id)
    if postgres:
        dump = subprocess.run(["pg_dump", postgres, "--schema", schema, "--inserts", "--no-owner",
                               "--no-privileges", "--no-comments"],
                              check=True, capture_output=True, text=True).stdout
        with open(os.path.join(HERE, "openwork-0.1-postgres.sql"), "w") as out:
            out.write(portable(dump, schema))
    else:
        scratch = DB + ".scratch"
        shutil.copy(DB, scratch)
    process, base = serve(binary, url)
    answers = [replay(base, request) for request in requests]
    # The next page, with the page token the first page handed out: tokens outlive an upgrade.
    first = answers[0]["body"]["data"]
    second = dict(requests[0], name="bench find_by_page second page")
    second["body"] = dict(requests[0]["body"], page_token=first["page_token"])
    requests.append(second)
    answers.append(replay(base, second))
    stop(process)
    with open(os.path.join(HERE, f"requests{suffix}.json"), "w") as out:
        json.dump(requests, out, ensure_ascii=False, indent=1)
        out.write("\n")
    if postgres:
        subprocess.run(["psql", postgres, "-qc", f"DROP SCHEMA {schema} CASCADE"], check=True)
    else:
        os.replace(scratch, DB)
        for end in ("-wal", "-shm"):
            if os.path.exists(DB + end):
                os.remove(DB + end)
    with open(os.path.join(HERE, f"answers{suffix}.json"), "w") as out:
        json.dump(answers, out, ensure_ascii=False, indent=1)
        out.write("\n")
    print(f"recorded {len(answers)} answers")


def portable(dump, schema):
    """The dump without the schema's name and session settings, to be run in any schema."""
    lines = []
    for line in dump.splitlines():
        if line.startswith(("SET ", "SELECT pg_catalog.set_config", "CREATE SCHEMA", "\\")):
            continue
        lines.append(line.replace(f"{schema}.", ""))
    return "\n".join(lines) + "\n"


def replay(base, request):
    auth = request.get("auth")
    path = request["path"]
    token = None
    if auth == "admin":
        token = ADMIN
    elif auth:
        kind, key, secret = auth.split(":")
        if kind == "feishu":
            token = tenant_token(base, (key, secret))
        elif kind == "dingtalk":
            path += ("&" if "?" in path else "?") + "access_token=" + dingtalk_token(base, (key, secret))
    status, body = call(base, request["method"], path, token, request.get("body"))
    return {"name": request["name"], "status": status, "body": stable(body)}


def build_requests(user_job, department_job, created_id):
    bench = "feishu:%s:%s" % BENCH
    demo = "feishu:%s:%s" % DEMO
    bench_dt = "dingtalk:%s:%s" % BENCH_DT
    demo_dt = "dingtalk:%s:%s" % DEMO_DT
    fbp = "/open-apis/performance/v1/stage_tasks/find_by_page?user_id_type=user_id"
    requests = []

    def add(name, method, path, auth=None, body=None):
        entry = {"name": name, "method": method, "path": path}
        if auth:
            entry["auth"] = auth
        if body is not None:
            entry["body"] = body
        requests.append(entry)

    add("bench find_by_page first page", "POST", fbp, bench,
        {"semester_id": "7400000000000000001", "page_size": 20})
    add("bench find_by_page overdue, open_id", "POST",
        "/open-apis/performance/v1/stage_tasks/find_by_page", bench,
        {"semester_id": "7400000000000000001", "page_size": 50, "task_option_lists": [3]})
    add("bench find_by_user_list", "POST",
        "/open-apis/performance/v1/stage_tasks/find_by_user_list?user_id_type=user_id", bench,
        {"semester_id": "7400000000000000001", "user_id_lists": ["u000003", "u000001", "nobody"]})
    add("bench semesters", "GET", "/open-apis/performance/v1/semesters?user_id_type=user_id", bench)
    add("demo find_by_page", "POST", fbp, demo,
        {"semester_id": "7235911950407352321", "page_size": 50})
    add("demo semesters", "GET", "/open-apis/performance/v1/semesters?year=2024", demo)
    add("demo review templates", "POST", "/open-apis/performance/v2/review_templates/query", demo, {})
    add("bench report tasks", "POST", "/open-apis/report/v1/tasks/query?user_id_type=user_id",
        bench, {"commit_start_time": 1700000000, "commit_end_time": 1800000000, "page_size": 20,
                "page_token": ""})
    add("demo report tasks", "POST", "/open-apis/report/v1/tasks/query", demo,
        {"commit_start_time": 1714492800, "commit_end_time": 1719791999, "page_size": 20,
         "page_token": ""})
    add("demo report rules", "GET",
        "/open-apis/report/v1/rules/query?rule_name=%E5%B7%A5%E4%BD%9C%E5%91%A8%E6%8A%A5&user_id_type=user_id",
        demo)
    add("demo user job", "GET", f"/open-apis/contact/v2/task/get?task_id={user_job}", demo)
    add("demo department job", "GET", f"/open-apis/contact/v2/task/get?task_id={department_job}", demo)
    add("bench workspace task by source", "POST",
        "/topapi/workspace/task/getbysourceid", bench_dt, {"source": "bench", "source_id": "bench-3"})
    add("demo workspace task created by the client", "POST", "/topapi/workspace/task/get", demo_dt,
        {"task_id": created_id})
    add("demo workspace fixture task", "POST", "/topapi/workspace/task/getbysourceid", demo_dt,
        {"source": "tb", "source_id": "tb_1"})
    add("bench tenant", "GET", "/_openwork/v1/tenants/bench", "admin")
    add("demo tenant", "GET", "/_openwork/v1/tenants/demo", "admin")
    add("demo user ids", "GET", "/_openwork/v1/tenants/demo/users/n001/ids?app_id=cli_demo0000000000001", "admin")
    add("demo tasklist", "GET", "/_openwork/v1/tenants/demo/workspace/tasklists/u002", "admin")
    add("demo rule views", "GET", "/_openwork/v1/tenants/demo/report_rules/6894419345318182932/views", "admin")
    add("demo clock", "GET", "/_openwork/v1/tenants/demo/clock", "admin")
    return requests


if __name__ == "__main__":
    main()
