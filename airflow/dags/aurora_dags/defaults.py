"""The default_args every AURORA DAG starts from: retries with exponential back-off, callbacks, a timeout."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aurora_dags import callbacks, settings

START_DATE = datetime(2020, 1, 1)
"""Early, so that a manual run may carry any recent logical date (tasks do not run before it); catchup is off.
Naive on purpose: Airflow reads it, and so the cron schedules, in [core] default_timezone."""


def default_args() -> dict[str, Any]:
    """Fresh default_args: retries (their first delay is [core] default_task_retry_delay), callbacks."""
    return {
        "owner": "aurora",
        "retries": settings.RETRIES,
        "retry_exponential_backoff": settings.RETRY_EXPONENTIAL_BACKOFF,
        "max_retry_delay": settings.MAX_RETRY_DELAY,
        "execution_timeout": settings.EXECUTION_TIMEOUT,
        "on_failure_callback": callbacks.on_failure,
        "on_retry_callback": callbacks.on_retry,
        "on_skipped_callback": callbacks.on_skipped,
        "on_success_callback": callbacks.on_success,
    }
