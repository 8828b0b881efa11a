"""Failure, retry, skip and success callbacks against the real Pushgateway of scripts/services.sh."""

from __future__ import annotations

import base64
from types import SimpleNamespace

import pytest
import requests

from aurora_dags import callbacks, exit_codes
from conftest import require_env


def context(unique_id: str, exception=None, try_number=1, exit_code=None):
    ti = SimpleNamespace(dag_id="aurora_profile", task_id="profile_dataset.profile", try_number=try_number)
    task = SimpleNamespace(options={"--tenant": unique_id, "--dataset": "sales"}, exit_code=exit_code)
    return {"ti": ti, "task": task, "exception": exception}


def series(url: str, unique_id: str) -> dict[str, float]:
    """The samples of the Pushgateway's /metrics in the group of ``unique_id``'s tenant."""
    text = requests.get(url + "/metrics", timeout=10).text
    found = {}
    for line in text.splitlines():
        if line.startswith("aurora_airflow_task_") and f'tenant="{unique_id}"' in line:
            name = line.split("{", 1)[0]
            assert 'dag_id="aurora_profile"' in line and 'task_id="profile_dataset.profile"' in line
            assert 'dataset="sales"' in line and 'job="aurora_airflow"' in line
            found[name] = float(line.rsplit(" ", 1)[1])
    return found


@pytest.fixture
def pushgateway(monkeypatch, unique_id):
    url = require_env("AURORA_TEST_PUSHGATEWAY_URL").rstrip("/")
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_PUSHGATEWAY_URL", url)
    yield url
    key = callbacks.grouping_key(context(unique_id))
    requests.delete(url + callbacks.group_path(key), timeout=10)


def test_failure_retry_skip_and_success_reach_the_pushgateway(pushgateway, unique_id):
    callbacks.on_retry(context(unique_id, exit_codes.outcome(4, "aurora profile"), try_number=1))
    got = series(pushgateway, unique_id)
    assert got[callbacks.EXIT_CODE] == 4 and got[callbacks.TRY_NUMBER] == 1 and got[callbacks.RETRY] > 0

    callbacks.on_failure(context(unique_id, exit_codes.outcome(2, "aurora profile"), try_number=2))
    got = series(pushgateway, unique_id)
    assert got[callbacks.EXIT_CODE] == 2 and got[callbacks.TRY_NUMBER] == 2
    assert got[callbacks.FAILURE] >= got[callbacks.RETRY]  # the retry's series stays: POST replaces only what it sends

    # Airflow gives a skip callback no exception: the operator keeps the job's exit code
    callbacks.on_skipped(context(unique_id, exit_code=3))
    got = series(pushgateway, unique_id)
    assert got[callbacks.EXIT_CODE] == 3 and got[callbacks.SKIP] > 0

    callbacks.on_failure(context(unique_id, RuntimeError("spark-submit not found")))
    assert series(pushgateway, unique_id)[callbacks.EXIT_CODE] == -1

    callbacks.on_success(context(unique_id))
    got = series(pushgateway, unique_id)
    assert got[callbacks.SUCCESS] >= got[callbacks.FAILURE]


def test_a_url_with_credentials_is_not_used(monkeypatch):
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_PUSHGATEWAY_URL", "http://user:secret@127.0.0.1:9091")
    assert callbacks.pushgateway_url() is None
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_PUSHGATEWAY_URL", "ftp://127.0.0.1:9091")
    assert callbacks.pushgateway_url() is None


def test_an_unreachable_pushgateway_costs_a_warning_not_the_task(monkeypatch, unique_id, caplog):
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_PUSHGATEWAY_URL", "http://127.0.0.1:1")
    callbacks.on_failure(context(unique_id, exit_codes.outcome(1, "aurora learn")))
    assert "not pushed" in caplog.text


def test_group_path_is_base64_so_any_identifier_is_one_segment():
    path = callbacks.group_path({"job": "aurora_airflow", "dag_id": "d", "task_id": "g.t/x"})
    segment = path.rsplit("/", 1)[1]
    assert base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)).decode() == "g.t/x"
    assert path.startswith("/metrics/job@base64/")
