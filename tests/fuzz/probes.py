#!/usr/bin/env python3
"""Requests schemathesis cannot send, checked against the same error contract (hooks.py).

Schemathesis percent-encodes every path parameter it generates, so a path segment that decodes
to invalid UTF-8 (`%FF`, an overlong `%C0%80`) never reaches the server from it. This sends one
such request per path parameter of every operation in the OpenAPI document, with the admin's
token, and applies `hooks.contract_violation` to each answer.

Usage: probes.py SCHEMA_FILE BASE_URL   (env: FUZZ_ADMIN_TOKEN, FUZZ_ACCOUNT)
Prints each distinct violation once (with how many requests showed it and one of them), then
`probes: N requests, M failures` with M the number of distinct violations; exits 1 on any.
"""

import http.client
import json
import os
import re
import sys
import urllib.parse

from hooks import contract_violation

BAD_SEGMENTS = ["%FF", "%C0%80"]


def send(base, method, path, token):
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        # The path is sent exactly as built: http.client does not re-encode it.
        conn.request(method, path, body=b"" if method in ("POST", "PUT") else None, headers={"Authorization": f"Bearer {token}"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def main():
    schema_file, base = sys.argv[1:3]
    token = os.environ["FUZZ_ADMIN_TOKEN"]
    account = os.environ.get("FUZZ_ACCOUNT", "1000")
    doc = json.load(open(schema_file))
    requests = 0
    problems = {}  # problem -> (count, first request)
    for template, item in doc["paths"].items():
        params = re.findall(r"{(\w+)}", template)
        for method in item:
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            for bad in params:
                for segment in BAD_SEGMENTS:
                    path = template
                    for p in params:
                        value = segment if p == bad else (account if p == "acc" else "x")
                        path = path.replace("{" + p + "}", value)
                    requests += 1
                    try:
                        status, content = send(base, method.upper(), path, token)
                    except OSError as e:
                        problem = f"no answer ({type(e).__name__})"
                    else:
                        problem = contract_violation(template, status, content)
                    if problem:
                        count, first = problems.get(problem, (0, f"{method.upper()} {path}"))
                        problems[problem] = (count + 1, first)
    for problem, (count, first) in problems.items():
        print(f"probe: {problem} ({count} requests, e.g. {first})")
    print(f"probes: {requests} requests, {len(problems)} failures")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
