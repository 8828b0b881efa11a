"""The operator that submits one AURORA command with the Apache Spark provider and maps its exit code."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import BaseHook, Variable
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowNotFoundException, AirflowSkipException

from aurora_dags import callbacks, exit_codes, services, settings

JAR_TEMPLATE = "{{ var.value.get('%s', '%s') }}" % (settings.VAR_JAR, settings.DEFAULT_JAR)


def command_line(command: str, options: Mapping[str, Any] | None) -> list[str]:
    """``command`` and its options as arguments of AuroraMain, with ``--json`` last.

    A value of None or "" leaves its option out, True writes the bare flag, False leaves it out,
    a list repeats the option once per element.
    """
    args = [command]
    for name, value in (options or {}).items():
        if not name.startswith("--"):
            raise ValueError(f"option names start with --, got {name!r}")
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if v is None or v is False or v == "":
                continue
            args += [name] if v is True else [name, str(v)]
    if "--json" not in args:
        args.append("--json")
    return args


def report_objects(lines: Iterable[str]) -> list[dict[str, Any]]:
    """The objects a ``--json`` job printed on stdout among spark-submit's merged output.

    With ``--json`` every stdout line is one JSON object; the JSON log events AURORA writes to stderr
    carry ``level`` and ``logger`` and are left out, so is every line that is not a JSON object.
    """
    found = []
    for line in lines:
        text = line.strip()
        if not text.startswith("{"):
            continue
        try:
            obj = json.loads(text)
        except ValueError:
            continue
        if isinstance(obj, dict) and "logger" not in obj and "level" not in obj:
            found.append(obj)
    return found


@contextlib.contextmanager
def _environment(extra: Mapping[str, str]) -> Iterator[None]:
    """``extra`` added to this process's environment (inherited by spark-submit), restored afterwards."""
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class AuroraJobOperator(SparkSubmitOperator):
    """Submits ``aurora <command> [options] --json`` with spark-submit and turns its exit code into a task state.

    The jar, the Spark connection and the Spark conf are read when the task runs, from the Variables
    ``aurora_jar``, ``aurora_spark_conn_id`` and ``aurora_spark_conf``; the services' connections
    (``aurora_postgres``, ``aurora_redis``, ``aurora_mlflow``, ``aurora_s3``), when defined, become the
    job's ``AURORA_*`` environment. Exit codes: see :mod:`aurora_dags.exit_codes`.

    :param command: the AURORA command (``profile``, ``recommend``, ``feedback``, ``learn``, ``retrain``, ``maintain``)
    :param options: its options (templated), or a list of them to run the command once for each, in order;
        None or an empty list skips the task with ``nothing_to_do`` as the reason
    :param report_keys: fields of the job's stdout report to return (XCom); the report's exact counts
        stay in the task log, inside the trust boundary, and never reach the metadata database
    """

    template_fields: Sequence[str] = (*SparkSubmitOperator.template_fields, "options")
    ui_color = "#f4c48c"

    def __init__(
        self,
        *,
        command: str,
        options: Mapping[str, Any] | None = None,
        report_keys: Sequence[str] = (),
        nothing_to_do: str = "nothing to do",
        conn_id: str | None = None,
        application: str = JAR_TEMPLATE,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("on_failure_callback", callbacks.on_failure)
        kwargs.setdefault("on_retry_callback", callbacks.on_retry)
        kwargs.setdefault("on_success_callback", callbacks.on_success)
        kwargs.setdefault("on_skipped_callback", callbacks.on_skipped)
        super().__init__(
            application=application,
            java_class=settings.MAIN_CLASS,
            name=f"aurora-{command}",
            conn_id=conn_id or settings.SPARK_CONN_ID,
            **kwargs,
        )
        self.command = command
        self.options = options
        self.report_keys = tuple(report_keys)
        self.nothing_to_do = nothing_to_do
        self._explicit_conn_id = conn_id is not None
        self._report_lines: list[str] = []
        self.exit_code: int | None = None
        """The exit code of the job's last failed submission (None: none failed)."""

    def execute(self, context: Any) -> dict[str, Any] | None:
        runs = self._runs()
        if not runs:
            raise AirflowSkipException(self.nothing_to_do)
        self._resolve_runtime_settings()
        env = services.environment()
        report = None
        for options in runs:
            report = self._submit(context, options, env)
        return report

    def _runs(self) -> list[Mapping[str, Any]]:
        """One options mapping per submission: ``options`` itself, or each element when it is a list."""
        if self.options is None:
            return []
        if isinstance(self.options, Mapping):
            return [self.options]
        if isinstance(self.options, (list, tuple)) and all(isinstance(o, Mapping) for o in self.options):
            return list(self.options)
        raise AirflowFailException(f"options of aurora {self.command} must be a mapping or a list of mappings")

    def _submit(self, context: Any, options: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any] | None:
        self.application_args = command_line(self.command, options)
        self._hook = None
        self._report_lines = []
        with _environment(env):
            try:
                super().execute(context)
            except AirflowException as e:
                code = self._exit_code()
                if code is None:
                    raise
                # the skip callback gets no exception in its context: it reads the code here
                self.exit_code = code
                raise exit_codes.outcome(code, f"aurora {self.command}") from e
        return self._report()

    # ---- runtime settings: Variables and Connections are read here, never at parse time

    def _resolve_runtime_settings(self) -> None:
        if not self._explicit_conn_id:
            self._conn_id = Variable.get(settings.VAR_SPARK_CONN_ID, default=settings.SPARK_CONN_ID)
        try:
            conn = BaseHook.get_connection(self._conn_id)
        except AirflowNotFoundException:
            # the provider would quietly fall back to "yarn": say what is missing instead
            raise AirflowFailException(
                f"Airflow connection '{self._conn_id}' is not defined: create the Spark connection AURORA's "
                "jobs are submitted to (docs/airflow.md)"
            ) from None
        deploy_mode = self._deploy_mode or conn.extra_dejson.get("deploy-mode")
        if deploy_mode == "cluster":
            raise AirflowFailException(
                f"connection '{self._conn_id}' asks for deploy-mode cluster: AURORA's DAGs submit in client mode, "
                "where spark-submit returns the job's exit code and report"
            )
        conf = Variable.get(settings.VAR_SPARK_CONF, default={}, deserialize_json=True)
        if not isinstance(conf, dict):
            raise AirflowFailException(f"Variable {settings.VAR_SPARK_CONF} must be a JSON object of Spark conf keys")
        self.conf = {**{str(k): str(v) for k, v in conf.items()}, **(self.conf or {})}

    def _get_hook(self):
        hook = super()._get_hook()
        # The provider logs spark-submit's output line by line and keeps none of it; the job's report
        # (its --json stdout) is read on the way.
        process = hook._process_spark_submit_log

        def watch(lines: Iterable[str]) -> None:
            process(self._tee(lines))

        hook._process_spark_submit_log = watch
        return hook

    def _tee(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            # keep only what may be a report line, not the whole log
            if line.lstrip().startswith("{") and '"logger"' not in line:
                self._report_lines.append(line)
            yield line

    def _exit_code(self) -> int | None:
        """spark-submit's exit code (in client mode the job's own), or None when it did not run to an end."""
        hook = self._hook
        process = getattr(hook, "_submit_sp", None)
        code = getattr(process, "returncode", None)
        if code is None or code == 0:
            return None
        return code

    def _report(self) -> dict[str, Any] | None:
        if not self.report_keys:
            return None
        for obj in report_objects(self._report_lines):
            if all(k in obj for k in self.report_keys):
                return {k: obj[k] for k in self.report_keys}
        raise AirflowFailException(
            f"aurora {self.command} succeeded but printed no report with {', '.join(self.report_keys)}"
        )
