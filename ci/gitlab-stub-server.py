#!/usr/bin/env python3
"""A stand-in for the parts of GitLab's REST API that Sluice's components call, for tests.

Serves, under /api/v4/projects/<id>/:
  packages/generic/<package>/<version>/<file>   PUT stores (JOB-TOKEN required), GET serves
                                                the newest upload (404 when none)
  merge_requests/<iid>/notes[/<note>]           GET lists, POST creates, PUT edits (form
                                                field "body"; PRIVATE-TOKEN required)
Every request is appended to CALLS (JSON Lines: method, path, which token header came, and
the status), never the token's value. Listens on 127.0.0.1, a free port, written to PORTFILE.

Usage: gitlab-stub-server.py PORTFILE CALLS
"""

import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PACKAGES = {}  # (project, package, version, file) -> bytes
NOTES = {}  # (project, iid) -> [ {id, body, ...} ]
LOCK = threading.RLock()
NEXT_NOTE = [100]
CALLS_PATH = sys.argv[2] if len(sys.argv) > 2 else None

PACKAGE = re.compile(r"^/api/v4/projects/([^/]+)/packages/generic/([^/]+)/([^/]+)/([^/?]+)$")
NOTES_RE = re.compile(r"^/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes(?:/(\d+))?$")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self, status):
        auth = [h for h in ("JOB-TOKEN", "PRIVATE-TOKEN") if self.headers.get(h)]
        entry = {"method": self.command, "path": self.path, "auth": auth, "status": status}
        with LOCK:
            with open(CALLS_PATH, "a", encoding="utf-8") as calls:
                calls.write(json.dumps(entry) + "\n")

    def reply(self, status, body=b"", kind="application/json"):
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_request(self):
        path = urllib.parse.urlsplit(self.path).path
        match = PACKAGE.match(path)
        if match:
            key = match.groups()
            if self.command == "PUT":
                if not self.headers.get("JOB-TOKEN") and not self.headers.get("PRIVATE-TOKEN"):
                    return self.reply(401, b'{"message":"401 Unauthorized"}')
                data = self.body()
                with LOCK:
                    PACKAGES[key] = data
                return self.reply(201, b'{"message":"201 Created"}')
            if self.command == "GET":
                with LOCK:
                    data = PACKAGES.get(key)
                if data is None:
                    return self.reply(404, b'{"message":"404 Not Found"}')
                return self.reply(200, data, "application/octet-stream")
            return self.reply(405)
        match = NOTES_RE.match(path)
        if match:
            if not self.headers.get("PRIVATE-TOKEN"):
                return self.reply(401, b'{"message":"401 Unauthorized"}')
            project, iid, note = match.groups()
            with LOCK:
                notes = NOTES.setdefault((project, iid), [])
                if self.command == "GET" and note is None:
                    return self.reply(200, json.dumps(notes, separators=(",", ":")).encode())
                if self.command in ("POST", "PUT"):
                    form = urllib.parse.parse_qs(self.body().decode(), keep_blank_values=True)
                    text = form.get("body", [""])[0]
                    if self.command == "POST" and note is None:
                        NEXT_NOTE[0] += 1
                        entry = {"id": NEXT_NOTE[0], "type": None, "body": text,
                                 "author": {"id": 1, "username": "sluice-bot"}}
                        notes.append(entry)
                        return self.reply(201, json.dumps(entry).encode())
                    for entry in notes:
                        if str(entry["id"]) == note and self.command == "PUT":
                            entry["body"] = text
                            return self.reply(200, json.dumps(entry).encode())
                    return self.reply(404, b'{"message":"404 Not found"}')
            return self.reply(405)
        if path == "/stub/notes":
            with LOCK:
                dump = {f"{p}!{i}": n for (p, i), n in NOTES.items()}
            return self.reply(200, json.dumps(dump).encode())
        return self.reply(404, b'{"message":"404 Not Found"}')

    do_GET = do_PUT = do_POST = do_DELETE = handle_request


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1], "w", encoding="utf-8") as portfile:
        portfile.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
