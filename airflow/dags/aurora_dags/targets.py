"""Which datasets one run of ``aurora_profile`` profiles, and under which privacy partition.

A manual run profiles what its params say. A run triggered by the landing asset profiles one target
per asset event (several events may wait for one run: none is lost), each event's ``extra`` overriding
the params: ``input`` (required: a path or a list of paths), ``dataset``, ``tenant``, ``format``,
``partition``, ``partition_by``, ``epsilon``, ``columns`` and ``exclude_columns`` (a column name or a
list of them: the run profiles only those, or all but those, and spends its budget on them alone).

The partition (SPEC §4): each partition key has its own lifetime budget, so a partitioned run must
read only that partition's rows. The key is, first found: ``partition`` (params or event), the
event's Airflow partition key, and with ``partition_by: logical_date`` (the default) the run's
logical date as YYYY-MM-DD (its run-after date when the run has no logical date). With
``partition_by: none`` the input is the whole dataset and draws on the dataset's own budget.
``{partition}`` in an input path is replaced by the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._=-]{0,127}")
"""What AURORA accepts as a tenant, dataset or partition id (io.aurora.Identifiers)."""

PARTITION_BY = ("logical_date", "none")
PARTITION_PLACEHOLDER = "{partition}"


class TargetError(ValueError):
    """A run's params or an asset event do not describe a profile target; retrying cannot help."""


@dataclass(frozen=True)
class Event:
    """What a target needs of one asset event."""

    extra: Mapping[str, Any]
    partition_key: str | None
    source: str


def profile_targets(
    params: Mapping[str, Any],
    events: Iterable[Event],
    logical_date: datetime | None,
    run_after: datetime,
) -> list[dict[str, Any]]:
    """One dict per target: ``profile`` (the options of ``aurora profile``)."""
    events = list(events)
    if not events:
        return [_target(params, {}, None, logical_date, run_after, "the run's params")]
    return [_target(params, e.extra, e.partition_key, logical_date, run_after, e.source) for e in events]


def _target(
    params: Mapping[str, Any],
    extra: Mapping[str, Any],
    partition_key: str | None,
    logical_date: datetime | None,
    run_after: datetime,
    source: str,
) -> dict[str, Any]:
    def pick(name: str) -> Any:
        value = extra.get(name)
        return params.get(name) if value is None or value == "" else value

    inputs = pick("input")
    if isinstance(inputs, str):
        inputs = [inputs]
    if not inputs or not all(isinstance(i, str) and i.strip() for i in inputs):
        raise TargetError(f"{source}: 'input' must be a path or a list of paths")
    partition = _partition(pick("partition"), partition_key, pick("partition_by") or "logical_date",
                           logical_date, run_after, source)
    if partition is None and any(PARTITION_PLACEHOLDER in i for i in inputs):
        raise TargetError(f"{source}: the input names {PARTITION_PLACEHOLDER} but the run has no partition")
    if partition is not None:
        inputs = [i.replace(PARTITION_PLACEHOLDER, partition) for i in inputs]
    tenant = pick("tenant") or "default"
    dataset = pick("dataset") or None
    for label, value in (("tenant", tenant), ("dataset", dataset), ("partition", partition)):
        if value is not None and not (isinstance(value, str) and IDENTIFIER.fullmatch(value)):
            raise TargetError(f"{source}: {label} {value!r} is not a valid identifier ({IDENTIFIER.pattern})")
    epsilon = pick("epsilon")
    if epsilon is not None and not (isinstance(epsilon, (int, float)) and not isinstance(epsilon, bool) and epsilon > 0):
        raise TargetError(f"{source}: epsilon must be a positive number")
    return {
        "profile": {
            "--input": inputs,
            "--format": pick("format") or "auto",
            "--dataset": dataset,
            "--tenant": tenant,
            "--partition": partition,
            "--epsilon": epsilon,
            "--columns": _names(pick("columns"), "columns", source),
            "--exclude-columns": _names(pick("exclude_columns"), "exclude_columns", source),
        },
    }


def _names(value: Any, label: str, source: str) -> list[str] | None:
    """Column names: one, or a list (each may be a comma-separated list, as the option takes them)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TargetError(f"{source}: {label} must be a column name or a list of column names")
    return [v.strip() for v in value]


def _partition(
    explicit: Any,
    partition_key: str | None,
    partition_by: str,
    logical_date: datetime | None,
    run_after: datetime,
    source: str,
) -> str | None:
    if explicit is not None and explicit != "":
        return str(explicit)
    if partition_key:
        return partition_key
    if partition_by not in PARTITION_BY:
        raise TargetError(f"{source}: partition_by must be one of {', '.join(PARTITION_BY)}, got {partition_by!r}")
    if partition_by == "none":
        return None
    return (logical_date or run_after).strftime("%Y-%m-%d")
