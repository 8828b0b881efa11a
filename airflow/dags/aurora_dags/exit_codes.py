"""What an AURORA job's exit code (SPEC §2.1) means to Airflow.

====  =========================  ==============================================================
code  meaning                    in Airflow
====  =========================  ==============================================================
0     success                    success
2     bad usage or bad input     failed at once, no retry (AirflowFailException)
3     privacy budget exhausted   skipped (AirflowSkipException): nothing to retry, nothing broke
4     service unreachable        retried with exponential back-off
5     tenant quota exceeded      retried with exponential back-off
1     anything else              retried with exponential back-off
====  =========================  ==============================================================

Any other code (a JVM killed by a signal, spark-submit's own failures) is retried like 1.
"""

from __future__ import annotations

from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

OK = 0
FAILURE = 1
BAD_INPUT = 2
BUDGET_EXHAUSTED = 3
SERVICE_UNAVAILABLE = 4
QUOTA_EXCEEDED = 5


class AuroraBadInput(AirflowFailException):
    """Exit 2: the command line or its input is wrong; a retry would fail the same way."""

    exit_code = BAD_INPUT


class AuroraBudgetExhausted(AirflowSkipException):
    """Exit 3: the dataset's (or partition's) privacy budget is spent; the task is skipped."""

    exit_code = BUDGET_EXHAUSTED


class AuroraJobError(AirflowException):
    """A failure worth retrying; ``exit_code`` says which."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class AuroraServiceUnavailable(AuroraJobError):
    """Exit 4: a required service (PostgreSQL, MLflow, S3, the Spark cluster) did not answer."""


class AuroraQuotaExceeded(AuroraJobError):
    """Exit 5: the tenant's quota of runs is used up for now."""


class AuroraJobFailed(AuroraJobError):
    """Exit 1 or any code AURORA does not define."""


def outcome(exit_code: int, what: str) -> AirflowException:
    """The exception a task raises for a job of ``what`` (e.g. "aurora profile") that exited with ``exit_code`` != 0."""
    if exit_code == OK:
        raise ValueError("exit code 0 is a success, not an outcome to raise")
    if exit_code == BAD_INPUT:
        return AuroraBadInput(f"{what} exited 2 (bad usage or bad input): failing without retry")
    if exit_code == BUDGET_EXHAUSTED:
        return AuroraBudgetExhausted(f"{what} exited 3 (privacy budget exhausted): skipped")
    if exit_code == SERVICE_UNAVAILABLE:
        return AuroraServiceUnavailable(f"{what} exited 4 (a required service is unreachable)", exit_code)
    if exit_code == QUOTA_EXCEEDED:
        return AuroraQuotaExceeded(f"{what} exited 5 (tenant quota exceeded)", exit_code)
    if exit_code == FAILURE:
        return AuroraJobFailed(f"{what} exited 1 (failure)", exit_code)
    return AuroraJobFailed(f"{what} exited {exit_code}", exit_code)


def exit_code_of(exception: BaseException | None) -> int | None:
    """The AURORA exit code an exception raised by :func:`outcome` carries, else None."""
    code = getattr(exception, "exit_code", None)
    return code if isinstance(code, int) else None
