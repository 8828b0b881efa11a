"""The feedback drop folder: analysts' verdict files waiting for ``aurora feedback --file``.

Layout under the folder of the Variable ``aurora_feedback_dir``, per tenant::

    <dir>/<tenant>/*.csv|*.json|*.jsonl|*.ndjson (optionally .gz/.bz2)   dropped files
    <dir>/<tenant>/claimed/<run>/<batch>/                                 taken by a run, not yet ingested
    <dir>/<tenant>/processed/<run>/<batch>/                               ingested

A writer drops a file atomically (write under a name starting with "." or "_", then rename); such
names and anything else that is not a regular feedback file are left alone. Claiming is a rename,
so a file is taken whole or not at all. Files of one batch share a format and, for CSV, one header
line (the job reads a batch's columns by the first file's header). A run that failed leaves its
claim in ``claimed/``: the next run ingests it again, which changes nothing already ingested
(feedback ingestion is idempotent), and archives it once ingested.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import os
import re
from pathlib import Path
from typing import Any

CLAIMED = "claimed"
PROCESSED = "processed"
_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open}
_JSON = (".json", ".jsonl", ".ndjson")


def feedback_format(name: str) -> str | None:
    """``csv`` or ``json`` for a dropped file's name, None for anything else."""
    lower = name.lower()
    for ext in _COMPRESSED:
        if lower.endswith(ext):
            lower = lower[: -len(ext)]
            break
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(_JSON):
        return "json"
    return None


def _header(path: Path) -> bytes:
    opener = next((o for ext, o in _COMPRESSED.items() if path.name.lower().endswith(ext)), open)
    with opener(path, "rb") as f:
        line = f.readline(1 << 16)
    return line.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n").strip().lower()


def _batch(path: Path, kind: str) -> str:
    if kind == "json":
        return "json"
    return "csv-" + hashlib.sha256(_header(path)).hexdigest()[:12]


def _safe(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", run_id)


def claim(drop_dir: str | os.PathLike[str], tenant: str, run_id: str) -> dict[str, Any]:
    """Moves the tenant's dropped files into a claim of ``run_id``.

    Returns ``batches`` (one ``feedback`` options mapping per batch of every pending claim, this run's
    and those earlier runs left) and ``claims`` (those claims' folders, for :func:`archive`).
    """
    root = Path(drop_dir) / tenant
    if not root.is_dir():
        return {"batches": [], "claims": []}
    claim_dir = root / CLAIMED / _safe(run_id)
    for path in sorted(root.iterdir()):
        if path.name.startswith((".", "_")) or not path.is_file():
            continue
        kind = feedback_format(path.name)
        if kind is None:
            continue
        target = claim_dir / _batch(path, kind)
        target.mkdir(parents=True, exist_ok=True)
        path.rename(target / path.name)
    claims = sorted(d for d in (root / CLAIMED).iterdir() if d.is_dir()) if (root / CLAIMED).is_dir() else []
    batches = []
    for claim_path in claims:
        for batch in sorted(d for d in claim_path.iterdir() if d.is_dir() and any(f.is_file() for f in d.iterdir())):
            batches.append({
                "--tenant": tenant,
                "--file": str(batch),
                "--format": "json" if batch.name == "json" else "csv",
            })
    return {"batches": batches, "claims": [str(c) for c in claims]}


def archive(claims: list[str]) -> list[str]:
    """Moves ingested claims from ``claimed/`` to ``processed/``; returns where they went."""
    moved = []
    for c in claims:
        src = Path(c)
        if not src.is_dir():
            continue
        dest = src.parent.parent / PROCESSED / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        n = 1
        while dest.exists():  # a claim archived before under the same name (a cleared run): keep both
            n += 1
            dest = dest.with_name(f"{src.name}.{n}")
        src.rename(dest)
        moved.append(str(dest))
    return moved
