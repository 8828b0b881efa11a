"""Every DAG imports in a real Airflow; schedules, dependencies, retries and callbacks are what docs/airflow.md says.

The retrain and maintain DAGs are checked here by structure and policy; the end-to-end runs
(test_profile_dag.py) exercise aurora_profile against a real Spark.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from aurora_dags import callbacks, settings
from aurora_dags.jobs import AuroraJobOperator
from conftest import DAGS

DAG_IDS = {"aurora_profile", "aurora_learn", "aurora_retrain", "aurora_maintain"}


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import BundleDagBag
    from airflow.sdk import BaseHook, Variable

    # Parsing must not read a Variable or a Connection (no metadata-database work at import time).
    def refuse(*args, **kwargs):
        raise AssertionError(f"a DAG file read a Variable or Connection while being parsed: {args}")

    saved = (Variable.get, BaseHook.get_connection)
    Variable.get, BaseHook.get_connection = refuse, refuse
    try:
        bag = BundleDagBag(dag_folder=DAGS, bundle_path=DAGS, bundle_name="dags-folder")
    finally:
        Variable.get, BaseHook.get_connection = saved
    return bag


def test_every_dag_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == DAG_IDS


def test_dag_files_use_airflow_3_idioms_only():
    deprecated = re.compile(
        r"from airflow\.(models|operators|decorators|datasets|utils\.dates)\b|import airflow\.models"
        r"|schedule_interval|days_ago|provide_context|\bDataset\(|from airflow import DAG"
        r"|from airflow\.exceptions\b|execution_date|\bds_nodash\b")
    for path in sorted(DAGS.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not deprecated.search(text), f"{path.name}: {deprecated.search(text).group(0)}"
        assert not re.search(r"(?i)(password|secret|token)\s*=\s*['\"][^'\"]+['\"]", text), f"{path.name}: a secret in code"


def test_profile_is_manual_or_data_aware_with_its_params(dagbag):
    from airflow.sdk.definitions.timetables.assets import AssetTriggeredTimetable

    dag = dagbag.dags["aurora_profile"]
    assert isinstance(dag.timetable, AssetTriggeredTimetable)
    assert [a.uri for a in dag.timetable.asset_condition.objects] == ["aurora://landing/"]
    assert {"input", "dataset", "tenant", "partition"} <= set(dag.params.keys())
    assert dag.params["tenant"] == "default"
    assert dag.params["partition_by"] == "logical_date"
    assert dag.catchup is False


def test_profile_runs_recommend_after_profile_per_dataset(dagbag):
    dag = dagbag.dags["aurora_profile"]
    profile = dag.get_task("profile_dataset.profile")
    recommend = dag.get_task("profile_dataset.recommend")
    assert profile.downstream_task_ids == {"profile_dataset.recommend"}
    assert dag.get_task("targets").downstream_task_ids == {"profile_dataset.profile"}
    assert profile.command == "profile" and recommend.command == "recommend"
    assert set(profile.report_keys) >= {"run_id", "dataset", "tenant"}
    # recommend scores exactly the run its profile made (not "the latest" one of the dataset)
    assert "run_id" in recommend.options["--run"] and "map_indexes=ti.map_index" in recommend.options["--run"]
    assert type(dag.task_group_dict["profile_dataset"]).__name__ == "MappedTaskGroup"


def test_learn_several_times_a_day(dagbag):
    from airflow.sdk import CronTriggerTimetable

    dag = dagbag.dags["aurora_learn"]
    assert isinstance(dag.timetable, CronTriggerTimetable)
    assert dag.timetable.expression == settings.LEARN_SCHEDULE == "0 */4 * * *"
    assert dag.catchup is False and dag.max_active_runs == 1
    group = "feedback_and_learn."
    assert dag.get_task(group + "claim").downstream_task_ids == {
        group + "feedback_files", group + "feedback_inbox", group + "learn", group + "archive"}
    learn = dag.get_task(group + "learn")
    assert learn.upstream_task_ids == {group + "claim", group + "feedback_files", group + "feedback_inbox"}
    assert learn.trigger_rule == "none_failed"  # learns when there was nothing to ingest
    assert dag.get_task(group + "archive").upstream_task_ids == {group + "claim", group + "feedback_files"}
    assert dag.get_task(group + "feedback_files").command == "feedback"
    assert dag.get_task(group + "feedback_inbox").command == "feedback"
    assert type(dag.task_group_dict["feedback_and_learn"]).__name__ == "MappedTaskGroup"


def test_retrain_nightly_at_two_without_catchup_one_run_at_a_time(dagbag):
    from airflow.sdk import CronTriggerTimetable

    dag = dagbag.dags["aurora_retrain"]
    assert isinstance(dag.timetable, CronTriggerTimetable)
    assert dag.timetable.expression == "0 2 * * *"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    retrain = dag.get_task("retrain")
    assert retrain.partial_kwargs.get("max_active_tis_per_dag") == 1
    assert dag.get_task("retrain_tenants").downstream_task_ids == {"retrain"}


def test_maintain_weekly(dagbag):
    from airflow.sdk import CronTriggerTimetable

    dag = dagbag.dags["aurora_maintain"]
    assert isinstance(dag.timetable, CronTriggerTimetable)
    minute, hour, dom, month, dow = dag.timetable.expression.split()
    assert (dom, month) == ("*", "*") and dow.isdigit() and minute.isdigit() and hour.isdigit()
    assert dag.catchup is False and dag.max_active_runs == 1
    assert dag.get_task("maintain").command == "maintain"


def _job_tasks(dagbag):
    for dag_id in sorted(DAG_IDS):
        dag = dagbag.dags[dag_id]
        for task in dag.tasks:
            yield dag, task


def test_every_task_retries_with_exponential_backoff_and_reports(dagbag):
    jobs = 0
    for dag, task in _job_tasks(dagbag):
        kwargs = getattr(task, "partial_kwargs", None) or {}
        get = (lambda name: kwargs.get(name, getattr(task, name))) if kwargs else (lambda name: getattr(task, name))
        assert get("retries") == 3, task.task_id
        assert get("retry_exponential_backoff") == 2.0, task.task_id
        assert get("max_retry_delay") == timedelta(hours=1), task.task_id
        for name, callback in (("on_failure_callback", callbacks.on_failure), ("on_retry_callback", callbacks.on_retry),
                               ("on_skipped_callback", callbacks.on_skipped), ("on_success_callback", callbacks.on_success)):
            value = get(name)
            assert callback in (value if isinstance(value, (list, tuple)) else [value]), (dag.dag_id, task.task_id, name)
        if issubclass(getattr(task, "operator_class", type(task)), AuroraJobOperator):
            jobs += 1
    assert jobs == 7  # profile, recommend, feedback_files, feedback_inbox, learn, retrain, maintain


def test_profile_targets_come_from_the_runs_landing_events(dagbag):
    from datetime import datetime, timezone
    from types import SimpleNamespace

    from airflow.sdk.api.datamodels._generated import AssetEventDagRunReference, AssetReferenceAssetEventDagRun
    from airflow.sdk.exceptions import AirflowFailException

    def event(uri, extra, partition_key=None):
        return AssetEventDagRunReference(
            asset=AssetReferenceAssetEventDagRun(name="landing", uri=uri, extra={}), extra=extra,
            source_task_id="landed", source_dag_id="producer", source_run_id="r1", source_map_index=-1,
            source_aliases=[], timestamp=datetime(2025, 6, 2, 0, 5, tzinfo=timezone.utc), partition_key=partition_key)

    dag = dagbag.dags["aurora_profile"]
    targets = dag.get_task("targets").python_callable
    dag_run = SimpleNamespace(logical_date=None, run_after=datetime(2025, 6, 2, 0, 6, tzinfo=timezone.utc),
                              consumed_asset_events=[
                                  event("aurora://landing/", {"input": "/landing/a/", "dataset": "a"}),
                                  event("s3://elsewhere/", {"input": "/not/ours/"}),
                                  event("aurora://landing/", {"input": "/landing/c/{partition}/"}, "2025-06-01"),
                              ])
    got = targets(params=dag.params.dump(), dag_run=dag_run)
    assert [(t["profile"]["--input"], t["profile"]["--partition"]) for t in got] == [
        (["/landing/a/"], "2025-06-02"), (["/landing/c/2025-06-01/"], "2025-06-01")]

    dag_run.consumed_asset_events = [event("aurora://landing/", {"dataset": "no-input"})]
    with pytest.raises(AirflowFailException, match="asset event from producer"):
        targets(params=dag.params.dump(), dag_run=dag_run)

    manual = SimpleNamespace(logical_date=datetime(2025, 6, 1, tzinfo=timezone.utc), run_after=dag_run.run_after,
                             consumed_asset_events=[])
    [only] = targets(params={**dag.params.dump(), "input": "/x.csv"}, dag_run=manual)
    assert only["profile"]["--partition"] == "2025-06-01"


def test_schedules_follow_the_installations_default_timezone(tmp_path):
    """02:00 is 02:00 where the installation says it is ([core] default_timezone), not always UTC."""
    import os
    import subprocess
    import sys

    script = (
        "from pathlib import Path\n"
        "from airflow.dag_processing.dagbag import BundleDagBag\n"
        f"p = Path({str(DAGS)!r})\n"
        "bag = BundleDagBag(dag_folder=p, bundle_path=p, bundle_name='dags-folder')\n"
        "assert not bag.import_errors, bag.import_errors\n"
        "print('ZONES', *(f'{d}={bag.dags[d].timetable.timezone.name}' for d in sorted(bag.dags)"
        " if d != 'aurora_profile'))\n"
    )
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Paris"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    [line] = [line for line in out.stdout.splitlines() if line.startswith("ZONES ")]
    zones = dict(item.split("=") for item in line.split()[1:])
    assert {zones[d] for d in ("aurora_learn", "aurora_retrain", "aurora_maintain")} == {"Europe/Paris"}
