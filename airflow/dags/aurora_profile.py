"""
### aurora_profile: profile → recommend, per dataset

Triggered by hand (params below) or by an event of the asset `aurora_landing` (URI `aurora://landing`)
that the system landing the data emits, with the target in the event's `extra`:
`{"input": "s3a://landing/sales/2024-06-01/", "dataset": "sales", "tenant": "default", "partition": "2024-06-01"}`.
Every event waiting for the run is profiled (one `profile_dataset` instance each).

**Partition.** Each partition has its own privacy budget (SPEC §4). Unless `partition` is given (or the
event carries an Airflow partition key), the key is the run's logical date (YYYY-MM-DD; an asset-triggered
run, which has none, uses the date it was triggered). A partitioned input must hold only that
partition's rows; `{partition}` in the input path is replaced by the key. `partition_by: none` profiles
the whole dataset against its own budget.

Exit codes: 3 (budget exhausted) skips, 2 fails at once, 1/4/5 retry with exponential back-off.
See docs/airflow.md.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import DAG, Asset, Param, task, task_group
from airflow.sdk.exceptions import AirflowFailException

from aurora_dags import settings
from aurora_dags.defaults import START_DATE, default_args
from aurora_dags.jobs import AuroraJobOperator
from aurora_dags.targets import IDENTIFIER, Event, TargetError, profile_targets

LANDING = Asset(name=settings.LANDING_ASSET_NAME, uri=settings.LANDING_ASSET_URI)

_REPORT = "ti.xcom_pull(task_ids='profile_dataset.profile', map_indexes=ti.map_index)"


def _from_profile(field: str) -> str:
    """Template of one field of this dataset's profile report."""
    return "{{ %s['%s'] }}" % (_REPORT, field)


with DAG(
    dag_id="aurora_profile",
    description="Profile a dataset into differentially private fingerprints, then recommend an action per column",
    schedule=[LANDING],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=4,
    default_args=default_args(),
    params={
        "input": Param(None, type=["null", "string"],
                       description="File, folder or glob (local, s3a://, hdfs://); {partition} is replaced by the key"),
        "dataset": Param(None, type=["null", "string"], pattern=IDENTIFIER.pattern,
                         description="Dataset id (default: derived from the input's name)"),
        "tenant": Param(settings.DEFAULT_TENANT, type="string", pattern=IDENTIFIER.pattern),
        "partition": Param(None, type=["null", "string"], pattern=IDENTIFIER.pattern,
                           description="Partition key (default: from partition_by)"),
        "partition_by": Param("logical_date", enum=["logical_date", "none"],
                              description="logical_date: the run's date is the partition; none: the whole dataset"),
        "format": Param("auto", enum=["auto", "csv", "tsv", "parquet", "delta", "json"]),
        "epsilon": Param(None, type=["null", "number"], exclusiveMinimum=0,
                         description="ε of this run (default: aurora.privacy.epsilon)"),
        "columns": Param(None, type=["null", "array"], items={"type": "string"},
                         description="Profile only these columns (default: all); the budget goes to them alone"),
        "exclude_columns": Param(None, type=["null", "array"], items={"type": "string"},
                                 description="Do not profile these columns (keys, free text, a label)"),
    },
    tags=["aurora"],
    doc_md=__doc__,
) as dag:

    @task
    def targets(params: dict[str, Any], dag_run: Any = None) -> list[dict[str, Any]]:
        """One target per landing event of this run, or the params' one for a run without events."""
        events = [
            Event(extra=dict(e.extra or {}), partition_key=e.partition_key,
                  source=f"asset event from {e.source_dag_id or 'the API'} at {e.timestamp.isoformat()}")
            for e in (dag_run.consumed_asset_events or [])
            if e.asset.uri == LANDING.uri
        ]
        try:
            return profile_targets(params, events, dag_run.logical_date, dag_run.run_after)
        except TargetError as e:
            raise AirflowFailException(str(e)) from None

    @task_group
    def profile_dataset(profile: dict[str, Any]) -> None:
        """Profile one dataset (or partition), then recommend from exactly that profile run."""
        profiled = AuroraJobOperator(
            task_id="profile",
            command="profile",
            options=profile,
            report_keys=("run_id", "tenant", "dataset", "partition"),
        )
        recommended = AuroraJobOperator(
            task_id="recommend",
            command="recommend",
            options={
                "--tenant": _from_profile("tenant"),
                "--dataset": _from_profile("dataset"),
                "--run": _from_profile("run_id"),
            },
        )
        profiled >> recommended

    profile_dataset.expand_kwargs(targets())
