"""The feedback drop folder: claiming dropped files into batches, leftovers of failed runs, archiving."""

from __future__ import annotations

import gzip
from pathlib import Path

from aurora_dags.feedback_drop import archive, claim, feedback_format


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_feedback_format_by_name():
    assert feedback_format("a.csv") == "csv"
    assert feedback_format("a.CSV.gz") == "csv"
    assert feedback_format("a.jsonl") == "json"
    assert feedback_format("a.ndjson.bz2") == "json"
    assert feedback_format("a.json") == "json"
    assert feedback_format("a.txt") is None
    assert feedback_format("a.csv.zip") is None


def test_nothing_dropped_means_no_batch(tmp_path):
    assert claim(tmp_path, "t1", "run-1") == {"batches": [], "claims": []}
    (tmp_path / "t1").mkdir()
    assert claim(tmp_path, "t1", "run-1") == {"batches": [], "claims": []}


def test_claim_groups_by_format_and_csv_header(tmp_path):
    tenant = tmp_path / "t1"
    write(tenant / "a.csv", "recommendation_id,verdict\nr1,accept\n")
    write(tenant / "b.csv", "Recommendation_ID,Verdict\r\nr2,accept\r\n")  # same header, other case and line end
    write(tenant / "c.csv", "verdict,recommendation_id,correct_action\ncorrect,r3,drop\n")  # other order
    with gzip.open(tenant / "d.csv.gz", "wt") as f:
        f.write("\ufeffrecommendation_id,verdict\nr4,accept\n")
    write(tenant / "e.jsonl", '{"recommendation_id":"r5","verdict":"accept"}\n')
    write(tenant / ".f.csv", "being written\n")
    write(tenant / "_g.csv", "being written\n")
    write(tenant / "notes.txt", "not feedback\n")

    result = claim(tmp_path, "t1", "manual__2024-06-01T00:00:00+00:00")

    claim_dir = tenant / "claimed" / "manual__2024-06-01T00_00_00_00_00"
    assert result["claims"] == [str(claim_dir)]
    batches = result["batches"]
    assert all(b["--tenant"] == "t1" for b in batches)
    by_dir = {Path(b["--file"]).name: b for b in batches}
    assert by_dir["json"]["--format"] == "json"
    assert sorted(p.name for p in Path(by_dir["json"]["--file"]).iterdir()) == ["e.jsonl"]
    csv_batches = sorted(sorted(p.name for p in Path(b["--file"]).iterdir()) for b in batches if b["--format"] == "csv")
    assert csv_batches == [["a.csv", "b.csv", "d.csv.gz"], ["c.csv"]]
    # left alone: files still being written and files that are not feedback
    assert sorted(p.name for p in tenant.iterdir() if p.is_file()) == [".f.csv", "_g.csv", "notes.txt"]


def test_a_failed_runs_claim_is_ingested_again_by_the_next_run(tmp_path):
    tenant = tmp_path / "t1"
    write(tenant / "a.csv", "recommendation_id,verdict\nr1,accept\n")
    first = claim(tmp_path, "t1", "run-1")
    write(tenant / "b.jsonl", '{"recommendation_id":"r2","verdict":"accept"}\n')
    second = claim(tmp_path, "t1", "run-2")
    assert [Path(c).name for c in second["claims"]] == ["run-1", "run-2"]
    assert {b["--file"] for b in first["batches"]} <= {b["--file"] for b in second["batches"]}
    assert len(second["batches"]) == 2


def test_archive_moves_claims_to_processed(tmp_path):
    tenant = tmp_path / "t1"
    write(tenant / "a.csv", "recommendation_id,verdict\nr1,accept\n")
    result = claim(tmp_path, "t1", "run-1")
    moved = archive(result["claims"])
    assert moved == [str(tenant / "processed" / "run-1")]
    assert not (tenant / "claimed" / "run-1").exists()
    assert claim(tmp_path, "t1", "run-2")["batches"] == []
    # the same run id archived again (a cleared and re-run run) keeps both
    write(tenant / "b.csv", "recommendation_id,verdict\nr2,accept\n")
    again = archive(claim(tmp_path, "t1", "run-1")["claims"])
    assert again == [str(tenant / "processed" / "run-1.2")]
    assert archive([str(tenant / "claimed" / "gone")]) == []
