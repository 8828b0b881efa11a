"""aurora_profile run by ``dag.test()`` in a real Airflow, submitting the real jar with spark-submit.

End to end on the Spark standalone cluster of scripts/services.sh: profile → recommend, the run's rows
found in the warehouse, the ledger in the real PostgreSQL (through the aurora_postgres connection),
the success pushed to the real Pushgateway. Then the exit-code policy on real failures of the job, in
local mode (what the policy reads is the job's exit code, not the master): bad input (2) fails
without retry, an exhausted budget (3) skips, an unreachable ledger database (4) is retried with
back-off until the retries are spent.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from aurora_dags import callbacks
from conftest import ROOT, delta, postgres_connection, pushed, run, spark_conf

EXAMPLE = ROOT / "examples" / "ks_1033_data.csv"
EXAMPLE_COLUMNS = 14  # columns of examples/ks_1033_data.csv (its header line)
PROFILE = "profile_dataset.profile"
RECOMMEND = "profile_dataset.recommend"


def landing(tmp_path, day, unique_id):
    """The example as one day's landing file: in the partition's folder (the ledger checks that the rows
    are that partition's) with one row of its own, so no two tests profile the same input under
    different keys (the ledger refuses that unless forced)."""
    folder = tmp_path / "landing" / day
    folder.mkdir(parents=True)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines.insert(1, unique_id + "," + lines[1].split(",", 1)[1])  # near the start: the ledger digests file heads
    target = folder / EXAMPLE.name
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(target)


@pytest.fixture(scope="module")
def dag(dagbag):
    return dagbag.dags["aurora_profile"]


def test_profile_then_recommend_on_the_standalone_cluster(spark, dag, monkeypatch, tmp_path, unique_id, pushgateway,
                                                          capfd, caplog):
    warehouse = tmp_path / "warehouse"
    spark_conf(monkeypatch, warehouse)
    postgres_connection(monkeypatch)

    states = run(dag, datetime(2025, 6, 1, 7, 30, tzinfo=timezone.utc),
                 input=landing(tmp_path, "2025-06-01", unique_id), dataset="ks", tenant=unique_id)

    assert states == {"targets": ("success", 1), PROFILE: ("success", 1), RECOMMEND: ("success", 1)}
    runs = delta(warehouse / "runs")
    mine = runs[runs["tenant"] == unique_id]
    assert len(mine) == 1
    run_row = mine.iloc[0]
    assert (run_row["dataset"], run_row["partition"], run_row["columns"]) == ("ks", "2025-06-01", EXAMPLE_COLUMNS)
    recs = delta(warehouse / "recommendations")
    recs = recs[recs["tenant"] == unique_id]
    assert len(recs) == EXAMPLE_COLUMNS
    assert set(recs["run_id"]) == {run_row["run_id"]}  # recommend scored exactly the run profile made
    assert len(delta(warehouse / "fingerprints").query("tenant == @unique_id")) == EXAMPLE_COLUMNS
    # the privacy ledger went to PostgreSQL (the aurora_postgres connection), not to the embedded file database
    assert not (warehouse / "_ledger").exists()
    assert pushed(pushgateway, unique_id, "aurora_profile", RECOMMEND)[callbacks.SUCCESS] > 0
    # the connection's password reached the job through its environment, never a logged command line
    out = capfd.readouterr()
    logged = out.out + out.err + caplog.text
    assert "Spark-Submit cmd" in logged and '"rows_read"' in logged  # the task logs were captured here
    assert os.environ["AURORA_TEST_POSTGRES_PASSWORD"] not in logged


def test_bad_input_fails_at_once_without_retry(spark, dag, monkeypatch, tmp_path, unique_id, pushgateway):
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_SPARK_CONN_ID", "aurora_spark_local")
    spark_conf(monkeypatch, tmp_path / "warehouse")

    states = run(dag, datetime(2025, 6, 2, tzinfo=timezone.utc),
                 input=str(tmp_path / "missing.csv"), dataset="ks", tenant=unique_id)

    assert states[PROFILE] == ("failed", 1)  # 3 retries configured, none used
    assert states[RECOMMEND][0] == "upstream_failed"
    got = pushed(pushgateway, unique_id, "aurora_profile", PROFILE)
    assert got[callbacks.EXIT_CODE] == 2 and got[callbacks.TRY_NUMBER] == 1 and got[callbacks.FAILURE] > 0
    assert not (tmp_path / "warehouse" / "runs").exists()


def test_exhausted_budget_skips(spark, dag, monkeypatch, tmp_path, unique_id, pushgateway):
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_SPARK_CONN_ID", "aurora_spark_local")
    # a lifetime budget below the run's ε (1.0): the ledger refuses the first release
    spark_conf(monkeypatch, tmp_path / "warehouse", **{"spark.aurora.privacy.dataset-budget": "0.5"})

    states = run(dag, datetime(2025, 6, 3, tzinfo=timezone.utc), input=landing(tmp_path, "2025-06-03", unique_id),
                 dataset="ks", tenant=unique_id)

    assert states[PROFILE] == ("skipped", 1)
    assert states[RECOMMEND][0] == "skipped"
    assert pushed(pushgateway, unique_id, "aurora_profile", PROFILE)[callbacks.EXIT_CODE] == 3


def test_unreachable_service_is_retried_until_the_retries_are_spent(spark, dag, monkeypatch, tmp_path, unique_id,
                                                                    pushgateway):
    monkeypatch.setenv("AIRFLOW_VAR_AURORA_SPARK_CONN_ID", "aurora_spark_local")
    spark_conf(monkeypatch, tmp_path / "warehouse")
    postgres_connection(monkeypatch, port=1)  # the ledger's database does not answer: exit 4

    states = run(dag, datetime(2025, 6, 4, tzinfo=timezone.utc), input=landing(tmp_path, "2025-06-04", unique_id),
                 dataset="ks", tenant=unique_id)

    assert states[PROFILE] == ("failed", 4)  # the first try and 3 retries
    assert states[RECOMMEND][0] == "upstream_failed"
    got = pushed(pushgateway, unique_id, "aurora_profile", PROFILE)
    assert got[callbacks.EXIT_CODE] == 4 and got[callbacks.TRY_NUMBER] == 4
    assert got[callbacks.RETRY] > 0 and got[callbacks.FAILURE] >= got[callbacks.RETRY]
