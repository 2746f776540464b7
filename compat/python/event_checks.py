"""lark-oapi's event handlers against openwork's event pushes (docs/events.md).

Events are asynchronous, unlike the calls feishu_checks.py makes: openwork pushes them after the
change that causes them has committed. So these checks, unlike the others, WAIT: each waits for
what it expects until a deadline (DEADLINE, 30 s), on a condition the receiver signals or by
polling the admin API, and fails when the deadline passes. No fixed sleep is taken as proof of
anything. The one fixed pause (QUIET_PERIOD, 2 s) comes after everything expected has arrived,
to show that nothing more does.

Apps (compat/fixture.yaml; IDs are `cli_` and 16 hex digits, as the Node SDK's WSClient demands).
Each is subscribed here, through the admin API, for its part only, and unsubscribed after it, so
that no other client's imports push to it:
  - cli_c0a7e0e0000000a1: a webhook, encrypted and signed (encrypt_key), granted
    contact:user.employee_id:readonly;
  - cli_c0a7e0e0000000a5: a webhook in plain JSON (no encrypt_key), WITHOUT the employee_id
    scope, so its users carry no user_id;
  - cli_c0a7e0e0000000a2: the long connection, `lark.ws.Client` in a process of its own
    (ws_listener.py), granted user IDs.

Webhooks reach a receiver on 127.0.0.1 (port 0) that hands every request to the app's
`lark.EventDispatcherHandler` through `handler.do(lark.RawRequest)`, headers in the case they
arrived in, and answers what the SDK answers. The SDK then decrypts, checks the verification
token and the signature, and parses the event into its typed model.

What is imported (contact/v2 batch_add through the SDK's client.request(), as feishu_checks.py
does): 2 departments and 100 users for the webhooks (in those departments and the root), 20
users for the long connection (in the root). compat/run runs these checks last, so that no other
check sees them.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import lark_oapi as lark

from harness import AdminApi, Harness, expect
from ws_listener import department_seen, user_seen

SDK = "lark-oapi"
TENANT = "compat"
DEADLINE = 30.0
QUIET_PERIOD = 2.0

USER_CREATED = "contact.user.created_v3"
DEPARTMENT_CREATED = "contact.department.created_v3"
REVIEW_DATA_CHANGED = "performance.review_data.changed_v2"
OPEN_RESULT = "performance.stage_task.open_result_v2"

# What is checked, as the report's Events section lists it: the channel, then what travels on it.
URL_VERIFICATION = "webhook url_verification"
WEBHOOK_USER = f"webhook {USER_CREATED}"
WEBHOOK_DEPARTMENT = f"webhook {DEPARTMENT_CREATED}"
LONG_CONNECTION_USER = f"long_connection {USER_CREATED}"
LONG_CONNECTION_REVIEW = f"long_connection {REVIEW_DATA_CHANGED}"
LONG_CONNECTION_OPEN = f"long_connection {OPEN_RESULT}"
# The tenant's clock (fixed), and the self review's own results_open_time, which the check moves
# to now and back.
TENANT_NOW, STAGE_OPENS = "2024-06-15T10:00:00+08:00", "2024-06-20T00:00:00+08:00"
TENANT_NOW_MS = "1718416800000"


class App:
    def __init__(self, app_id, app_secret, path, verification_token, encrypt_key="", user_ids=True):
        self.app_id = app_id
        self.app_secret = app_secret
        self.path = path
        self.verification_token = verification_token
        self.encrypt_key = encrypt_key
        self.user_ids = user_ids  # granted contact:user.employee_id:readonly


SIGNED = App("cli_c0a7e0e0000000a1", "py-events-webhook-secret", "/a1/webhook/event",
             "py-events-token-a1", encrypt_key="py-events-key-a1")
PLAIN = App("cli_c0a7e0e0000000a5", "py-events-plain-secret", "/a5/webhook/event",
            "py-events-token-a5", user_ids=False)
LISTENER = App("cli_c0a7e0e0000000a2", "py-events-ws-secret", None, "py-events-token-a2")

NEW_DEPARTMENTS = [  # (id, name, parent id): the second under the first
    ("pyev_hq", "Python 事件部", "0"),
    ("pyev_team", "Python 事件组", "pyev_hq"),
]
WEBHOOK_USERS = [
    {"user_id": f"pyev{n:03d}", "name": f"事件用户{n}", "mobile": f"+861371000{n:04d}",
     "email": f"pyev{n:03d}@compat.example",
     "departments": [["pyev_team"], ["pyev_hq"], ["0"]][n % 3]}
    for n in range(1, 101)
]
LISTENER_USERS = [
    {"user_id": f"pyws{n:02d}", "name": f"长连用户{n}", "mobile": f"+861372000{n:04d}",
     "email": f"pyws{n:02d}@compat.example", "departments": ["0"]}
    for n in range(1, 21)
]
SEMESTER_ID, ACTIVITY_ID, STAGE_ID = "7300000000000000001", "7310000000000000001", "7300000000000000011"


# ---------------------------------------------------------------------------------------------
# Waiting, with a deadline.

class Inbox:
    """What the applications' handlers received, by (app_id, event_type), in arrival order."""

    def __init__(self):
        self.changed = threading.Condition()
        self.events = {}

    def add(self, app_id, event_type, seen):
        with self.changed:
            self.events.setdefault((app_id, event_type), []).append(seen)
            self.changed.notify_all()

    def of(self, app_id, event_type):
        with self.changed:
            return list(self.events.get((app_id, event_type), []))

    def wait(self, what, ready, deadline=DEADLINE):
        """Waits until `ready()` holds, or fails saying what did not arrive."""
        until = time.monotonic() + deadline
        with self.changed:
            while not ready():
                left = until - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"waited {deadline:.0f} s for {what}")
                self.changed.wait(left)


def poll(what, probe, deadline=DEADLINE, every=0.2):
    """Asks `probe()` until it answers something true (returned), or fails with its last answer."""
    until = time.monotonic() + deadline
    while True:
        answer = probe()
        if answer:
            return answer
        if time.monotonic() >= until:
            raise AssertionError(f"waited {deadline:.0f} s for {what}")
        time.sleep(every)


# ---------------------------------------------------------------------------------------------
# The applications' side: a webhook receiver, the long-connection listener.

class Receiver:
    """The apps' request URLs: one path per app, each behind that app's EventDispatcherHandler.
    Every request is recorded with the SDK's answer."""

    def __init__(self):
        self.handlers = {}
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Request(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                raw = lark.RawRequest()
                raw.uri = self.path
                # As received: the SDK reads X-Lark-Signature & co. by exact name.
                raw.headers = dict(self.headers.items())
                raw.body = body
                handler = receiver.handlers.get(self.path)
                if handler is None:
                    status, headers, content = 404, {}, b"no app at this path"
                else:
                    answer = handler.do(raw)
                    status, headers, content = answer.status_code, answer.headers, answer.content or b""
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": raw.headers, "body": body,
                                              "status": status, "answer": content})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Request)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, app):
        host, port = self.server.server_address
        return f"http://{host}:{port}{app.path}"

    def serve(self, app, handler):
        self.handlers[app.path] = handler

    def received(self, app):
        with self.lock:
            return [r for r in self.requests if r["path"] == app.path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Listener:
    """ws_listener.py in its own process, its JSON lines put in the inbox as they come."""

    def __init__(self, base, app, inbox):
        self.app = app
        self.inbox = inbox
        self.other_lines = []
        self.stderr = tempfile.TemporaryFile()
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ws_listener.py")
        self.process = subprocess.Popen([sys.executable, script, base, app.app_id, app.app_secret],
                                        stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            try:
                seen = json.loads(line)
            except ValueError:  # the SDK's own log lines go to stdout too
                self.other_lines.append(line.rstrip())
                continue
            if "error" in seen:
                self.other_lines.append(json.dumps(seen, ensure_ascii=False))
                continue
            self.inbox.add(self.app.app_id, seen["event_type"], seen)

    def output(self):
        """What the listener said besides events (for failures)."""
        self.stderr.seek(0)
        return "\n".join(self.other_lines[-10:] + [self.stderr.read().decode(errors="replace")[-1000:]])

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


# ---------------------------------------------------------------------------------------------
# openwork's side: its admin API (plain HTTP) and the SDK's clients.

class Admin(AdminApi):
    def subscribe(self, app, types, request_url=None, long_connection=False):
        body = {"types": types, "long_connection": long_connection,
                "verification_token": app.verification_token, "encrypt_key": app.encrypt_key}
        if request_url is not None:
            body["request_url"] = request_url
        return self.call("PUT", f"/tenants/{TENANT}/apps/{app.app_id}/events", body)

    def unsubscribe(self, app):
        self.call("DELETE", f"/tenants/{TENANT}/apps/{app.app_id}/events")

    def ids(self, user_id, app):
        """{"user_id","open_id","union_id"} of a user as `app` sees them."""
        return self.call("GET", f"/tenants/{TENANT}/users/{urllib.parse.quote(user_id)}/ids?app_id={app.app_id}")

    def open_department_ids(self):
        """department_id -> open_department_id, for every department of the tenant."""
        out, after = {}, ""
        while True:
            page = self.call("GET", f"/tenants/{TENANT}/departments?limit=500&after={urllib.parse.quote(after)}")
            out.update({d["department_id"]: d["open_department_id"] for d in page["items"]})
            after = page.get("next") or ""
            if not after:
                return out

    def deliveries(self, app, state=None):
        """Every delivery of the app's events (each event on each channel), newest first."""
        query = {"app_id": app.app_id, "limit": "500"}
        if state:
            query["state"] = state
        out = []
        while True:
            page = self.call("GET", f"/tenants/{TENANT}/events?{urllib.parse.urlencode(query)}")
            out += page["items"]
            if not page.get("next"):
                return out
            query["after"] = page["next"]

    def state_of(self, app):
        """A line on where the app's deliveries stand, and the last failure's attempt (for a
        check that waited in vain)."""
        rows = self.deliveries(app)
        states = Counter(f"{r['channel']} {r['event_type']} {r['state']}" for r in rows)
        line = f"{app.app_id}: {dict(states) or 'no deliveries'}"
        stuck = next((r for r in rows if r["state"] != "delivered"), None)
        if stuck:
            history = self.call("GET", f"/tenants/{TENANT}/events/{stuck['event_id']}")
            attempts = [a for d in history["deliveries"] for a in d["attempt_log"]]
            line += f"; {stuck['event_id']} ({stuck['state']}): {attempts[-3:]}"
        return line


def build_client(base, app):
    return (lark.Client.builder().app_id(app.app_id).app_secret(app.app_secret).domain(base)
            .log_level(lark.LogLevel.CRITICAL).build())


def batch_add(client, kind, body):
    """contact/v2 {kind}/batch_add through the SDK's raw client.request(); the job's task_id."""
    request = (lark.BaseRequest.builder().http_method(lark.HttpMethod.POST)
               .uri(f"/open-apis/contact/v2/{kind}/batch_add")
               .token_types({lark.AccessTokenType.TENANT})
               .headers({"Content-Type": "application/json; charset=utf-8"})
               .body(body).build())
    resp = client.request(request)
    expect(resp.code == 0, f"{kind}/batch_add: code={resp.code} (HTTP {resp.raw.status_code}) {resp.raw.content[:300]!r}")
    return json.loads(resp.raw.content)["data"]["task_id"]


def handler_for(app, inbox):
    """The app's webhook handler as an application builds it: key and token, one function per
    event type."""
    return (lark.EventDispatcherHandler.builder(app.encrypt_key, app.verification_token)
            .register_p2_contact_user_created_v3(lambda data: inbox.add(app.app_id, USER_CREATED, user_seen(data)))
            .register_p2_contact_department_created_v3(
                lambda data: inbox.add(app.app_id, DEPARTMENT_CREATED, department_seen(data)))
            .build())


# ---------------------------------------------------------------------------------------------
# How received events must look.

def expect_header(seen, app, event_type, since_ms):
    """The envelope's header: 32-hex event_id, the type, the app's token, app and tenant, and
    create_time a string of real Unix milliseconds since `since_ms`."""
    event_id = seen["event_id"] or ""
    expect(len(event_id) == 32 and all(c in "0123456789abcdef" for c in event_id), f"event_id {event_id!r}")
    got = (seen["event_type"], seen["token"], seen["app_id"], seen["tenant_key"])
    expect(got == (event_type, app.verification_token, app.app_id, TENANT),
           f"header {got}, expected {(event_type, app.verification_token, app.app_id, TENANT)}")
    created = seen["create_time"]
    expect(isinstance(created, str) and created.isdigit(), f"create_time {created!r} is not a string of digits")
    now_ms = int(time.time() * 1000)
    expect(since_ms - 5000 <= int(created) <= now_ms + 5000,
           f"create_time {created} is not between {since_ms} and {now_ms} (real Unix ms)")


def one_per(events, key, expected_keys, what):
    """Exactly one event per expected key, no event_id twice; the events by key."""
    ids = Counter(e["event_id"] for e in events)
    twice = [i for i, n in ids.items() if n > 1]
    expect(not twice, f"event_ids received more than once: {twice[:5]}")
    by_key = Counter(key(e) for e in events)
    missing = sorted(set(expected_keys) - set(by_key))
    extra = sorted(k for k in by_key if k not in set(expected_keys) or by_key[k] > 1)
    expect(not missing and not extra and len(events) == len(expected_keys),
           f"{len(events)} {what} events for {len(expected_keys)} {what}s; missing {missing[:5]}, "
           f"unexpected or repeated {extra[:5]}")
    return {key(e): e for e in events}


def expected_user(user, ids, app, open_departments):
    return {
        "open_id": ids["open_id"], "union_id": ids["union_id"],
        "user_id": user["user_id"] if app.user_ids else None,
        "name": user["name"], "mobile": user["mobile"], "email": user["email"],
        "department_ids": ["0" if d == "0" else open_departments.get(d, f"(no department {d})")
                           for d in user["departments"]],
        "is_activated": True,
    }


def user_values(seen):
    return {k: seen[k] for k in ("open_id", "union_id", "user_id", "name", "mobile", "email",
                                 "department_ids", "is_activated")}


def expect_users(events, users, app, admin, open_departments):
    """Each user's event holds the user as `app` sees them (the admin API's IDs for the app)."""
    wrong = []
    for user in users:
        ids = admin.ids(user["user_id"], app)
        expected = expected_user(user, ids, app, open_departments)
        got = user_values(events[ids["open_id"]])
        if got != expected:
            wrong.append(f"{user['user_id']}: got {got}\n  expected {expected}")
    expect(not wrong, f"{len(wrong)} of {len(users)} users differ:\n" + "\n".join(wrong[:3]))


def expect_delivered(admin, app, channel, event_ids):
    """The admin API lists exactly these events of the app delivered on `channel`, each at the
    first attempt (polled: the delivery is recorded once the client has answered)."""
    def all_delivered():
        rows = admin.deliveries(app, state="delivered")
        return rows if {r["event_id"] for r in rows} >= set(event_ids) else None
    try:
        rows = poll(f"{len(event_ids)} deliveries of {app.app_id} recorded delivered", all_delivered)
    except AssertionError as err:
        raise AssertionError(f"{err}: {admin.state_of(app)}") from None
    rows = [r for r in rows if r["event_id"] in set(event_ids)]
    wrong = [(r["event_id"], r["channel"], r["attempts"]) for r in rows if r["channel"] != channel or r["attempts"] != 1]
    expect(len(rows) == len(event_ids) and not wrong,
           f"{len(rows)} rows for {len(event_ids)} events; not on {channel} at attempt 1: {wrong[:5]}")
    return f"{len(rows)} delivered on {channel}, each at the first attempt"


# ---------------------------------------------------------------------------------------------

def main():
    h = Harness()
    base = h.base
    admin = Admin(base, h.admin_token)
    inbox = Inbox()
    # The SDK logs every request it refuses (the checks below make it refuse some on purpose):
    # the checks record what matters.
    lark.logger.setLevel(lark.LogLevel.CRITICAL.value)

    def check(endpoint, name, fn):
        h.check(SDK, endpoint, name, fn)

    # ------------------------------------------------------------------ webhooks

    receiver = Receiver()
    receiver.serve(SIGNED, handler_for(SIGNED, inbox))
    receiver.serve(PLAIN, handler_for(PLAIN, inbox))
    signed_client = build_client(base, SIGNED)
    state = {}

    def verify(app):
        answer = admin.call("POST", f"/tenants/{TENANT}/apps/{app.app_id}/events/verify")
        expect(answer.get("verified") is True and answer.get("status") == 200, answer)
        challenge = [r for r in receiver.received(app) if r["status"] == 200]
        expect(challenge, f"the receiver saw no challenge answered: {receiver.received(app)}")
        body = json.loads(challenge[-1]["body"])
        expect(("encrypt" in body) == bool(app.encrypt_key), f"the challenge's body was {body}")
        return answer["detail"]

    def departments_created():
        since = int(time.time() * 1000)
        batch_add(signed_client, "department", {
            "departments": [{"id": i, "name": n, "parent_id": p} for i, n, p in NEW_DEPARTMENTS]})
        inbox.wait(f"{len(NEW_DEPARTMENTS)} {DEPARTMENT_CREATED} events for each app",
                   lambda: all(len(inbox.of(a.app_id, DEPARTMENT_CREATED)) >= len(NEW_DEPARTMENTS)
                               for a in (SIGNED, PLAIN)))
        open_departments = admin.open_department_ids()
        expected = {i: {"name": n, "department_id": i, "open_department_id": open_departments[i],
                        "parent_department_id": "0" if p == "0" else open_departments[p], "is_deleted": False}
                    for i, n, p in NEW_DEPARTMENTS}
        for app in (SIGNED, PLAIN):
            events = one_per(inbox.of(app.app_id, DEPARTMENT_CREATED), lambda e: e["department_id"],
                             list(expected), "department")
            for seen in events.values():
                expect_header(seen, app, DEPARTMENT_CREATED, since)
            got = {i: {k: e[k] for k in expected[i]} for i, e in events.items()}
            expect(got == expected, f"{app.app_id} got {got}\nexpected {expected}")
        return f"{len(NEW_DEPARTMENTS)} events for each of {SIGNED.app_id}, {PLAIN.app_id}"

    def users_arrive():
        state["users_since"] = int(time.time() * 1000)
        batch_add(signed_client, "user", {"users": WEBHOOK_USERS, "need_send_notification": False})
        started = time.monotonic()
        inbox.wait(f"{len(WEBHOOK_USERS)} {USER_CREATED} events for each app",
                   lambda: all(len(inbox.of(a.app_id, USER_CREATED)) >= len(WEBHOOK_USERS) for a in (SIGNED, PLAIN)))
        state["users_arrived"] = True
        return f"2 × {len(WEBHOOK_USERS)} events in {time.monotonic() - started:.1f} s"

    def signed_users_one_each():
        expect(state.get("users_arrived"), "the users' events did not arrive")
        events = one_per(inbox.of(SIGNED.app_id, USER_CREATED), lambda e: e["user_id"],
                         [u["user_id"] for u in WEBHOOK_USERS], "user")
        return f"{len(events)} events, {len(events)} users, no event_id twice"

    def signed_users_values():
        expect(state.get("users_arrived"), "the users' events did not arrive")
        events = {e["open_id"]: e for e in inbox.of(SIGNED.app_id, USER_CREATED)}
        expect_users(events, WEBHOOK_USERS, SIGNED, admin, admin.open_department_ids())

    def plain_users_without_user_id():
        expect(state.get("users_arrived"), "the users' events did not arrive")
        events = inbox.of(PLAIN.app_id, USER_CREATED)
        open_ids = {admin.ids(u["user_id"], PLAIN)["open_id"] for u in WEBHOOK_USERS}
        by_open_id = one_per(events, lambda e: e["open_id"], open_ids, "user")
        expect_users(by_open_id, WEBHOOK_USERS, PLAIN, admin, admin.open_department_ids())
        return f"{len(events)} events, none with a user_id"

    def user_headers():
        expect(state.get("users_arrived"), "the users' events did not arrive")
        for app in (SIGNED, PLAIN):
            for seen in inbox.of(app.app_id, USER_CREATED):
                expect_header(seen, app, USER_CREATED, state["users_since"])

    def nothing_more():
        expect(state.get("users_arrived"), "the users' events did not arrive")
        def counts():
            return {(a.app_id, t): len(inbox.of(a.app_id, t))
                    for a in (SIGNED, PLAIN) for t in (USER_CREATED, DEPARTMENT_CREATED)}
        before = counts()
        time.sleep(QUIET_PERIOD)
        after = counts()
        expect(after == before, f"more events came: {before} then {after}")
        return f"{sum(after.values())} events in all"

    def event_requests(app):
        """The requests that pushed events to the app (the challenge left out), answered 200."""
        return [r for r in receiver.received(app) if r["status"] == 200 and b'"challenge"' not in r["answer"]]

    def encrypted_and_signed():
        requests = event_requests(SIGNED)
        expected = len(WEBHOOK_USERS) + len(NEW_DEPARTMENTS)
        expect(len(requests) == expected, f"{len(requests)} pushes answered 200, expected {expected}")
        for r in requests:
            expect(list(json.loads(r["body"])) == ["encrypt"], f"a body of {SIGNED.app_id}: {r['body'][:200]!r}")
            expect(r["body"] == json.dumps(json.loads(r["body"]), separators=(",", ":")).encode(),
                   f"not compact JSON (the Node SDK signs the re-serialised body): {r['body'][:100]!r}")
            for name in ("X-Lark-Request-Timestamp", "X-Lark-Request-Nonce", "X-Lark-Signature"):
                expect(r["headers"].get(name), f"no {name} (by that exact name) in {sorted(r['headers'])}")
        # The SDK really checked: a handler of the same app accepts a request as received, and
        # refuses it once its signature changes, or when it expects another verification token.
        sample = requests[-1]

        def answer(headers, verification_token=SIGNED.verification_token):
            probe_inbox = Inbox()
            probe = handler_for(App(SIGNED.app_id, "", SIGNED.path, verification_token, SIGNED.encrypt_key), probe_inbox)
            raw = lark.RawRequest()
            raw.uri, raw.headers, raw.body = SIGNED.path, headers, sample["body"]
            resp = probe.do(raw)
            ran = sum(len(events) for events in probe_inbox.events.values())
            return resp.status_code, (resp.content or b"").decode(), ran

        got = answer(sample["headers"])
        expect(got == (200, '{"msg":"success"}', 1), f"the request as received: {got}")
        signature = sample["headers"]["X-Lark-Signature"]
        forged = {**sample["headers"], "X-Lark-Signature": ("0" if signature[0] != "0" else "1") + signature[1:]}
        got = answer(forged)
        expect(got[0] == 500 and "signature" in got[1] and got[2] == 0, f"a forged signature: {got}")
        got = answer(sample["headers"], verification_token="another-token")
        expect(got[0] == 500 and "verification_token" in got[1] and got[2] == 0, f"another token: {got}")
        return (f"{len(requests)} pushes, each {{\"encrypt\"}} and signed; the SDK refuses a forged signature "
                f"and another token")

    def plain_bodies():
        requests = event_requests(PLAIN)
        envelopes = [json.loads(r["body"]) for r in requests]
        expected = len(WEBHOOK_USERS) + len(NEW_DEPARTMENTS)
        expect(len(envelopes) == expected and all(e.get("schema") == "2.0" for e in envelopes),
               f"{len(envelopes)} pushes answered 200 (expected {expected}), schemas {Counter(e.get('schema') for e in envelopes)}")
        expect(all(sorted(e) == ["event", "header", "schema"] for e in envelopes),
               f"envelope keys {sorted({tuple(sorted(e)) for e in envelopes})}")
        return f"{len(envelopes)} plain v2.0 envelopes"

    def every_answer_was_200():
        answers = Counter((r["path"], r["status"]) for r in receiver.requests)
        expect(all(status == 200 for _, status in answers), f"the SDK's answers: {dict(answers)}")
        return f"{sum(answers.values())} requests, each answered 200 by the SDK"

    def delivered(app):
        ids = [e["event_id"] for t in (USER_CREATED, DEPARTMENT_CREATED) for e in inbox.of(app.app_id, t)]
        expect(len(ids) == len(WEBHOOK_USERS) + len(NEW_DEPARTMENTS), f"{len(ids)} events received")
        return expect_delivered(admin, app, "webhook", ids)

    try:
        admin.subscribe(SIGNED, [USER_CREATED, DEPARTMENT_CREATED], request_url=receiver.url(SIGNED))
        admin.subscribe(PLAIN, [USER_CREATED, DEPARTMENT_CREATED], request_url=receiver.url(PLAIN))
        check(URL_VERIFICATION, "verify: the handler answers the encrypted challenge (encrypt_key set)", lambda: verify(SIGNED))
        check(URL_VERIFICATION, "verify: the handler answers the plain challenge (no encrypt_key)", lambda: verify(PLAIN))
        check(WEBHOOK_DEPARTMENT, "2 departments imported: each app's handler gets one event per department, "
              "open_department_id and parent as the admin API says", departments_created)
        check(WEBHOOK_USER, "100 users imported: both apps' handlers get theirs within 30 s", users_arrive)
        check(WEBHOOK_USER, "exactly 100 events, one per user, no event_id twice", signed_users_one_each)
        check(WEBHOOK_USER, "open_id, union_id, user_id as the app sees the user; name, mobile, email as imported; "
              "department_ids the departments' open_department_id", signed_users_values)
        check(WEBHOOK_USER, "an app without contact:user.employee_id:readonly: one event per user, no user_id",
              plain_users_without_user_id)
        check(WEBHOOK_USER, "every header: 32-hex event_id, the app's token, app_id, tenant_key, create_time in real ms",
              user_headers)
        check(WEBHOOK_USER, "nothing more arrives in the 2 s after the last", nothing_more)
        check(WEBHOOK_USER, "encrypt_key set: {\"encrypt\"} bodies, signed; the SDK refuses a forged signature or "
              "another token", encrypted_and_signed)
        check(WEBHOOK_USER, "no encrypt_key: plain v2.0 envelopes", plain_bodies)
        check(WEBHOOK_USER, "the SDK answered every push 200 (token, signature and model accepted)", every_answer_was_200)
        check(WEBHOOK_USER, "the admin API lists each event delivered on channel webhook (encrypted app)",
              lambda: delivered(SIGNED))
        check(WEBHOOK_USER, "the admin API lists each event delivered on channel webhook (plain app)",
              lambda: delivered(PLAIN))
    finally:
        for app in (SIGNED, PLAIN):
            try:
                admin.unsubscribe(app)
            except AssertionError:
                pass  # it was never subscribed: nothing to end
        receiver.close()

    # ------------------------------------------------------------------ the long connection

    listener_client = build_client(base, LISTENER)

    def listener_users():
        since = int(time.time() * 1000)
        batch_add(listener_client, "user", {"users": LISTENER_USERS, "need_send_notification": False})
        try:
            inbox.wait(f"{len(LISTENER_USERS)} {USER_CREATED} events from the listener",
                       lambda: len(inbox.of(LISTENER.app_id, USER_CREATED)) >= len(LISTENER_USERS))
        except AssertionError as err:
            raise AssertionError(f"{err}; {admin.state_of(LISTENER)}; the listener said:\n{listener.output()}") from None
        events = one_per(inbox.of(LISTENER.app_id, USER_CREATED), lambda e: e["user_id"],
                         [u["user_id"] for u in LISTENER_USERS], "user")
        for seen in events.values():
            expect_header(seen, LISTENER, USER_CREATED, since)
        by_open_id = {e["open_id"]: e for e in events.values()}
        expect_users(by_open_id, LISTENER_USERS, LISTENER, admin, admin.open_department_ids())
        state["listener_users"] = [e["event_id"] for e in events.values()]
        return f"{len(events)} events, one per user"

    def listener_delivered():
        expect(state.get("listener_users"), "the users' events did not arrive")
        return expect_delivered(admin, LISTENER, "long_connection", state["listener_users"])

    def emitted_review_data():
        c01 = admin.ids("c01", LISTENER)
        item = {"user_id": c01, "semester_id": SEMESTER_ID, "activity_id": ACTIVITY_ID,
                "stage_changes": [{"stage_id": STAGE_ID, "stage_type": "review", "review_stage_role": "reviewee"}]}
        since = int(time.time() * 1000)
        emitted = admin.call("POST", f"/tenants/{TENANT}/events",
                             {"event_type": REVIEW_DATA_CHANGED, "event": {"items": [item]}})["events"]
        expect([(e["app_id"], e["channels"]) for e in emitted] == [(LISTENER.app_id, ["long_connection"])],
               f"emitted {emitted}")
        event_id = emitted[0]["event_id"]
        try:
            inbox.wait(f"{REVIEW_DATA_CHANGED} {event_id} from the listener",
                       lambda: any(e["event_id"] == event_id for e in inbox.of(LISTENER.app_id, REVIEW_DATA_CHANGED)))
        except AssertionError as err:
            raise AssertionError(f"{err}; {admin.state_of(LISTENER)}; the listener said:\n{listener.output()}") from None
        [seen] = inbox.of(LISTENER.app_id, REVIEW_DATA_CHANGED)
        expect_header(seen, LISTENER, REVIEW_DATA_CHANGED, since)
        expected = [{"model": "ReviewDataChange", "user_id_model": "UserId", "open_id": c01["open_id"],
                     "union_id": c01["union_id"], "user_id": c01["user_id"], "semester_id": SEMESTER_ID,
                     "activity_id": ACTIVITY_ID,
                     "stage_changes": [{"model": "StageChange", "stage_id": STAGE_ID, "stage_type": "review",
                                        "review_stage_role": "reviewee"}]}]
        expect(seen["items"] == expected, f"got {seen['items']}\nexpected {expected}")
        expect_delivered(admin, LISTENER, "long_connection", [event_id])
        return f"items[0].user_id.open_id {seen['items'][0]['open_id']}"

    def opened_results():
        stage = f"/tenants/{TENANT}/stages/{STAGE_ID}"
        since = int(time.time() * 1000)
        admin.call("PATCH", stage, {"results_open_time": TENANT_NOW})
        try:
            inbox.wait(f"{OPEN_RESULT} from the listener", lambda: inbox.of(LISTENER.app_id, OPEN_RESULT))
        except AssertionError as err:
            raise AssertionError(f"{err}; {admin.state_of(LISTENER)}; the listener said:\n{listener.output()}") from None
        finally:
            admin.call("PATCH", stage, {"results_open_time": STAGE_OPENS})
        [seen] = inbox.of(LISTENER.app_id, OPEN_RESULT)
        expect_header(seen, LISTENER, OPEN_RESULT, since)
        with_tasks = {t["user_id"] for t in admin.call("GET", f"{stage}/tasks?limit=100")["items"]}
        expect(seen["items"], "no reviewee in the event")
        for item in seen["items"]:
            expect(item["model"] == "OpenResult" and item["user_id_model"] == "UserId", f"models {item}")
            expect(item["user_id"] in with_tasks, f"{item['user_id']} has no task in the stage")
            ids = admin.ids(item["user_id"], LISTENER)
            got = (item["open_id"], item["union_id"], item["semester_id"], item["open_time"])
            expected = (ids["open_id"], ids["union_id"], SEMESTER_ID, TENANT_NOW_MS)
            expect(got == expected, f"item {item}, expected {expected}")
        expect_delivered(admin, LISTENER, "long_connection", [seen["event_id"]])
        return f"{len(seen['items'])} reviewees, read through OpenResult and UserId"

    listener = None
    try:
        admin.subscribe(LISTENER, [USER_CREATED, REVIEW_DATA_CHANGED, OPEN_RESULT], long_connection=True)
        listener = Listener(base, LISTENER, inbox)
        check(LONG_CONNECTION_USER, "20 users imported: lark.ws.Client's handler gets one event per user with the "
              "app's open_id, union_id and user_id", listener_users)
        check(LONG_CONNECTION_USER, "the admin API lists each delivered on channel long_connection (acknowledged 200)",
              listener_delivered)
        check(LONG_CONNECTION_REVIEW, "an event emitted through the admin API reaches the handler, parsed into the SDK's "
              "typed model (items[0].user_id.open_id)", emitted_review_data)
        check(LONG_CONNECTION_OPEN, "a stage's results opened through the admin API: the handler gets its reviewees, each "
              "in the app's IDs, parsed into the SDK's typed model", opened_results)
    finally:
        if listener is not None:
            listener.stop()
        try:
            admin.unsubscribe(LISTENER)
        except AssertionError:
            pass  # it was never subscribed: nothing to end


if __name__ == "__main__":
    main()
