"""What aurora_profile profiles: params of a manual run, asset events, the partition key."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from aurora_dags.targets import Event, TargetError, profile_targets

PARAMS = {"input": None, "dataset": None, "tenant": "default", "partition": None, "partition_by": "logical_date",
          "format": "auto", "epsilon": None, "columns": None, "exclude_columns": None}
LOGICAL = datetime(2024, 6, 1, 5, 30, tzinfo=timezone.utc)
AFTER = datetime(2024, 6, 2, 0, 10, tzinfo=timezone.utc)


def params(**kw):
    return {**PARAMS, **kw}


def test_manual_run_partition_is_the_logical_date():
    [t] = profile_targets(params(input="/landing/sales.csv", dataset="sales"), [], LOGICAL, AFTER)
    assert t["profile"] == {"--input": ["/landing/sales.csv"], "--format": "auto", "--dataset": "sales",
                            "--tenant": "default", "--partition": "2024-06-01", "--epsilon": None,
                            "--columns": None, "--exclude-columns": None}


def test_run_without_logical_date_uses_its_run_after_date():
    [t] = profile_targets(params(input="/x.csv"), [], None, AFTER)
    assert t["profile"]["--partition"] == "2024-06-02"


def test_explicit_partition_wins_and_fills_the_input_placeholder():
    [t] = profile_targets(params(input="s3a://landing/sales/{partition}/", partition="2024-05-31"), [], LOGICAL, AFTER)
    assert t["profile"]["--partition"] == "2024-05-31"
    assert t["profile"]["--input"] == ["s3a://landing/sales/2024-05-31/"]


def test_partition_by_none_profiles_the_whole_dataset():
    [t] = profile_targets(params(input="/x.csv", partition_by="none"), [], LOGICAL, AFTER)
    assert t["profile"]["--partition"] is None


def test_placeholder_without_partition_is_refused():
    with pytest.raises(TargetError, match="no partition"):
        profile_targets(params(input="/{partition}/x.csv", partition_by="none"), [], LOGICAL, AFTER)


def test_every_asset_event_is_one_target_and_overrides_the_params():
    events = [
        Event({"input": "/landing/a/2024-06-01/", "dataset": "a", "partition": "2024-06-01"}, None, "e1"),
        Event({"input": ["/landing/b/1.csv", "/landing/b/2.csv"], "dataset": "b", "tenant": "t2"}, "p-7", "e2"),
        Event({"input": "/landing/c.parquet", "format": "parquet", "partition_by": "none"}, None, "e3"),
    ]
    targets = profile_targets(params(tenant="t1", epsilon=0.5), events, None, AFTER)
    assert [t["profile"]["--dataset"] for t in targets] == ["a", "b", None]
    assert [t["profile"]["--tenant"] for t in targets] == ["t1", "t2", "t1"]
    assert [t["profile"]["--partition"] for t in targets] == ["2024-06-01", "p-7", None]
    assert targets[1]["profile"]["--input"] == ["/landing/b/1.csv", "/landing/b/2.csv"]
    assert targets[2]["profile"]["--format"] == "parquet"
    assert all(t["profile"]["--epsilon"] == 0.5 for t in targets)


def test_event_without_partition_uses_the_run_date():
    [t] = profile_targets(params(), [Event({"input": "/x/"}, None, "e")], None, AFTER)
    assert t["profile"]["--partition"] == "2024-06-02"


def test_missing_input_is_refused_naming_the_source():
    with pytest.raises(TargetError, match="asset event from producer"):
        profile_targets(params(), [Event({"dataset": "d"}, None, "asset event from producer")], None, AFTER)
    with pytest.raises(TargetError, match="params"):
        profile_targets(params(), [], LOGICAL, AFTER)


@pytest.mark.parametrize("field,value", [("dataset", "../etc"), ("tenant", "a b"), ("partition", "x/y"),
                                         ("tenant", "-t"), ("dataset", "d" * 129)])
def test_invalid_identifiers_are_refused(field, value):
    with pytest.raises(TargetError, match=field):
        profile_targets(params(input="/x.csv", **{field: value}), [], LOGICAL, AFTER)


@pytest.mark.parametrize("epsilon", [0, -1, "1", True])
def test_invalid_epsilon_is_refused(epsilon):
    with pytest.raises(TargetError, match="epsilon"):
        profile_targets(params(input="/x.csv", epsilon=epsilon), [], LOGICAL, AFTER)


def test_unknown_partition_by_is_refused():
    with pytest.raises(TargetError, match="partition_by"):
        profile_targets(params(input="/x.csv", partition_by="hourly"), [], LOGICAL, AFTER)


def test_column_selection_comes_from_the_params_or_the_event():
    events = [Event({"input": "/landing/a.csv", "columns": "amount"}, None, "e1"),
              Event({"input": "/landing/b.csv", "exclude_columns": ["id", " note "]}, None, "e2"),
              Event({"input": "/landing/c.csv"}, None, "e3")]
    targets = profile_targets(params(columns=["city", "amount,price"]), events, LOGICAL, AFTER)
    assert [t["profile"]["--columns"] for t in targets] == [["amount"], ["city", "amount,price"], ["city", "amount,price"]]
    assert [t["profile"]["--exclude-columns"] for t in targets] == [None, ["id", "note"], None]


@pytest.mark.parametrize("value", [3, ["a", ""], [None], {"a": 1}])
def test_invalid_column_names_are_refused(value):
    with pytest.raises(TargetError, match="e1: columns must be"):
        profile_targets(params(), [Event({"input": "/x.csv", "columns": value}, None, "e1")], LOGICAL, AFTER)
