"""Schemathesis hooks for the fnhost API fuzz run (tests/fuzz/run.sh).

Loaded through SCHEMATHESIS_HOOKS=hooks. Configured by environment variables that run.sh sets:

  FUZZ_ACCOUNT      the account the run's tokens belong to
  FUZZ_LAMBDA_UUID  a deployed function of that account
  FUZZ_EVENT        the event that function listens to
  FUZZ_COUNT_FILE   file that receives one line per HTTP call made (the case count)

The check `fnhost_error_contract` is the point of the run: every response >= 400 carries the
platform's JSON error body, and no response is a 5xx other than the store's 502/504.
"""

import json
import os
import zlib

import schemathesis

ACCOUNT = os.environ.get("FUZZ_ACCOUNT", "1000")
LAMBDA_UUID = os.environ.get("FUZZ_LAMBDA_UUID", "")
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
    params = case.path_parameters
    if not params:
        return
    # Mostly the run's own account (another account is a 403 before any handler logic), now and
    # then whatever was generated.
    if "acc" in params and not _pick(params["acc"], 8):
        params["acc"] = ACCOUNT
    key = (case.operation.method.upper(), case.operation.path)
    if LAMBDA_UUID and "uuid" in params and key in USES_REAL_FUNCTION and not _pick(params["uuid"], 2):
        params["uuid"] = LAMBDA_UUID
    if EVENT and "event" in params and not _pick(params["event"], 2):
        params["event"] = EVENT


@schemathesis.hook
def after_call(context, case, response):
    if COUNT_FILE:
        with open(COUNT_FILE, "a") as f:
            f.write(f"{response.status_code} {case.operation.method.upper()} {case.operation.path}\n")


def _json(response):
    try:
        return json.loads(response.content or b"")
    except ValueError:
        return None


@schemathesis.check
def fnhost_error_contract(ctx, response, case):
    """Errors carry `{errorCode: "com.liveperson.faas.*", errorMsg}`; no 5xx except store 502/504."""
    status = response.status_code
    if status < 400:
        return None
    body = _json(response)
    code = body.get("errorCode") if isinstance(body, dict) else None
    if case.operation.path == TOKEN_PATH and status < 500 and isinstance(body, dict):
        if isinstance(body.get("error"), str) and isinstance(body.get("error_description", ""), str):
            return None
    if not isinstance(code, str) or not code.startswith(ERROR_PREFIX):
        snippet = (response.content or b"")[:120].decode("utf-8", "replace")
        raise AssertionError(f"status {status} without the platform's error body: {snippet!r}")
    if not isinstance(body.get("errorMsg"), str):
        raise AssertionError(f"status {status} ({code}) without a string errorMsg")
    if status == FUNCTION_FAILURE:
        return None
    if 500 <= status < 600 and not (status in (502, 504) and code.endswith(".unavailable")):
        raise AssertionError(f"server error {status} {code}")
    return None
