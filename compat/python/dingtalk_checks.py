"""dingtalk-sdk (PyPI) against openwork: tokens by app key and by corp secret, the workspace task
family through the client's raw topapi POST, and the errors it raises."""

from dingtalk import AppKeyClient, SecretClient
from dingtalk.core.exceptions import DingTalkClientException

from harness import Harness, expect

SDK = "dingtalk-sdk"
APP_KEY, APP_SECRET = "dingcompatpy", "py-dingtalk-secret"


def clients(base):
    class Local(AppKeyClient):
        API_BASE_URL = base + "/"

    class LocalSecret(SecretClient):
        API_BASE_URL = base + "/"

    # auto_retry=False: the client would re-fetch tokens on 40014 without end.
    return Local, LocalSecret


def main():
    h = Harness()
    Local, LocalSecret = clients(h.base)
    client = Local("dingcompat", APP_KEY, APP_SECRET, auto_retry=False)
    created = {}

    def create():
        r = client.post("/topapi/workspace/task/create", {
            "operator_userid": "c01",
            "task": {"subject": "来自 dingtalk-sdk", "source": "pysdk", "source_id": "py-1",
                     "executor_userid": "c02", "priority": 30, "plan_finish_date": "2024-07-01 18:00:00"},
        })
        expect(r["errcode"] == 0, r)
        created.update(r["result"])
        expect(r["result"]["subject"] == "来自 dingtalk-sdk", r)
        expect(r["result"]["belong_corp_id"] == "dingcompat", r)

    def read_back():
        r = client.post("/topapi/workspace/task/getbysourceid", {"source": "pysdk", "source_id": "py-1"})
        task = r["result"]
        expect(task["task_id"] == created["task_id"], (task, created))
        expect(task["plan_finish_date"] == "2024-07-01 18:00:00", task)
        expect(task["executor_userid"] == "c02" and task["priority"] == 30, task)

    def get():
        r = client.post("/topapi/workspace/task/get", {"task_id": created["task_id"]})
        expect(r["result"]["source_id"] == "py-1", r)

    def update():
        r = client.post("/topapi/workspace/task/update", {
            "operator_userid": "c03", "task_id": created["task_id"], "task": {"subject": "改过了", "description": ""}})
        expect(r["errcode"] == 0, r)
        task = client.post("/topapi/workspace/task/get", {"task_id": created["task_id"]})["result"]
        expect(task["subject"] == "改过了" and task["modifier_userid"] == "c03", task)

    def missing_task_raises():
        try:
            client.post("/topapi/workspace/task/getbysourceid", {"source": "pysdk", "source_id": "nope"})
        except DingTalkClientException as err:
            expect(err.errcode == 88, (err.errcode, err.errmsg))
            expect("60121" in err.errmsg, err.errmsg)
            return f"raised errcode {err.errcode}: {err.errmsg}"
        raise AssertionError("no exception for a missing task")

    def corp_secret_token():
        legacy = LocalSecret("dingcompat", APP_SECRET, auto_retry=False)
        r = legacy.post("/topapi/workspace/task/getbysourceid", {"source": "compat", "source_id": "fixture-1"})
        expect(r["result"]["subject"] == "兼容任务", r)

    def bad_secret_raises():
        wrong = Local("dingcompat", APP_KEY, "wrong-secret", auto_retry=False)
        try:
            wrong.post("/topapi/workspace/task/get", {"task_id": "1"})
        except DingTalkClientException as err:
            expect(err.errcode == 40096, (err.errcode, err.errmsg))
            return f"raised errcode {err.errcode}"
        raise AssertionError("no exception for a wrong secret")

    def missing_argument_raises():
        try:
            client.post("/topapi/workspace/task/create", {"task": {}})
        except DingTalkClientException as err:
            expect(err.errcode == 40, (err.errcode, err.errmsg))
            return err.errmsg
        raise AssertionError("no exception for a missing operator_userid")

    def delete():
        r = client.post("/topapi/workspace/task/delete", {"operator_userid": "c01", "task_id": created["task_id"]})
        expect(r["errcode"] == 0, r)

    h.check(SDK, "POST /topapi/workspace/task/create", "creates a task", create)
    h.check(SDK, "POST /topapi/workspace/task/getbysourceid", "reads the created task back", read_back)
    h.check(SDK, "POST /topapi/workspace/task/get", "reads a task by id", get)
    h.check(SDK, "POST /topapi/workspace/task/update", "updates and clears fields", update)
    h.check(SDK, "POST /topapi/workspace/task/getbysourceid", "a missing task raises errcode 88/60121", missing_task_raises)
    h.check(SDK, "GET /gettoken", "token by corpid + corpsecret", corp_secret_token)
    h.check(SDK, "GET /gettoken", "a wrong secret raises errcode 40096", bad_secret_raises)
    h.check(SDK, "POST /topapi/workspace/task/create", "a missing argument raises errcode 40", missing_argument_raises)
    h.check(SDK, "POST /topapi/workspace/task/delete", "deletes a task", delete)


if __name__ == "__main__":
    main()
