"""A deliberately broken HTTP proxy, for the harness's self-test (compat/selftest).

It forwards every request to openwork unchanged and damages the answers in one way, so that the
self-test can prove that the Feishu checks notice what would break the official SDKs:

  lowercase-headers   every response header name in lower case (`content-type`, `x-tt-logid`),
                      as a server on hyper's defaults would send them. lark-oapi looks both
                      headers up case-sensitively: get_log_id() gives None, and client.request()
                      no longer parses the JSON body.
  number-for-string   in JSON bodies, `"semester_id":"<digits>"` becomes a JSON number, as a
                      server that writes int64 IDs as numbers would send it.

Usage: broken_proxy.py --upstream http://127.0.0.1:PORT --mode MODE
It listens on 127.0.0.1, port 0, and prints its base URL as the first line of stdout once it
accepts connections. Standard library only.
"""

import argparse
import http.client
import http.server
import re
import sys
import urllib.parse

MODES = ("lowercase-headers", "number-for-string")

# Headers that describe one connection, not the message: never forwarded either way.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}

SEMESTER_ID_STRING = re.compile(rb'("semester_id"\s*:\s*)"(\d+)"')


def damage_body(mode, content_type, body):
    if mode == "number-for-string" and content_type.startswith("application/json"):
        return SEMESTER_ID_STRING.sub(rb"\1\2", body)
    return body


def make_handler(upstream, mode):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the SDKs' connection pools expect

        def do_GET(self):
            self.forward()

        do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

        def forward(self):
            if "chunked" in self.headers.get("Transfer-Encoding", ""):
                self.send_error(501, "chunked request bodies are not supported by this proxy")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if body is None and self.command in ("POST", "PUT", "PATCH"):
                body = b""
            skip = HOP_BY_HOP | {"host", "content-length", "accept-encoding"}  # no compression: bodies stay editable
            headers = {name: value for name, value in self.headers.items() if name.lower() not in skip}

            conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                res = conn.getresponse()
                content = res.read()
                status, reason, res_headers = res.status, res.reason, res.getheaders()
            finally:
                conn.close()

            content_type = next((v for k, v in res_headers if k.lower() == "content-type"), "")
            content = damage_body(mode, content_type, content)
            lower = mode == "lowercase-headers"

            # send_response_only: no Server/Date of our own; every header below is written as named.
            self.send_response_only(status, reason)
            for name, value in res_headers:
                if name.lower() in HOP_BY_HOP or name.lower() == "content-length":
                    continue
                self.send_header(name.lower() if lower else name, value)
            self.send_header("content-length" if lower else "Content-Length", str(len(content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)

        def log_message(self, format, *args):  # quiet: the self-test reads stdout
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="openwork's base URL, e.g. http://127.0.0.1:8900")
    parser.add_argument("--mode", required=True, choices=MODES)
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(upstream, args.mode))
    server.daemon_threads = True
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
