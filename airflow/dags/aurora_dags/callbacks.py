"""Task callbacks: a log line and a Prometheus Pushgateway update for every failure, retry, skip and success.

The Pushgateway URL comes from the Variable ``aurora_pushgateway_url`` (unset: log only). Each
task has its own group ``job=aurora_airflow, dag_id, task_id`` (plus ``tenant`` and ``dataset``
when the task names them), updated with POST so each event replaces only its own series. Labels
are identifiers, never data. A Pushgateway that does not answer costs one warning, never the task.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from aurora_dags import exit_codes, settings

log = logging.getLogger(__name__)

JOB = "aurora_airflow"
PUSH_TIMEOUT_SECONDS = 5

FAILURE = "aurora_airflow_task_last_failure_timestamp_seconds"
RETRY = "aurora_airflow_task_last_retry_timestamp_seconds"
SKIP = "aurora_airflow_task_last_skip_timestamp_seconds"
SUCCESS = "aurora_airflow_task_last_success_timestamp_seconds"
EXIT_CODE = "aurora_airflow_task_last_exit_code"
TRY_NUMBER = "aurora_airflow_task_last_try_number"

HELP = {
    FAILURE: "Time a task of an AURORA DAG last failed for good (retries exhausted or not retryable)",
    RETRY: "Time a task of an AURORA DAG last failed and was put up for retry",
    SKIP: "Time a task of an AURORA DAG was last skipped (exit 3: privacy budget exhausted, or nothing to do)",
    SUCCESS: "Time a task of an AURORA DAG last succeeded",
    EXIT_CODE: "Exit code of the AURORA job at the task's last failure, retry or skip (-1: no AURORA exit code)",
    TRY_NUMBER: "Try number of the task's last failure or retry",
}


def grouping_key(context: Mapping[str, Any]) -> dict[str, str]:
    """The Pushgateway group of the task in ``context``."""
    ti = context["ti"]
    key = {"job": JOB, "dag_id": ti.dag_id, "task_id": ti.task_id}
    options = getattr(context.get("task"), "options", None)
    if isinstance(options, Mapping):
        for label, option in (("tenant", "--tenant"), ("dataset", "--dataset")):
            value = options.get(option)
            if isinstance(value, str) and value:
                key[label] = value
    return key


def exposition(samples: Mapping[str, float]) -> str:
    """Prometheus text format of gauges without labels (the labels are in the grouping key)."""
    lines = []
    for name, value in samples.items():
        lines.append(f"# HELP {name} {HELP[name]}")
        lines.append(f"# TYPE {name} gauge")
        lines.append(f"{name} {float(value)!r}")
    return "\n".join(lines) + "\n"


def group_path(key: Mapping[str, str]) -> str:
    """``/metrics/job/<job>/<label>@base64/<value>…``: base64 so any identifier is a safe path segment."""
    path = "/metrics/job@base64/" + _b64(key["job"])
    for label, value in key.items():
        if label != "job":
            path += f"/{label}@base64/{_b64(value)}"
    return path


def _b64(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode("utf-8")).decode("ascii").rstrip("=") or "="


def pushgateway_url() -> str | None:
    """The Variable's URL when it is a plain http(s) URL without credentials; else None (and a warning)."""
    from airflow.sdk import Variable

    url = Variable.get(settings.VAR_PUSHGATEWAY_URL, default=None)
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        log.warning("Variable %s must be an http(s) URL without credentials; metrics not pushed",
                    settings.VAR_PUSHGATEWAY_URL)
        return None
    return url.rstrip("/")


def push(url: str, key: Mapping[str, str], samples: Mapping[str, float]) -> bool:
    """POSTs ``samples`` to the group ``key``; False (and a warning) when the Pushgateway refuses or is away."""
    try:
        response = requests.post(url + group_path(key), data=exposition(samples).encode("utf-8"),
                                 headers={"Content-Type": "text/plain; version=0.0.4"}, timeout=PUSH_TIMEOUT_SECONDS)
        response.raise_for_status()
        return True
    except requests.RequestException as e:
        log.warning("metrics of task %s not pushed to the Pushgateway: %s", key.get("task_id"), type(e).__name__)
        return False


def _record(context: Mapping[str, Any], samples: dict[str, float]) -> None:
    try:
        url = pushgateway_url()
        if url:
            push(url, grouping_key(context), samples)
    except Exception:  # a callback must never turn into a failure of its own
        log.warning("metrics of task not pushed", exc_info=True)


def _code(context: Mapping[str, Any]) -> int:
    code = exit_codes.exit_code_of(context.get("exception"))
    if code is None:
        code = getattr(context.get("task"), "exit_code", None)
    return code if isinstance(code, int) else -1


def on_failure(context: Mapping[str, Any]) -> None:
    """The task failed for good: an ERROR line and the failure time, exit code and try number."""
    ti = context["ti"]
    code = _code(context)
    log.error("AURORA task %s.%s failed for good at try %s (exit code %s): %s", ti.dag_id, ti.task_id,
              ti.try_number, code, context.get("exception"))
    _record(context, {FAILURE: time.time(), EXIT_CODE: code, TRY_NUMBER: ti.try_number})


def on_retry(context: Mapping[str, Any]) -> None:
    """The task failed and will be retried: a WARNING line and the retry time, exit code and try number."""
    ti = context["ti"]
    code = _code(context)
    log.warning("AURORA task %s.%s failed at try %s (exit code %s), will retry: %s", ti.dag_id, ti.task_id,
                ti.try_number, code, context.get("exception"))
    _record(context, {RETRY: time.time(), EXIT_CODE: code, TRY_NUMBER: ti.try_number})


def on_skipped(context: Mapping[str, Any]) -> None:
    """The task skipped itself (exit 3, or nothing to do)."""
    ti = context["ti"]
    code = _code(context)
    log.info("AURORA task %s.%s skipped (exit code %s)", ti.dag_id, ti.task_id, code)
    _record(context, {SKIP: time.time(), EXIT_CODE: code})


def on_success(context: Mapping[str, Any]) -> None:
    """The task succeeded: its success time, so a dashboard can tell a failure that was since repaired."""
    _record(context, {SUCCESS: time.time()})
