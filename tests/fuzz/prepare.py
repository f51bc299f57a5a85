#!/usr/bin/env python3
"""Sets up a fresh fnhost server for the fuzz run (called by run.sh; standard library only).

Waits for the server, logs in as the bootstrap admin, creates and deploys one function that
listens to an event, creates one OAuth app and fetches its token. Prints shell assignments
(`KEY=value`, quoted) for run.sh to eval: FUZZ_ADMIN_TOKEN, FUZZ_APP_TOKEN, FUZZ_LAMBDA_UUID,
FUZZ_LAMBDA_NAME, FUZZ_EVENT, FUZZ_APP_CLIENT_ID.

The function also has an HTTP trigger (token required). It never answers with a `statusCode` of
its own, so every error status on /fn/... is the platform's, and hooks.py can check it.

Usage: prepare.py BASE_URL ACCOUNT ADMIN_USER ADMIN_PASSWORD
"""

import json
import shlex
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

EVENT = "conversational_command"
NAME = "fuzz_echo"
CODE = """function lambda(input, callback) {
  console.info('fuzz invocation', input.payload);
  callback(null, { echo: input.payload, headers: input.headers });
}"""


def call(method, url, body=None, token=None, form=None, timeout=30):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        raise SystemExit(f"prepare: {method} {url} answered {e.code}: {e.read()[:300]!r}")


def main():
    base, acc, user, password = sys.argv[1:5]
    api = f"{base}/api/account/{acc}"

    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit("prepare: the server did not answer /healthz within 60 s")
        time.sleep(0.2)

    _, login = call("POST", f"{api}/login", {"username": user, "password": password})
    admin = login["bearer"]

    _, fn = call(
        "POST",
        f"{api}/lambdas",
        {
            "name": NAME,
            "description": "fuzz target",
            "eventId": EVENT,
            "implementation": {"code": CODE},
            "httpTrigger": {"enabled": True, "public": False},
        },
        admin,
    )
    uuid = fn["uuid"]
    call("POST", f"{api}/deployments/{uuid}", token=admin)
    deadline = time.monotonic() + 60
    while True:
        _, got = call("GET", f"{api}/lambdas/{uuid}", token=admin)
        state = got[0]["state"]
        if state == "Productive":
            break
        if time.monotonic() > deadline or "Error" in state:
            raise SystemExit(f"prepare: the function did not deploy (state {state})")
        time.sleep(0.2)

    _, app = call("POST", f"{api}/apps", {"name": "fuzz app"}, admin)
    _, tok = call(
        "POST",
        f"{base}/sentinel/api/account/{acc}/app/token",
        form={"grant_type": "client_credentials", "client_id": app["client_id"], "client_secret": app["client_secret"]},
    )
    # The app token must work before the run relies on it.
    status, _ = call("POST", f"{api}/lambdas/{uuid}/invoke", {"payload": {"ping": 1}}, tok["access_token"])
    if status != 200:
        raise SystemExit(f"prepare: invoking with the app token answered {status}")

    out = {
        "FUZZ_ADMIN_TOKEN": admin,
        "FUZZ_APP_TOKEN": tok["access_token"],
        "FUZZ_APP_CLIENT_ID": app["client_id"],
        "FUZZ_LAMBDA_UUID": uuid,
        "FUZZ_LAMBDA_NAME": NAME,
        "FUZZ_EVENT": EVENT,
    }
    for k, v in out.items():
        print(f"{k}={shlex.quote(v)}")


if __name__ == "__main__":
    main()
