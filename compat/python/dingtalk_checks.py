"""dingtalk-sdk (PyPI) against openwork: tokens by app key and by corp secret, every workspace
task and task-list call through the client's raw topapi POST, and the errors it raises.

This script's data is its own: the source `pysdk` (and tasks in the default source `openwork`
without a source_id of their own), the projects `pyproj-*`, the task lists of c07 and c08, and
the fixture task 7600000000000000002. node-dingtalk uses `nodesdk`, `nodeproj-*`, c05 and c09;
openwork-sdk uses `rustsdk`. The fixture task compat/fixture-1 is only read. So the scripts may
run in any order against one server.
"""

import json
import urllib.parse
import urllib.request

from dingtalk import AppKeyClient, SecretClient
from dingtalk.core.exceptions import DingTalkClientException

from harness import Harness, expect

SDK = "dingtalk-sdk"
TENANT, CORP_ID = "compat", "dingcompat"
APP_KEY, APP_SECRET = "dingcompatpy", "py-dingtalk-secret"
NOW = "2024-06-15 10:00:00"  # the tenant's fixed clock, as DingTalk writes dates (UTC+8)

SOURCE = "pysdk"
PROJECT, OTHER_PROJECT = "pyproj-1", "pyproj-2"
ORG_USER, PROJECT_USER = "c07", "c08"  # whose task lists this script changes

# compat/fixture.yaml's workspace tasks, as the gateway writes them.
COMPAT_TASK = {
    "task_id": "7600000000000000001", "source": "compat", "source_id": "fixture-1", "biz_tag": "compat",
    "subject": "兼容任务", "creator_userid": "c01", "modifier_userid": "c01", "executor_userid": "c02",
    "tracker_userids": [], "priority": 20, "plan_finish_date": "2024-06-30 18:00:00",
    "is_archived": False, "is_recycled": False, "gmt_create": NOW, "gmt_modified": NOW,
    "belong_corp_id": CORP_ID, "extension": {},
}
FIXTURE_TASK = {
    "task_id": "7600000000000000002", "source": SOURCE, "source_id": "py-fixture", "biz_tag": SOURCE,
    "subject": "兼容任务 Python", "description": "固定的 Python 任务",
    "creator_userid": "c01", "modifier_userid": "c02", "executor_userid": "c03", "tracker_userids": ["c01", "c02"],
    "priority": 40, "status_stage": 1, "status_id": 3, "task_type_id": 2, "task_type_category": "bug",
    "parent_id": "7600000000000000001", "corp_id": PROJECT, "belong_corp_id": CORP_ID,
    "is_archived": False, "is_recycled": True,
    "plan_start_date": "2024-06-01 09:00:00", "plan_finish_date": "2024-06-30 18:00:00",
    "start_date": "2024-06-02 09:30:00", "finish_date": "2024-06-14 17:00:00",
    "gmt_create": "2024-05-30 08:00:00", "gmt_modified": "2024-06-14 17:00:00",
    "extension": {"comment_count": "4", "file_path": "https://files.compat.example/py.pdf", "other": '{"key":"py"}'},
}

NOT_FOUND = ("60121", "任务不存在")
EXISTS = ("60122", "任务已存在")
NO_PERMISSION = ("60011", "没有调用该接口的权限")
TOKEN_INVALID = ("40014", "不合法的access_token")
TOKEN_BLANK = ("40000", "access_token is blank")


def clients(base):
    class Local(AppKeyClient):
        API_BASE_URL = base + "/"

    class LocalSecret(SecretClient):
        API_BASE_URL = base + "/"

    # auto_retry=False: the client would re-fetch tokens on 40014 without end.
    return Local, LocalSecret


class Admin:
    """openwork's admin API (plain HTTP, not the SDK)."""

    def __init__(self, base, token):
        self.base = base
        self.token = token

    def tasklist(self, userid):
        path = f"/_openwork/v1/tenants/{TENANT}/workspace/tasklists/{urllib.parse.quote(userid)}"
        req = urllib.request.Request(self.base + path, headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(req) as res:
            return json.loads(res.read())


def tasklist(userid, hidden_org_wide=False, projects=()):
    """The admin API's view of a user's task list."""
    return {"userid": userid, "hidden_org_wide": hidden_org_wide,
            "projects": [{"project_id": p, "hidden": hidden} for p, hidden in projects]}


class Raised:
    """What `raises` saw: the exception's errcode/errmsg and the response body behind it."""

    def __init__(self, err, body):
        self.errcode, self.errmsg, self.body = err.errcode, err.errmsg, body

    def __str__(self):
        sub = f"/{self.body['sub_code']}" if isinstance(self.body, dict) and "sub_code" in self.body else ""
        return f"raised errcode {self.errcode}{sub}: {self.errmsg}"


def raises(call, errcode, sub=None, errmsg=None):
    """`call` must raise DingTalkClientException with `errcode`; for a wrapped error (88) the body
    carries `sub` = (sub_code as a string, sub_msg) and the gateway's errmsg."""
    try:
        answer = call()
    except DingTalkClientException as err:
        body = err.response.json() if err.response is not None else None
        expect(err.errcode == errcode, f"errcode {err.errcode!r}, wanted {errcode}: {body}")
        expect(isinstance(body, dict) and type(body["errcode"]) is int, f"errcode not a JSON number: {body}")
        if sub is not None:
            sub_code, sub_msg = sub
            expect(body["sub_code"] == sub_code and body["sub_msg"] == sub_msg, body)
            expect(err.errmsg == f"ding talk error[subcode={sub_code},submsg={sub_msg}]", err.errmsg)
        if errmsg is not None:
            expect(err.errmsg == errmsg, f"errmsg {err.errmsg!r}, wanted {errmsg!r}")
        return Raised(err, body)
    raise AssertionError(f"no exception (wanted errcode {errcode}); answered {answer}")


def ok(answer):
    """A successful call without a result: errcode 0, errmsg ok, a request_id."""
    expect(answer.get("errcode") == 0 and answer.get("errmsg") == "ok", answer)
    expect(isinstance(answer.get("request_id"), str) and len(answer["request_id"]) == 13, answer)
    return answer


def same(got, wanted):
    if got != wanted:
        diff = {k: (got.get(k), wanted.get(k)) for k in sorted(set(got) | set(wanted)) if got.get(k) != wanted.get(k)}
        raise AssertionError(f"differs (got, wanted): {diff}")


def tampered(token):
    """The token with one character of its signature changed."""
    i = len(token) - 5
    return token[:i] + ("B" if token[i] != "B" else "C") + token[i + 1:]


def main():
    h = Harness()
    Local, LocalSecret = clients(h.base)
    client = Local(CORP_ID, APP_KEY, APP_SECRET, auto_retry=False)
    admin = Admin(h.base, h.admin_token)
    created = {}  # the tasks this script created, by source_id

    def post(api, data, via=None):
        return (via or client).post("/topapi/workspace/" + api, data)

    def get(task_id):
        return post("task/get", {"task_id": task_id})["result"]

    def by_source(source_id, source=SOURCE):
        return post("task/getbysourceid", {"source": source, "source_id": source_id})["result"]

    def with_token(token):
        """A client whose cached token is `token` (the SDK sends what it has cached)."""
        other = Local(CORP_ID, APP_KEY, APP_SECRET, auto_retry=False)
        other.cache.access_token.set(value=token, ttl=7200)
        return other

    # --- GET /gettoken ------------------------------------------------------------------------

    def token_by_app_key():
        first = client.get_access_token()
        expect(first["errcode"] == 0 and first["errmsg"] == "ok" and first["expires_in"] == 7200, first)
        expect(first["access_token"].startswith("dt-") and "request_id" not in first, first)
        again = client.get_access_token()
        expect(again["access_token"] == first["access_token"], (first, again))
        return f"token {first['access_token'][:12]}…, expires_in {first['expires_in']}"

    def token_by_corp_secret():
        legacy = LocalSecret(CORP_ID, APP_SECRET, auto_retry=False)
        expect(legacy.access_token == client.access_token, (legacy.access_token, client.access_token))
        same(by_source("fixture-1", "compat"), COMPAT_TASK)

    def bad_secret_raises():
        wrong = Local(CORP_ID, APP_KEY, "wrong-secret", auto_retry=False)
        return raises(lambda: post("task/get", {"task_id": "1"}, via=wrong), 40096, errmsg="不合法的appKey或appSecret")

    def unknown_corp_raises():
        stranger = LocalSecret("dingnobody", APP_SECRET, auto_retry=False)
        return raises(lambda: stranger.access_token, 40096, errmsg="不合法的appKey或appSecret")

    def no_credentials_raises():
        anonymous = Local(CORP_ID, "", "", auto_retry=False)  # sends appkey=&appsecret=
        return raises(lambda: anonymous.access_token, 40035, errmsg="缺少参数 corpid or appkey")

    h.check(SDK, "GET /gettoken", "appkey+appsecret: errcode 0, expires_in 7200, the same token when asked again",
            token_by_app_key)
    h.check(SDK, "GET /gettoken", "corpid+corpsecret gives the same app's token, which reads the fixture task",
            token_by_corp_secret)
    h.check(SDK, "GET /gettoken", "a wrong appsecret raises errcode 40096 不合法的appKey或appSecret", bad_secret_raises)
    h.check(SDK, "GET /gettoken", "an unknown corpid raises errcode 40096", unknown_corp_raises)
    h.check(SDK, "GET /gettoken", "neither appkey nor corpid raises errcode 40035", no_credentials_raises)

    # --- POST /topapi/workspace/task/create ---------------------------------------------------

    def create_every_field():
        task = {
            "source": SOURCE, "source_id": "py-1", "subject": "来自 dingtalk-sdk", "description": "初稿",
            "executor_userid": "c02", "tracker_userids": ["c03", "c04"], "priority": 30, "status_stage": 0,
            "status_id": 7, "task_type_id": 3, "task_type_category": "req", "parent_id": "7600000000000000001",
            "corp_id": OTHER_PROJECT, "is_archived": False, "is_recycled": False,
            "plan_start_date": "2024-06-20 09:00:00", "plan_finish_date": "2024-07-01 18:00:00",
            "start_date": "2024-06-20T02:30:00Z",
            "extension": {"comment_count": "0", "file_path": "https://files.compat.example/a.txt", "other": '{"k":"v"}'},
        }
        r = post("task/create", {"operator_userid": "c01", "task": task})
        ok(r)
        result = r["result"]
        expect(isinstance(result.get("task_id"), str) and result["task_id"].isdigit(), result)
        wanted = dict(task, task_id=result["task_id"], biz_tag=SOURCE, belong_corp_id=CORP_ID,
                      creator_userid="c01", modifier_userid="c01", start_date="2024-06-20 10:30:00",
                      gmt_create=NOW, gmt_modified=NOW)
        same(result, wanted)
        created["py-1"] = result

    def create_stringly():
        # The task as a JSON string, its scalars as strings: what the official Java SDK sends.
        task = {"source": SOURCE, "source_id": "py-2", "subject": "字符串形式", "corp_id": PROJECT,
                "priority": "10", "status_stage": "2", "is_archived": "true", "tracker_userids": ["c05"],
                "plan_finish_date": "1719799200000"}
        r = ok(post("task/create", {"operator_userid": "c02", "task": json.dumps(task, ensure_ascii=False)}))
        result = r["result"]
        expect((result["priority"], result["status_stage"], result["is_archived"]) == (10, 2, True), result)
        expect(result["tracker_userids"] == ["c05"] and result["plan_finish_date"] == "2024-07-01 10:00:00", result)
        expect(result["creator_userid"] == "c02" and result["corp_id"] == PROJECT, result)
        created["py-2"] = result

    def create_default_source():
        r = ok(post("task/create", {"operator_userid": "c03", "task": {"subject": "无来源"}}))
        result = r["result"]
        expect(result["source"] == "openwork" and result["biz_tag"] == "openwork", result)
        expect(result["source_id"] == result["task_id"], result)
        created["default"] = result

    def create_missing_operator():
        return raises(lambda: post("task/create", {"task": {"source": SOURCE, "source_id": "py-x"}}), 40,
                      errmsg="Missing required arguments:operator_userid")

    def create_duplicate():
        err = raises(lambda: post("task/create", {"operator_userid": "c01",
                                                  "task": {"source": SOURCE, "source_id": "py-1", "subject": "重复"}}),
                     88, EXISTS)
        same(by_source("py-1"), created["py-1"])
        return err

    def create_bad_priority():
        err = raises(lambda: post("task/create", {"operator_userid": "c01",
                                                  "task": {"source": SOURCE, "source_id": "py-bad", "priority": 25}}),
                     41, errmsg="Invalid arguments:priority")
        raises(lambda: by_source("py-bad"), 88, NOT_FOUND)
        return err

    def create_unknown_executor():
        return raises(lambda: post("task/create", {"operator_userid": "c01",
                                                   "task": {"source": SOURCE, "source_id": "py-bad", "executor_userid": "c99"}}),
                      41, errmsg="Invalid arguments:executor_userid")

    ep = "POST /topapi/workspace/task/create"
    h.check(SDK, ep, "every field set: the result echoes them (dates as yyyy-MM-dd HH:mm:ss UTC+8), "
                     "the operator is creator and modifier, gmt_* the tenant clock", create_every_field)
    h.check(SDK, ep, "the task as a JSON string with string scalars and epoch-ms dates is read as typed values",
            create_stringly)
    h.check(SDK, ep, "without source and source_id: source and biz_tag openwork, source_id = task_id",
            create_default_source)
    h.check(SDK, ep, "a missing operator_userid raises errcode 40 Missing required arguments:operator_userid",
            create_missing_operator)
    h.check(SDK, ep, "a taken (source, source_id) raises 88/60122 and leaves the first task as it was", create_duplicate)
    h.check(SDK, ep, "priority 25 raises errcode 41 Invalid arguments:priority and creates nothing", create_bad_priority)
    h.check(SDK, ep, "an executor who is not in the tenant raises errcode 41 Invalid arguments:executor_userid",
            create_unknown_executor)

    # --- POST /topapi/workspace/task/get -----------------------------------------------------

    def get_created():
        r = ok(post("task/get", {"task_id": created["py-1"]["task_id"]}))
        same(r["result"], created["py-1"])

    def get_fixture():
        same(get(FIXTURE_TASK["task_id"]), FIXTURE_TASK)

    def get_unknown():
        return raises(lambda: get("7600000000000009999"), 88, NOT_FOUND)

    def get_missing_id():
        return raises(lambda: post("task/get", {}), 40, errmsg="Missing required arguments:task_id")

    def get_garbage_token():
        stale = with_token("garbage")
        err = raises(lambda: post("task/get", {"task_id": COMPAT_TASK["task_id"]}, via=stale), 88, TOKEN_INVALID)
        # The SDK refreshes only on a top-level 40014, so the wrapped one leaves its cache alone.
        expect(stale.cache.access_token.get() == "garbage", "the SDK dropped its cached token")
        return err

    def get_tampered_token():
        forged = with_token(tampered(client.access_token))
        return raises(lambda: post("task/get", {"task_id": COMPAT_TASK["task_id"]}, via=forged), 88, TOKEN_INVALID)

    def get_blank_token():
        blank = with_token("")  # the SDK sends ?access_token=
        return raises(lambda: post("task/get", {"task_id": COMPAT_TASK["task_id"]}, via=blank), 88, TOKEN_BLANK)

    ep = "POST /topapi/workspace/task/get"
    h.check(SDK, ep, "the created task by id equals create's result", get_created)
    h.check(SDK, ep, "the fixture task 7600000000000000002 with every field as in compat/fixture.yaml", get_fixture)
    h.check(SDK, ep, "an unknown task_id raises 88/60121 任务不存在", get_unknown)
    h.check(SDK, ep, "a missing task_id raises errcode 40", get_missing_id)
    h.check(SDK, ep, "a garbage access_token raises 88/40014 (and the SDK keeps its cached token)", get_garbage_token)
    h.check(SDK, ep, "a real token with one character changed raises 88/40014", get_tampered_token)
    h.check(SDK, ep, "an empty access_token raises 88/40000 access_token is blank", get_blank_token)

    # --- POST /topapi/workspace/task/getbysourceid -------------------------------------------

    def source_created():
        r = ok(post("task/getbysourceid", {"source": SOURCE, "source_id": "py-2"}))
        same(r["result"], created["py-2"])

    def source_fixture():
        same(by_source("py-fixture"), FIXTURE_TASK)
        same(by_source("fixture-1", "compat"), COMPAT_TASK)

    def source_default():
        task = created["default"]
        r = ok(post("task/getbysourceid", {"source_id": task["source_id"]}))
        same(r["result"], task)

    def source_missing_task():
        return raises(lambda: by_source("nope"), 88, NOT_FOUND)

    def source_other_source():
        # py-1 exists in source pysdk only.
        return raises(lambda: by_source("py-1", "nodesdk"), 88, NOT_FOUND)

    def source_missing_id():
        return raises(lambda: post("task/getbysourceid", {"source": SOURCE}), 40,
                      errmsg="Missing required arguments:source_id")

    ep = "POST /topapi/workspace/task/getbysourceid"
    h.check(SDK, ep, "the created task by (source, source_id) equals create's result", source_created)
    h.check(SDK, ep, "the fixture tasks (pysdk/py-fixture, compat/fixture-1) as in compat/fixture.yaml", source_fixture)
    h.check(SDK, ep, "without source it finds the task in the default source openwork", source_default)
    h.check(SDK, ep, "a missing task raises errcode 88/60121", source_missing_task)
    h.check(SDK, ep, "the same source_id under another source raises 88/60121", source_other_source)
    h.check(SDK, ep, "a missing source_id raises errcode 40", source_missing_id)

    # --- POST /topapi/workspace/task/update --------------------------------------------------

    def update_fields():
        task_id = created["py-1"]["task_id"]
        r = post("task/update", {"operator_userid": "c03", "task_id": task_id, "task": {
            "subject": "改过了", "description": "", "plan_finish_date": "1970-01-01 08:00:00",
            "finish_date": "2024-06-21 17:00:00", "priority": 40, "status_stage": 2,
            "tracker_userids": ["c05"], "extension": {"comment_count": "2"},
        }})
        ok(r)
        expect("result" not in r, r)
        wanted = dict(created["py-1"], subject="改过了", finish_date="2024-06-21 17:00:00", priority=40,
                      status_stage=2, tracker_userids=["c05"], modifier_userid="c03",
                      extension=dict(created["py-1"]["extension"], comment_count="2"))
        del wanted["description"], wanted["plan_finish_date"]
        same(get(task_id), wanted)
        created["py-1"] = wanted

    def update_unknown():
        return raises(lambda: post("task/update", {"operator_userid": "c03", "task_id": "7600000000000009999",
                                                   "task": {"subject": "x"}}), 88, NOT_FOUND)

    def update_bad_stage():
        task_id = created["py-1"]["task_id"]
        err = raises(lambda: post("task/update", {"operator_userid": "c04", "task_id": task_id,
                                                  "task": {"subject": "不该改", "status_stage": 5}}),
                     41, errmsg="Invalid arguments:status_stage")
        same(get(task_id), created["py-1"])
        return err

    def update_taken_source_id():
        task_id = created["py-1"]["task_id"]
        err = raises(lambda: post("task/update", {"operator_userid": "c03", "task_id": task_id,
                                                  "task": {"source_id": "py-2"}}), 88, EXISTS)
        same(by_source("py-1"), created["py-1"])
        return err

    def update_missing_id():
        return raises(lambda: post("task/update", {"operator_userid": "c03", "task": {"subject": "x"}}), 40,
                      errmsg="Missing required arguments:task_id")

    ep = "POST /topapi/workspace/task/update"
    h.check(SDK, ep, "sets fields, clears a text (\"\") and a date (1970-01-01 08:00:00), keeps the rest; "
                     "the operator becomes the modifier; no result", update_fields)
    h.check(SDK, ep, "an unknown task_id raises 88/60121", update_unknown)
    h.check(SDK, ep, "status_stage 5 raises errcode 41 Invalid arguments:status_stage and changes nothing",
            update_bad_stage)
    h.check(SDK, ep, "a source_id another task has raises 88/60122 and changes nothing", update_taken_source_id)
    h.check(SDK, ep, "a missing task_id raises errcode 40", update_missing_id)

    # --- POST /topapi/workspace/task/migrate, clean: refused for internal apps -----------------

    def migrate_refused():
        err = raises(lambda: post("task/migrate", {"operator_userid": "c01", "agentid": 20002, "task": {
            "source": SOURCE, "source_id": "py-migrated", "subject": "迁移"}}), 88, NO_PERMISSION)
        raises(lambda: by_source("py-migrated"), 88, NOT_FOUND)
        return err

    def migrate_without_arguments():
        return raises(lambda: post("task/migrate", {}), 88, NO_PERMISSION)

    def migrate_garbage_token():
        return raises(lambda: post("task/migrate", {"operator_userid": "c01", "task": {"source_id": "py-m"}},
                                   via=with_token("garbage")), 88, TOKEN_INVALID)

    def clean_refused():
        err = raises(lambda: post("task/clean", {"operator_userid": "c01", "corp_id": CORP_ID, "agentid": 20002}),
                     88, NO_PERMISSION)
        same(by_source("py-1"), created["py-1"])
        same(by_source("fixture-1", "compat"), COMPAT_TASK)
        return err

    def clean_without_arguments():
        return raises(lambda: post("task/clean", {}), 88, NO_PERMISSION)

    ep = "POST /topapi/workspace/task/migrate"
    h.check(SDK, ep, "refused for an internal app: raises 88/60011 and creates no task", migrate_refused)
    h.check(SDK, ep, "without its required arguments still 88/60011 (permission before parameters)",
            migrate_without_arguments)
    h.check(SDK, ep, "a garbage token raises 88/40014, not 60011 (the token comes first)", migrate_garbage_token)
    ep = "POST /topapi/workspace/task/clean"
    h.check(SDK, ep, "refused for an internal app: raises 88/60011 and the corp's tasks stay", clean_refused)
    h.check(SDK, ep, "without corp_id still 88/60011 (permission before parameters)", clean_without_arguments)

    # --- POST /topapi/workspace/task/deletebyproject -----------------------------------------

    def deletebyproject_unknown_operator():
        err = raises(lambda: post("task/deletebyproject", {"operator_userid": "c99", "project_id": PROJECT}),
                     41, errmsg="Invalid arguments:operator_userid")
        same(by_source("py-fixture"), FIXTURE_TASK)
        return err

    def deletebyproject_missing_project():
        return raises(lambda: post("task/deletebyproject", {"operator_userid": "c01"}), 40,
                      errmsg="Missing required arguments:project_id")

    def deletebyproject():
        r = ok(post("task/deletebyproject", {"operator_userid": "c01", "project_id": PROJECT}))
        expect("result" not in r, r)
        # Gone: the fixture's task and the created one of pyproj-1, by either lookup.
        raises(lambda: get(FIXTURE_TASK["task_id"]), 88, NOT_FOUND)
        raises(lambda: by_source("py-fixture"), 88, NOT_FOUND)
        raises(lambda: by_source("py-2"), 88, NOT_FOUND)
        # Kept: the task of pyproj-2, the one without a project, the fixture's compat task.
        same(by_source("py-1"), created["py-1"])
        same(get(created["default"]["task_id"]), created["default"])
        same(by_source("fixture-1", "compat"), COMPAT_TASK)

    ep = "POST /topapi/workspace/task/deletebyproject"
    h.check(SDK, ep, "an operator who is not in the tenant raises errcode 41 and deletes nothing",
            deletebyproject_unknown_operator)
    h.check(SDK, ep, "a missing project_id raises errcode 40", deletebyproject_missing_project)
    h.check(SDK, ep, "deletes the project's tasks (fixture and created; then 88/60121) and no other", deletebyproject)

    # --- POST /topapi/workspace/task/delete --------------------------------------------------

    def delete_missing_operator():
        err = raises(lambda: post("task/delete", {"task_id": created["default"]["task_id"]}), 40,
                     errmsg="Missing required arguments:operator_userid")
        same(get(created["default"]["task_id"]), created["default"])
        return err

    def delete_unknown_operator():
        err = raises(lambda: post("task/delete", {"operator_userid": "c99", "task_id": created["default"]["task_id"]}),
                     41, errmsg="Invalid arguments:operator_userid")
        same(get(created["default"]["task_id"]), created["default"])
        return err

    def delete():
        task = created["py-1"]
        r = ok(post("task/delete", {"operator_userid": "c01", "task_id": task["task_id"]}))
        expect("result" not in r, r)
        raises(lambda: get(task["task_id"]), 88, NOT_FOUND)
        raises(lambda: by_source("py-1"), 88, NOT_FOUND)
        same(get(created["default"]["task_id"]), created["default"])

    def delete_again():
        return raises(lambda: post("task/delete", {"operator_userid": "c01", "task_id": created["py-1"]["task_id"]}),
                      88, NOT_FOUND)

    ep = "POST /topapi/workspace/task/delete"
    h.check(SDK, ep, "a missing operator_userid raises errcode 40 and deletes nothing", delete_missing_operator)
    h.check(SDK, ep, "an operator who is not in the tenant raises errcode 41 and deletes nothing",
            delete_unknown_operator)
    h.check(SDK, ep, "deletes the task: get and getbysourceid then raise 88/60121; other tasks stay", delete)
    h.check(SDK, ep, "deleting it again raises 88/60121", delete_again)

    # --- POST /topapi/workspace/tasklist/* (visibility shown by the admin API) ----------------

    def hide_by_org():
        same(admin.tasklist(ORG_USER), tasklist(ORG_USER))
        r = ok(post("tasklist/hidebyorg", {"operator_userid": "c01", "userid": ORG_USER}))
        expect("result" not in r, r)
        same(admin.tasklist(ORG_USER), tasklist(ORG_USER, hidden_org_wide=True))

    def hide_by_org_unknown_user():
        err = raises(lambda: post("tasklist/hidebyorg", {"operator_userid": "c01", "userid": "c99"}), 41,
                     errmsg="Invalid arguments:userid")
        same(admin.tasklist("c99"), tasklist("c99"))
        return err

    def hide_by_org_missing_user():
        return raises(lambda: post("tasklist/hidebyorg", {"operator_userid": "c01"}), 40,
                      errmsg="Missing required arguments:userid")

    def cancel_missing_operator():
        err = raises(lambda: post("tasklist/hidden/cancel", {"userid": ORG_USER}), 40,
                     errmsg="Missing required arguments:operator_userid")
        same(admin.tasklist(ORG_USER), tasklist(ORG_USER, hidden_org_wide=True))
        return err

    def cancel_hidden():
        r = ok(post("tasklist/hidden/cancel", {"operator_userid": "c01", "userid": ORG_USER, "agentid": 20002}))
        expect("result" not in r, r)
        same(admin.tasklist(ORG_USER), tasklist(ORG_USER, hidden_org_wide=False))

    def hide_by_project():
        same(admin.tasklist(PROJECT_USER), tasklist(PROJECT_USER))
        ok(post("tasklist/hidebyproject", {"operator_userid": "c01", "userid": PROJECT_USER, "project_id": PROJECT}))
        same(admin.tasklist(PROJECT_USER), tasklist(PROJECT_USER, projects=[(PROJECT, True)]))

    def hide_by_project_missing_project():
        err = raises(lambda: post("tasklist/hidebyproject", {"operator_userid": "c01", "userid": PROJECT_USER}), 40,
                     errmsg="Missing required arguments:project_id")
        same(admin.tasklist(PROJECT_USER), tasklist(PROJECT_USER, projects=[(PROJECT, True)]))
        return err

    def add_by_project():
        ok(post("tasklist/addbyproject", {"operator_userid": "c01", "userid": PROJECT_USER,
                                          "project_id": OTHER_PROJECT}))
        same(admin.tasklist(PROJECT_USER), tasklist(PROJECT_USER, projects=[(PROJECT, True), (OTHER_PROJECT, False)]))
        ok(post("tasklist/addbyproject", {"operator_userid": "c01", "userid": PROJECT_USER, "project_id": PROJECT}))
        same(admin.tasklist(PROJECT_USER), tasklist(PROJECT_USER, projects=[(PROJECT, False), (OTHER_PROJECT, False)]))

    def add_by_project_unknown_operator():
        err = raises(lambda: post("tasklist/addbyproject", {"operator_userid": "c99", "userid": PROJECT_USER,
                                                            "project_id": "pyproj-3"}),
                     41, errmsg="Invalid arguments:operator_userid")
        same(admin.tasklist(PROJECT_USER), tasklist(PROJECT_USER, projects=[(PROJECT, False), (OTHER_PROJECT, False)]))
        return err

    def add_by_project_missing_project():
        return raises(lambda: post("tasklist/addbyproject", {"operator_userid": "c01", "userid": PROJECT_USER}), 40,
                      errmsg="Missing required arguments:project_id")

    ep = "POST /topapi/workspace/tasklist/hidebyorg"
    h.check(SDK, ep, "hides all of c07's tasks: the admin API goes from nothing hidden to hidden_org_wide", hide_by_org)
    h.check(SDK, ep, "a userid not in the tenant raises errcode 41 Invalid arguments:userid and stores nothing",
            hide_by_org_unknown_user)
    h.check(SDK, ep, "a missing userid raises errcode 40", hide_by_org_missing_user)
    ep = "POST /topapi/workspace/tasklist/hidden/cancel"
    h.check(SDK, ep, "a missing operator_userid raises errcode 40 and c07's tasks stay hidden", cancel_missing_operator)
    h.check(SDK, ep, "shows c07's tasks again: hidden_org_wide false in the admin API", cancel_hidden)
    ep = "POST /topapi/workspace/tasklist/hidebyproject"
    h.check(SDK, ep, "hides c08's pyproj-1 tasks: that project hidden, org-wide untouched", hide_by_project)
    h.check(SDK, ep, "a missing project_id raises errcode 40 and stores nothing", hide_by_project_missing_project)
    ep = "POST /topapi/workspace/tasklist/addbyproject"
    h.check(SDK, ep, "adds pyproj-2 (shown) and shows the hidden pyproj-1 again, as the admin API lists",
            add_by_project)
    h.check(SDK, ep, "an operator who is not in the tenant raises errcode 41 and stores nothing",
            add_by_project_unknown_operator)
    h.check(SDK, ep, "a missing project_id raises errcode 40", add_by_project_missing_project)

    # --- an API name the gateway does not know --------------------------------------------------

    unknown_name = "不合法ApiName，ApiName = dingtalk.oapi.workspace.task.unknown"

    def unknown_api():
        err = raises(lambda: post("task/unknown", {"task_id": "1"}), 22, errmsg=f"Invalid method[submsg={unknown_name}]")
        expect(err.body["sub_msg"] == unknown_name and "sub_code" not in err.body, err.body)
        return err

    def unknown_api_before_token():
        return raises(lambda: post("task/unknown", {}, via=with_token("garbage")), 22,
                      errmsg=f"Invalid method[submsg={unknown_name}]")

    ep = "POST /topapi/workspace/task/unknown"
    h.check(SDK, ep, "an unknown API name raises errcode 22 naming dingtalk.oapi.workspace.task.unknown, no sub_code",
            unknown_api)
    h.check(SDK, ep, "errcode 22 comes before the token: a garbage token still gets 22", unknown_api_before_token)


if __name__ == "__main__":
    main()
