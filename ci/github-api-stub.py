#!/usr/bin/env python3
"""A stub of the few GitHub REST API calls the Sluice GitHub templates make, for tests.

Serves on 127.0.0.1 (a free port, printed as the first line of standard output) and keeps
everything in memory: releases with their assets (create as draft, upload, publish, list,
latest, by tag, download) and issue comments (list, create, edit). Every call is recorded
and written as JSON to the --log file after each request (method, path, status, whether a
token was sent; never the token itself). A request whose token is "read-only" may read but
not write (403), as a fork's pull request's GITHUB_TOKEN.
  --seed-release OWNER/REPO:TAG:DIR   a published release whose assets are DIR's files
"""
import argparse
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
STATE = {"releases": [], "assets": {}, "comments": [], "calls": [], "next": 1}


def next_id():
    STATE["next"] += 1
    return STATE["next"]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=None, raw=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type",
                         "application/octet-stream" if raw is not None else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return status

    def base(self):
        return "http://%s:%d" % self.server.server_address[:2]

    def token(self):
        header = self.headers.get("Authorization", "")
        return header[len("Bearer "):] if header.startswith("Bearer ") else ""

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_any(self, method):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        path = url.path
        payload = self.body() if method in ("POST", "PATCH") else b""
        with LOCK:
            status = self.route(method, path, query, payload)
            STATE["calls"].append({"method": method, "path": path, "status": status,
                                   "token": bool(self.token())})
            with open(self.server.log_path, "w") as log:
                json.dump({"calls": STATE["calls"], "comments": STATE["comments"],
                           "releases": [public(r) for r in STATE["releases"]]}, log, indent=1)

    def route(self, method, path, query, payload):
        writes = method in ("POST", "PATCH", "DELETE")
        if writes and self.token() == "read-only":
            return self.reply(403, {"message": "Resource not accessible by integration"})
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/releases", path)
        if m and method == "GET":
            found = [public(r) for r in reversed(STATE["releases"]) if r["repo"] == m[1]]
            return self.reply(200, found)
        if m and method == "POST":
            request = json.loads(payload)
            if any(r["repo"] == m[1] and r["tag_name"] == request["tag_name"]
                   for r in STATE["releases"]):
                return self.reply(422, {"message": "already_exists"})
            release = {"repo": m[1], "id": next_id(), "tag_name": request["tag_name"],
                       "draft": bool(request.get("draft")),
                       "prerelease": bool(request.get("prerelease")),
                       "target_commitish": request.get("target_commitish", ""), "assets": []}
            release["upload_url"] = "%s/uploads/repos/%s/releases/%d/assets{?name,label}" % (
                self.base(), m[1], release["id"])
            STATE["releases"].append(release)
            return self.reply(201, public(release))
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/releases/(latest|tags/.+)", path)
        if m and method == "GET":
            candidates = [r for r in reversed(STATE["releases"]) if r["repo"] == m[1]
                          and not r["draft"] and not r["prerelease"]]
            if m[2] != "latest":
                candidates = [r for r in candidates if r["tag_name"] == m[2][len("tags/"):]]
            if not candidates:
                return self.reply(404, {"message": "Not Found"})
            return self.reply(200, public(candidates[0]))
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/releases/(\d+)", path)
        if m and method == "PATCH":
            release = find_release(m[1], int(m[2]))
            if release is None:
                return self.reply(404, {"message": "Not Found"})
            release.update({k: v for k, v in json.loads(payload).items()
                            if k in ("draft", "prerelease")})
            return self.reply(200, public(release))
        m = re.fullmatch(r"/uploads/repos/([^/]+/[^/]+)/releases/(\d+)/assets", path)
        if m and method == "POST":
            release = find_release(m[1], int(m[2]))
            if release is None:
                return self.reply(404, {"message": "Not Found"})
            return self.reply(201, add_asset(self.base(), release, query["name"][0], payload))
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/releases/assets/(\d+)", path)
        if m and method == "GET":
            data = STATE["assets"].get(int(m[2]))
            if data is None:
                return self.reply(404, {"message": "Not Found"})
            return self.reply(200, raw=data)
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments", path)
        if m and method == "GET":
            page = int(query.get("page", ["1"])[0])
            size = int(query.get("per_page", ["30"])[0])
            mine = [c for c in STATE["comments"] if c["repo"] == m[1] and c["issue"] == int(m[2])]
            return self.reply(200, mine[(page - 1) * size:page * size])
        if m and method == "POST":
            comment = {"repo": m[1], "issue": int(m[2]), "id": next_id(),
                       "body": json.loads(payload)["body"], "edits": 0}
            STATE["comments"].append(comment)
            return self.reply(201, comment)
        m = re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/comments/(\d+)", path)
        if m and method == "PATCH":
            for comment in STATE["comments"]:
                if comment["repo"] == m[1] and comment["id"] == int(m[2]):
                    comment["body"] = json.loads(payload)["body"]
                    comment["edits"] += 1
                    return self.reply(200, comment)
            return self.reply(404, {"message": "Not Found"})
        return self.reply(404, {"message": "Not Found: %s %s" % (method, path)})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")


def public(release):
    return {k: v for k, v in release.items() if k != "repo"}


def find_release(repo, ident):
    return next((r for r in STATE["releases"] if r["repo"] == repo and r["id"] == ident), None)


def add_asset(base, release, name, data):
    ident = next_id()
    STATE["assets"][ident] = data
    asset = {"id": ident, "name": name, "size": len(data),
             "url": "%s/repos/%s/releases/assets/%d" % (base, release["repo"], ident)}
    release["assets"].append(asset)
    return asset


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--seed-release", action="append", default=[])
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.log_path = args.log
    base = "http://127.0.0.1:%d" % server.server_address[1]
    for seed in args.seed_release:
        repo, tag, directory = seed.split(":", 2)
        release = {"repo": repo, "id": next_id(), "tag_name": tag, "draft": False,
                   "prerelease": False, "assets": [], "upload_url": ""}
        STATE["releases"].append(release)
        for name in sorted(os.listdir(directory)):
            with open(os.path.join(directory, name), "rb") as f:
                add_asset(base, release, name, f.read())
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
