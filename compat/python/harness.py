"""Shared by the Python checks: the server under test, and the result log.

Every check is a function that raises on failure; `check()` runs it and writes one JSON line
(sdk, sdk version, endpoint, check, PASS/FAIL, detail) to the results file. Nothing retries and
nothing sleeps: a check passes or fails on the first answer.
"""

import argparse
import json
import traceback
import urllib.error
import urllib.request
from importlib.metadata import version


class Harness:
    def __init__(self):
        parser = argparse.ArgumentParser()
        parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8900")
        parser.add_argument("--results", required=True, help="JSON-lines file to append to")
        parser.add_argument("--admin-token", required=True)
        args = parser.parse_args()
        self.base = args.base
        self.admin_token = args.admin_token
        self.results = open(args.results, "a", encoding="utf-8")
        self.failures = 0

    def check(self, sdk, endpoint, name, fn):
        """Runs one check of `sdk` against `endpoint` and records PASS or FAIL."""
        try:
            detail = fn() or ""
            result = "PASS"
        except Exception as err:  # every failure is recorded, none is hidden
            detail = f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=3)}"
            result = "FAIL"
            self.failures += 1
        self.results.write(json.dumps({
            "sdk": sdk,
            "sdk_version": version(sdk),
            "endpoint": endpoint,
            "check": name,
            "result": result,
            "detail": str(detail)[:2000],
        }, ensure_ascii=False) + "\n")
        self.results.flush()


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


class AdminApi:
    """openwork's admin API (plain HTTP), with the admin token. A call answered other than HTTP
    200 raises AssertionError with the answer."""

    def __init__(self, base, token):
        self.base = base
        self.token = token

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + "/_openwork/v1" + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req) as res:
                return json.loads(res.read())
        except urllib.error.HTTPError as err:
            raise AssertionError(f"admin {method} {path}: HTTP {err.code} {err.read()[:500]!r}") from None
