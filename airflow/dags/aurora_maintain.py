"""
### aurora_maintain: weekly maintenance

`aurora maintain` on Sundays at 03:00: the retention purge (`aurora.retention.days`), then Delta
OPTIMIZE and VACUUM of every table. No catch-up, one run at a time.

Exit codes: 2 fails at once, 1/4/5 retry with exponential back-off. See docs/airflow.md.
"""

from __future__ import annotations

from airflow.sdk import DAG

from aurora_dags import settings
from aurora_dags.defaults import START_DATE, default_args
from aurora_dags.jobs import AuroraJobOperator

with DAG(
    dag_id="aurora_maintain",
    description="Retention purge, Delta OPTIMIZE and VACUUM of the warehouse",
    schedule=settings.MAINTAIN_SCHEDULE,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=["aurora"],
    doc_md=__doc__,
) as dag:
    AuroraJobOperator(task_id="maintain", command="maintain", options={})
