"""Service connections become the job's AURORA_* environment, never command-line arguments."""

from __future__ import annotations

import json

from airflow.sdk import Connection
from airflow.sdk.exceptions import AirflowNotFoundException

from aurora_dags.services import environment


def lookup(*conns: Connection):
    by_id = {c.conn_id: c for c in conns}

    def get(conn_id: str) -> Connection:
        if conn_id not in by_id:
            raise AirflowNotFoundException(conn_id)
        return by_id[conn_id]

    return get


def test_no_service_connection_sets_nothing():
    assert environment(lookup()) == {}


def test_every_service_connection():
    env = environment(lookup(
        Connection(conn_id="aurora_postgres", conn_type="postgres", host="db", port=5433, schema="aurora",
                   login="aurora", password="pg-secret"),
        Connection(conn_id="aurora_redis", conn_type="redis", host="cache", password="redis-secret",
                   extra=json.dumps({"db": 2})),
        Connection(conn_id="aurora_mlflow", conn_type="http", host="mlflow", port=5000, schema="https",
                   password="token"),
        Connection(conn_id="aurora_s3", conn_type="aws", login="AKIA", password="s3-secret",
                   extra=json.dumps({"endpoint_url": "http://minio:9000"})),
    ))
    assert env == {
        "AURORA_POSTGRES_URL": "jdbc:postgresql://db:5433/aurora",
        "AURORA_POSTGRES_USER": "aurora",
        "AURORA_POSTGRES_PASSWORD": "pg-secret",
        "AURORA_REDIS_URL": "redis://cache:6379/2",
        "AURORA_REDIS_PASSWORD": "redis-secret",
        "AURORA_MLFLOW_TRACKING_URI": "https://mlflow:5000",
        "AURORA_MLFLOW_TOKEN": "token",
        "AURORA_S3_ENDPOINT": "http://minio:9000",
        "AURORA_S3_ACCESS_KEY": "AKIA",
        "AURORA_S3_SECRET_KEY": "s3-secret",
    }


def test_defaults_and_a_full_mlflow_url():
    env = environment(lookup(
        Connection(conn_id="aurora_postgres", conn_type="postgres", host="db"),
        Connection(conn_id="aurora_mlflow", conn_type="http", host="http://mlflow.internal"),
    ))
    assert env == {"AURORA_POSTGRES_URL": "jdbc:postgresql://db:5432/aurora",
                   "AURORA_MLFLOW_TRACKING_URI": "http://mlflow.internal"}
