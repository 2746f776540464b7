"""The web console in a real browser: Debian's Chromium driven by Playwright, against a running
openwork with the demo world (browser/run starts it). Each check fails when the console stops
doing what an operator relies on; a screenshot of every step goes to --out.

  1. logging in: a wrong admin token is refused with a message, the right one opens the tenants;
  2. a lark-oapi call's log_id, searched in the request journal, shows the call, its operation,
     its explanation and a replay curl;
  3. moving the demo tenant's clock past a stage's deadline turns its unfinished tasks overdue;
  4. a fault set in the console makes the next lark-oapi call fail with it, and the journal marks
     the call as injected;
  5. an event pushed to a webhook nobody answers shows its failed attempt, in words; once a
     receiver listens, "Push again" delivers it.
"""

import argparse
import json
import socket
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import lark_oapi as lark
from lark_oapi.api.performance.v1 import FindByPageStageTaskRequest, FindByPageStageTaskRequestBody
from playwright.sync_api import expect, sync_playwright

DEMO_APP = ("cli_de30c0de00000001", "openwork-demo-secret")
SEMESTER = "7235911950407352321"
# The demo's 360° stage: due 2024-06-30, the demo clock reads 2024-06-15.
PEER_STAGE = "7270346432875692035"
TIMEOUT_MS = 10_000


def sdk_find_by_page(base, user_id_type="open_id"):
    """One find_by_page through lark-oapi, as an integration would make it."""
    client = lark.Client.builder().app_id(DEMO_APP[0]).app_secret(DEMO_APP[1]).domain(base) \
        .log_level(lark.LogLevel.ERROR).build()
    body = FindByPageStageTaskRequestBody.builder().semester_id(SEMESTER).page_size(2).build()
    request = FindByPageStageTaskRequest.builder().user_id_type(user_id_type).request_body(body).build()
    return client.performance.v1.stage_task.find_by_page(request)


def admin(base, token, method, path, body=None):
    """One admin API call; answers its JSON."""
    request = urllib.request.Request(f"{base}/_openwork/v1{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webhook_receiver(port, received):
    """A receiver answering 200 to every push, recording each body."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"msg":"success"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Run:
    def __init__(self, page, out):
        self.page = page
        self.out = out
        self.shots = 0
        self.failures = []

    def shot(self, name):
        self.shots += 1
        self.page.screenshot(path=str(self.out / f"{self.shots:02d}-{name}.png"), full_page=True)

    def check(self, name, step):
        try:
            step()
            print(f"PASS {name}")
        except Exception as err:  # every failure is reported, then the run fails
            self.failures.append(name)
            print(f"FAIL {name}: {err}")
            try:
                self.shot(f"failed-{name.replace(' ', '-')}")
            except Exception:
                pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    console = f"{args.base}/_openwork/console"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        run = Run(page, args.out)

        def log_in():
            page.goto(console)
            page.fill("#token", "not-the-token")
            page.click("#login button")
            expect(page.locator("#login-error")).to_contain_text("refused")
            run.shot("login-refused")
            page.fill("#token", args.admin_token)
            page.click("#login button")
            expect(page.locator("#nav")).to_be_visible()
            expect(page.locator("#view")).to_contain_text("demo")
            run.shot("tenants")

        def find_a_call_by_log_id():
            response = sdk_find_by_page(args.base, user_id_type="user_id")
            assert response.code == 0, (response.code, response.msg)
            refused = sdk_find_by_page(args.base, user_id_type="people_admin_id")
            assert refused.code == 99992402, (refused.code, refused.msg)
            log_id = refused.get_log_id()
            page.goto(f"{console}#/requests")
            page.fill("#filter-log_id", log_id)
            page.click("#search")
            row = page.locator(f"tr[data-log-id='{log_id}']")
            expect(row).to_have_count(1)
            expect(row).to_contain_text("99992402")
            expect(row).to_contain_text("user_id_type")
            run.shot("journal-search")
            row.click()
            expect(page.locator("#explanation")).to_contain_text("user_id_type")
            expect(page.locator("#view")).to_contain_text("performance.v1.stage_task.find_by_page")
            expect(page.locator("#curl")).to_contain_text("find_by_page?user_id_type=people_admin_id")
            expect(page.locator("#curl")).to_contain_text("Authorization: Bearer $TOKEN")
            run.shot("journal-entry")

        def move_a_clock():
            page.goto(f"{console}#/tenants/demo/stages/{PEER_STAGE}")
            expect(page.locator("tr.task").first).to_be_visible()
            expect(page.locator("td.status", has_text="overdue")).to_have_count(0)
            run.shot("stage-before")
            page.goto(f"{console}#/tenants/demo")
            expect(page.locator("#clock-now")).to_contain_text("2024-06-15")
            page.fill("#clock-advance", str(30 * 86400))
            page.click("#clock-advance-go")
            expect(page.locator("#clock-now")).to_contain_text("2024-07-15")
            run.shot("clock-moved")
            page.goto(f"{console}#/tenants/demo/stages/{PEER_STAGE}")
            expect(page.locator("td.status", has_text="overdue").first).to_be_visible()
            run.shot("stage-after")

        def set_a_fault():
            page.goto(f"{console}#/faults")
            page.fill("#fault-operation", "performance.v1.stage_task.find_by_page")
            page.select_option("#fault-kind", "vendor_error")
            page.fill("#fault-code", "99991400")
            page.fill("#fault-msg", "request trigger frequency limit")
            page.fill("#fault-times", "1")
            page.click("#fault-add")
            expect(page.locator("tr.fault-row")).to_have_count(1)
            run.shot("fault-set")
            failed = sdk_find_by_page(args.base)
            assert failed.code == 99991400, (failed.code, failed.msg)
            assert failed.msg == "request trigger frequency limit", failed.msg
            again = sdk_find_by_page(args.base)
            assert again.code == 0, ("the fault was for one call", again.code)
            page.goto(f"{console}#/requests")
            page.fill("#filter-log_id", failed.get_log_id())
            page.click("#search")
            expect(page.locator(".fault")).to_contain_text("injected fault")
            run.shot("fault-in-journal")
            page.goto(f"{console}#/faults")
            expect(page.locator("tr.fault-row")).to_have_count(0)

        def retry_an_event():
            port = free_port()
            url = f"http://127.0.0.1:{port}/webhook/event"
            app = "/tenants/demo/apps/cli_de30c0de00000002/events"
            admin(args.base, args.admin_token, "PUT", app, {"types": ["contact.user.created_v3"], "request_url": url})
            emitted = admin(args.base, args.admin_token, "POST", "/tenants/demo/events",
                            {"event_type": "contact.user.created_v3", "event": {"object": {"name": "Console"}}})
            # The demo's first app subscribes too (over the long connection): take the bot's event.
            [event_id] = [e["event_id"] for e in emitted["events"] if e["app_id"] == "cli_de30c0de00000002"]
            page.goto(f"{console}#/tenants/demo")
            row = page.locator("tr.event-row", has_text=event_id)
            expect(row).to_be_visible()
            row.click()
            expect(page.locator("td.detail").first).to_contain_text("could not connect")
            run.shot("event-failed")
            received = []
            receiver = webhook_receiver(port, received)
            try:
                page.click("#redeliver")
                # The push happens in the background: reload until the page shows it delivered.
                delivered = page.locator("h2", has_text="webhook: delivered")
                for _ in range(50):
                    page.reload()
                    if delivered.count():
                        break
                    page.wait_for_timeout(200)
                expect(delivered).to_be_visible()
                assert [body["header"]["event_id"] for body in received] == [event_id], received
                run.shot("event-delivered")
            finally:
                receiver.shutdown()

        run.check("log in with the admin token", log_in)
        run.check("find an SDK call by its log_id", find_a_call_by_log_id)
        run.check("move a clock and see a stage turn overdue", move_a_clock)
        run.check("set a fault and see the next SDK call fail with it", set_a_fault)
        run.check("see a failed event push and push it again", retry_an_event)
        browser.close()

    print(f"browser/check.py: {5 - len(run.failures)} of 5 checks passed; screenshots in {args.out}")
    sys.exit(1 if run.failures else 0)


if __name__ == "__main__":
    main()
