"""Names and defaults every AURORA DAG shares: the Airflow Variables and Connections they read, schedules, retries.

Nothing here touches the metadata database: Variables and Connections are read when a task runs,
never while the DAG file is parsed.
"""

from __future__ import annotations

from datetime import timedelta

# ---- Airflow Connections (all optional except the Spark one)
SPARK_CONN_ID = "aurora_spark"
"""The Spark connection the jobs are submitted to, unless the Variable ``aurora_spark_conn_id`` names another."""
POSTGRES_CONN_ID = "aurora_postgres"
REDIS_CONN_ID = "aurora_redis"
MLFLOW_CONN_ID = "aurora_mlflow"
S3_CONN_ID = "aurora_s3"

# ---- Airflow Variables
VAR_SPARK_CONN_ID = "aurora_spark_conn_id"
VAR_JAR = "aurora_jar"
VAR_SPARK_CONF = "aurora_spark_conf"
VAR_TENANTS = "aurora_tenants"
VAR_FEEDBACK_DIR = "aurora_feedback_dir"
VAR_FEEDBACK_INBOX = "aurora_feedback_inbox"
VAR_PUSHGATEWAY_URL = "aurora_pushgateway_url"

DEFAULT_JAR = "/opt/aurora/aurora-jobs.jar"
MAIN_CLASS = "io.aurora.jobs.AuroraMain"
DEFAULT_TENANT = "default"

# ---- Schedules (cron strings follow the installation's [core] default_timezone)
LEARN_SCHEDULE = "0 */4 * * *"
"""Feedback -> learn six times a day."""
RETRAIN_SCHEDULE = "0 2 * * *"
"""Nightly at 02:00."""
MAINTAIN_SCHEDULE = "0 3 * * 0"
"""Sundays at 03:00, after that night's retrain."""

# ---- Retries: exit codes 1 and 4 (and 5) are retried with exponential back-off; 2 fails at once; 3 skips.
RETRIES = 3
RETRY_EXPONENTIAL_BACKOFF = 2.0
"""The delay doubles at each retry, starting from [core] default_task_retry_delay (300 s unless configured)."""
MAX_RETRY_DELAY = timedelta(hours=1)
EXECUTION_TIMEOUT = timedelta(hours=6)

# Asset that data producers update when a dataset (or a partition of it) has landed.
LANDING_ASSET_URI = "aurora://landing"
LANDING_ASSET_NAME = "aurora_landing"
