"""Schemathesis hooks for the fnhost API fuzz run (tests/fuzz/run.sh).

Loaded through SCHEMATHESIS_HOOKS=hooks. Configured by environment variables that run.sh sets:

  FUZZ_ACCOUNT      the account the run's tokens belong to
  FUZZ_LAMBDA_UUID  a deployed function of that account
  FUZZ_LAMBDA_NAME  its name (it has an HTTP trigger, and never picks an HTTP status itself)
  FUZZ_EVENT        the event that function listens to
  FUZZ_COUNT_FILE   file that receives one line per request sent (status, method, path)

The check `fnhost_error_contract` is the point of the run: every response >= 400 carries the
platform's JSON error body (`contract_violation`, shared with probes.py), and no response is a
5xx other than the store's 502/504. `before_call` steers generated requests towards the run's own
account, function and event, so that most of them get past the 403/404 into the handlers.
"""

import json
import os
import zlib

import schemathesis

ACCOUNT = os.environ.get("FUZZ_ACCOUNT", "1000")
LAMBDA_UUID = os.environ.get("FUZZ_LAMBDA_UUID", "")
LAMBDA_NAME = os.environ.get("FUZZ_LAMBDA_NAME", "")
EVENT = os.environ.get("FUZZ_EVENT", "")
COUNT_FILE = os.environ.get("FUZZ_COUNT_FILE", "")

ERROR_PREFIX = "com.liveperson.faas."
# The OAuth token endpoint answers RFC 6749 errors `{error, error_description}` by design.
TOKEN_PATH = "/sentinel/api/account/{acc}/app/token"
# Status 901: a function failure (callback(error), exception, time limit), not a platform fault.
FUNCTION_FAILURE = 901

# Operations whose `{uuid}` is sometimes the run's deployed function, so that the fuzzer reaches
# past the 404 into the function itself. Never the deploy/undeploy/delete operations: those would
# take the function away from the rest of the run.
USES_REAL_FUNCTION = {
    ("GET", "/api/account/{acc}/lambdas/{uuid}"),
    ("PUT", "/api/account/{acc}/lambdas/{uuid}"),
    ("POST", "/api/account/{acc}/lambdas/{uuid}/invoke"),
    ("GET", "/api/account/{acc}/reports/invocations/{uuid}"),
}


def _pick(value, one_in):
    """A deterministic coin (stable across processes, unlike hash()), true one time in `one_in`."""
    return zlib.crc32(repr(value).encode()) % one_in == 0


@schemathesis.hook
def before_call(context, case, kwargs):
    # Applied here, after generation, so that every phase (coverage included) is steered alike.
    key = (case.operation.method.upper(), case.operation.path)
    # A schedule needs a deployed function: now and then the run's own.
    body = case.body
    if LAMBDA_UUID and key == ("POST", "/api/account/{acc}/schedules") and isinstance(body, dict):
        if "lambdaUUID" in body and not _pick(body["lambdaUUID"], 2):
            body["lambdaUUID"] = LAMBDA_UUID
    params = case.path_parameters
    if not params:
        return
    # Mostly the run's own account (another account is a 403 before any handler logic), now and
    # then whatever was generated.
    if "acc" in params and not _pick(params["acc"], 8):
        params["acc"] = ACCOUNT
    if LAMBDA_UUID and "uuid" in params and key in USES_REAL_FUNCTION and not _pick(params["uuid"], 2):
        params["uuid"] = LAMBDA_UUID
    # Never the run's own admin: resetting its password or roles would end the session the rest
    # of the run uses (deleting it is refused anyway while it is the last admin).
    if params.get("user") == "admin":
        params["user"] = "fuzz-nobody"
    if EVENT and "event" in params and not _pick(params["event"], 2):
        params["event"] = EVENT
    if LAMBDA_NAME and "name" in params and case.operation.path.startswith("/fn/") and not _pick(params["name"], 4):
        params["name"] = LAMBDA_NAME


@schemathesis.hook
def after_call(context, case, response):
    if COUNT_FILE:
        with open(COUNT_FILE, "a") as f:
            f.write(f"{response.status_code} {case.operation.method.upper()} {case.operation.path}\n")


def contract_violation(path_template, status, content):
    """Why a response breaks the platform's error contract, or None when it keeps it.

    `path_template` is the operation's path as the OpenAPI document spells it.
    """
    if status < 400:
        return None
    try:
        body = json.loads(content or b"")
    except ValueError:
        body = None
    if path_template == TOKEN_PATH and status < 500 and isinstance(body, dict):
        if isinstance(body.get("error"), str) and isinstance(body.get("error_description", ""), str):
            return None
    code = body.get("errorCode") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code.startswith(ERROR_PREFIX):
        snippet = (content or b"")[:120].decode("utf-8", "replace")
        return f"status {status} without the platform's error body: {snippet!r}"
    if not isinstance(body.get("errorMsg"), str):
        return f"status {status} ({code}) without a string errorMsg"
    if status == FUNCTION_FAILURE:
        return None
    if 500 <= status < 600 and not (status in (502, 504) and code.endswith(".unavailable")):
        return f"server error {status} {code}"
    return None


@schemathesis.check
def fnhost_error_contract(ctx, response, case):
    """Errors carry `{errorCode: "com.liveperson.faas.*", errorMsg}`; no 5xx except store 502/504."""
    problem = contract_violation(case.operation.path, response.status_code, response.content)
    if problem:
        raise AssertionError(problem)
