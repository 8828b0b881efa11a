"""
### aurora_retrain: nightly retraining at 02:00

`aurora retrain --tenant T` for each tenant (param `tenants`, else the Variable `aurora_tenants`, else
`default`), one at a time: trains, evaluates, registers and maybe promotes the recommender model.
No catch-up (a missed night is not worth replaying), one run at a time.

Exit codes: 2 fails at once, 1/4/5 retry with exponential back-off. See docs/airflow.md.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import DAG, Param, task
from airflow.sdk.exceptions import AirflowFailException

from aurora_dags import settings
from aurora_dags.defaults import START_DATE, default_args
from aurora_dags.jobs import AuroraJobOperator
from aurora_dags.targets import TargetError
from aurora_dags.tenants import from_variable, tenants

with DAG(
    dag_id="aurora_retrain",
    description="Retrain the recommender model nightly; promote it only if it beats the champion",
    schedule=settings.RETRAIN_SCHEDULE,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    params={
        "tenants": Param(None, type=["null", "array"], items={"type": "string"},
                         description="Tenants to retrain for (default: Variable aurora_tenants, else default)"),
    },
    tags=["aurora"],
    doc_md=__doc__,
) as dag:

    @task
    def retrain_tenants(params: dict[str, Any]) -> list[dict[str, str]]:
        try:
            return [{"--tenant": t} for t in tenants(params.get("tenants"), from_variable)]
        except TargetError as e:
            raise AirflowFailException(str(e)) from None

    AuroraJobOperator.partial(
        task_id="retrain",
        command="retrain",
        max_active_tis_per_dag=1,
    ).expand(options=retrain_tenants())
