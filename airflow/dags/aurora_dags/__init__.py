"""Shared parts of AURORA's Airflow DAGs: the job operator, its exit-code policy, callbacks, settings."""
