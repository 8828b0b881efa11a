"""
### aurora_learn: feedback → learn, six times a day

For each tenant (param `tenants`, else the Variable `aurora_tenants`, else `default`):
verdict files dropped in `<aurora_feedback_dir>/<tenant>/` are claimed and ingested
(`aurora feedback --file`), the tenant's pending rows of the PostgreSQL inbox are ingested
(`aurora feedback --from-postgres`, unless the Variable `aurora_feedback_inbox` is `false`), then
`aurora learn` updates the tenant's rules. Ingested files move to `processed/`.

Exit codes: 2 fails at once, 1/4/5 retry with exponential back-off. See docs/airflow.md.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import DAG, Param, Variable, task, task_group
from airflow.sdk.exceptions import AirflowFailException

from aurora_dags import feedback_drop, settings
from aurora_dags.defaults import START_DATE, default_args
from aurora_dags.jobs import AuroraJobOperator
from aurora_dags.targets import TargetError
from aurora_dags.tenants import from_variable, tenants

with DAG(
    dag_id="aurora_learn",
    description="Ingest analysts' feedback (drop folder and PostgreSQL inbox), then learn rules",
    schedule=settings.LEARN_SCHEDULE,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    params={
        "tenants": Param(None, type=["null", "array"], items={"type": "string"},
                         description="Tenants to learn for (default: Variable aurora_tenants, else default)"),
    },
    tags=["aurora"],
    doc_md=__doc__,
) as dag:

    @task
    def learn_tenants(params: dict[str, Any]) -> list[str]:
        try:
            return tenants(params.get("tenants"), from_variable)
        except TargetError as e:
            raise AirflowFailException(str(e)) from None

    @task_group
    def feedback_and_learn(tenant: str) -> None:
        """One tenant: claim dropped files, ingest them and the inbox, learn, archive the files."""

        @task(multiple_outputs=True)
        def claim(tenant: str, run_id: str | None = None) -> dict[str, Any]:
            drop_dir = Variable.get(settings.VAR_FEEDBACK_DIR, default=None)
            claimed = feedback_drop.claim(drop_dir, tenant, run_id) if drop_dir else {"batches": [], "claims": []}
            inbox = str(Variable.get(settings.VAR_FEEDBACK_INBOX, default="true")).strip().lower() != "false"
            return {
                "files": claimed["batches"],
                "claims": claimed["claims"],
                "inbox": [{"--tenant": tenant, "--from-postgres": True}] if inbox else [],
                "learn": {"--tenant": tenant},
            }

        @task
        def archive(claims: list[str]) -> list[str]:
            return feedback_drop.archive(claims)

        claimed = claim(tenant)
        files = AuroraJobOperator(
            task_id="feedback_files",
            command="feedback",
            options=claimed["files"],
            nothing_to_do="no feedback files dropped",
        )
        inbox = AuroraJobOperator(
            task_id="feedback_inbox",
            command="feedback",
            options=claimed["inbox"],
            nothing_to_do=f"the PostgreSQL inbox is off (Variable {settings.VAR_FEEDBACK_INBOX})",
        )
        learned = AuroraJobOperator(
            task_id="learn",
            command="learn",
            options=claimed["learn"],
            trigger_rule="none_failed",
        )
        [files, inbox] >> learned
        files >> archive(claimed["claims"])

    feedback_and_learn.expand(tenant=learn_tenants())
