"""The exit-code policy (SPEC §2.1 → task state) and how the operator reads a job's command line and report."""

from __future__ import annotations

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

from aurora_dags import exit_codes
from aurora_dags.jobs import command_line, report_objects


def test_exit_2_fails_without_retry():
    e = exit_codes.outcome(2, "aurora profile")
    assert isinstance(e, AirflowFailException)  # Airflow never retries these
    assert exit_codes.exit_code_of(e) == 2
    assert "bad usage or bad input" in str(e)


def test_exit_3_skips():
    e = exit_codes.outcome(3, "aurora profile")
    assert isinstance(e, AirflowSkipException)
    assert exit_codes.exit_code_of(e) == 3


@pytest.mark.parametrize("code", [1, 4, 5, 101, 137, -9])
def test_other_codes_are_retried(code):
    e = exit_codes.outcome(code, "aurora learn")
    assert isinstance(e, AirflowException)
    assert not isinstance(e, (AirflowFailException, AirflowSkipException))
    assert exit_codes.exit_code_of(e) == code


def test_each_retried_code_has_its_type():
    assert isinstance(exit_codes.outcome(4, "x"), exit_codes.AuroraServiceUnavailable)
    assert isinstance(exit_codes.outcome(5, "x"), exit_codes.AuroraQuotaExceeded)
    assert isinstance(exit_codes.outcome(1, "x"), exit_codes.AuroraJobFailed)
    assert isinstance(exit_codes.outcome(143, "x"), exit_codes.AuroraJobFailed)


def test_exit_0_is_not_an_outcome():
    with pytest.raises(ValueError):
        exit_codes.outcome(0, "x")


def test_exit_code_of_other_exceptions_is_none():
    assert exit_codes.exit_code_of(RuntimeError("boom")) is None
    assert exit_codes.exit_code_of(None) is None


def test_command_line_renders_options():
    args = command_line("profile", {
        "--input": ["/a.csv", "/b.csv"],
        "--dataset": None,
        "--tenant": "t1",
        "--partition": "",
        "--epsilon": 0.5,
        "--from-postgres": True,
        "--dry": False,
    })
    assert args == ["profile", "--input", "/a.csv", "--input", "/b.csv", "--tenant", "t1", "--epsilon", "0.5",
                    "--from-postgres", "--json"]


def test_command_line_without_options_still_asks_for_json():
    assert command_line("maintain", {}) == ["maintain", "--json"]
    assert command_line("maintain", None) == ["maintain", "--json"]


def test_command_line_refuses_a_name_without_dashes():
    with pytest.raises(ValueError):
        command_line("learn", {"tenant": "t"})


def test_report_objects_skip_log_events_and_other_lines():
    lines = [
        "WARNING: Using incubator modules: jdk.incubator.vector",
        '{"time":"2026-12-06T10:00:00Z","level":"INFO","logger":"io.aurora.jobs","message":"job started"}',
        '{"run_id":"r-1","tenant":"t","dataset":"d","partition":"2024-06-01","rows_read":1033}',
        "{not json",
        "[1, 2]",
    ]
    assert report_objects(lines) == [
        {"run_id": "r-1", "tenant": "t", "dataset": "d", "partition": "2024-06-01", "rows_read": 1033}]
