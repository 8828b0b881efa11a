"""aurora_learn run by ``dag.test()``: a dropped verdict file is claimed, ingested by the real job, learned
from, and archived; the inbox switched off skips its task without failing the run."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from conftest import delta, run, spark_conf

GROUP = "feedback_and_learn."


@pytest.fixture(scope="module")
def dag(dagbag):
    return dagbag.dags["aurora_learn"]


def test_dropped_feedback_is_ingested_learned_and_archived(spark, dag, monkeypatch, tmp_path, unique_id):
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_SPARK_CONN_ID", "aurora_spark_local")
    warehouse = tmp_path / "warehouse"
    spark_conf(monkeypatch, warehouse)
    drop = tmp_path / "drop"
    (drop / unique_id).mkdir(parents=True)
    # a verdict on a recommendation this warehouse never made: ingested as a reject, with its reason
    (drop / unique_id / "verdicts.csv").write_text("recommendation_id,verdict\nno-such-recommendation,accept\n")
    (drop / unique_id / ".partial.csv").write_text("recommendation_id,verdict\n")
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_FEEDBACK_DIR", str(drop))
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_FEEDBACK_INBOX", "false")

    states = run(dag, datetime(2025, 6, 1, 4, tzinfo=timezone.utc), tenants=[unique_id])

    assert states == {
        "learn_tenants": ("success", 1),
        GROUP + "claim": ("success", 1),
        GROUP + "feedback_files": ("success", 1),
        GROUP + "feedback_inbox": ("skipped", 1),
        GROUP + "learn": ("success", 1),
        GROUP + "archive": ("success", 1),
    }
    rejects = delta(warehouse / "feedback_rejects")
    rejects = rejects[rejects["tenant"] == unique_id]
    assert list(rejects["recommendation_id"]) == ["no-such-recommendation"]
    archived = sorted(p.name for p in (drop / unique_id / "processed").rglob("*.csv"))
    assert archived == ["verdicts.csv"]
    assert not any((drop / unique_id / "claimed").iterdir())
    assert (drop / unique_id / ".partial.csv").exists()  # still being written: left alone
