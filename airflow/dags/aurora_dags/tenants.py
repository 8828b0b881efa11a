"""The tenants a scheduled run works for: the run's ``tenants`` param, else the Variable ``aurora_tenants``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aurora_dags import settings
from aurora_dags.targets import IDENTIFIER, TargetError


def tenants(param: Any, variable: Callable[[], Any]) -> list[str]:
    """``param`` when given, else the Variable (a JSON list), else the default tenant; each a valid identifier."""
    value = param if param else variable()
    if value is None:
        value = [settings.DEFAULT_TENANT]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise TargetError(f"tenants must be a non-empty list of tenant ids, got {value!r}")
    for t in value:
        if not (isinstance(t, str) and IDENTIFIER.fullmatch(t)):
            raise TargetError(f"tenant {t!r} is not a valid identifier ({IDENTIFIER.pattern})")
    return list(dict.fromkeys(value))


def from_variable() -> Any:
    """The Variable ``aurora_tenants`` (JSON), or None."""
    from airflow.sdk import Variable

    return Variable.get(settings.VAR_TENANTS, default=None, deserialize_json=True)
