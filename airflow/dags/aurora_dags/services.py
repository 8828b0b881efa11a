"""Optional Airflow Connections that configure AURORA's services, turned into the job's environment.

AURORA takes secrets only from the environment (SPEC §2.4), so a connection's password never goes
on the spark-submit command line: it becomes an ``AURORA_*`` variable of the spark-submit process,
which in client mode is the driver's own environment.
"""

from __future__ import annotations

from collections.abc import Callable

from airflow.sdk import BaseHook, Connection
from airflow.sdk.exceptions import AirflowNotFoundException

from aurora_dags import settings


def _postgres(conn: Connection) -> dict[str, str]:
    if not conn.host:
        raise ValueError(f"connection {conn.conn_id} has no host")
    env = {"AURORA_POSTGRES_URL": f"jdbc:postgresql://{conn.host}:{conn.port or 5432}/{conn.schema or 'aurora'}"}
    if conn.login:
        env["AURORA_POSTGRES_USER"] = conn.login
    if conn.password:
        env["AURORA_POSTGRES_PASSWORD"] = conn.password
    return env


def _redis(conn: Connection) -> dict[str, str]:
    if not conn.host:
        raise ValueError(f"connection {conn.conn_id} has no host")
    db = conn.extra_dejson.get("db", 0)
    env = {"AURORA_REDIS_URL": f"redis://{conn.host}:{conn.port or 6379}/{db}"}
    if conn.password:
        env["AURORA_REDIS_PASSWORD"] = conn.password
    return env


def _mlflow(conn: Connection) -> dict[str, str]:
    if not conn.host:
        raise ValueError(f"connection {conn.conn_id} has no host")
    host = conn.host if "://" in conn.host else f"{conn.schema or 'http'}://{conn.host}"
    env = {"AURORA_MLFLOW_TRACKING_URI": f"{host}:{conn.port}" if conn.port else host}
    if conn.password:
        env["AURORA_MLFLOW_TOKEN"] = conn.password
    return env


def _s3(conn: Connection) -> dict[str, str]:
    env = {}
    endpoint = conn.extra_dejson.get("endpoint_url")
    if endpoint:
        env["AURORA_S3_ENDPOINT"] = endpoint
    if conn.login:
        env["AURORA_S3_ACCESS_KEY"] = conn.login
    if conn.password:
        env["AURORA_S3_SECRET_KEY"] = conn.password
    return env


SERVICES: dict[str, Callable[[Connection], dict[str, str]]] = {
    settings.POSTGRES_CONN_ID: _postgres,
    settings.REDIS_CONN_ID: _redis,
    settings.MLFLOW_CONN_ID: _mlflow,
    settings.S3_CONN_ID: _s3,
}
"""Connection id -> the AURORA_* variables it sets. A connection that is not defined sets nothing."""


def environment(get_connection: Callable[[str], Connection] = BaseHook.get_connection) -> dict[str, str]:
    """The AURORA_* variables of every service connection that is defined."""
    env: dict[str, str] = {}
    for conn_id, to_env in SERVICES.items():
        try:
            conn = get_connection(conn_id)
        except AirflowNotFoundException:
            continue
        env.update(to_env(conn))
    return env
