"""The quality gate: the labelled development corpus, run through the real pipeline and export, scores
F1 >= 0.90 and date accuracy >= 0.85 with the corpus's own scorer."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

SHARED_EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
GOLD = SHARED_EVAL / "dev.jsonl"
SCORER = SHARED_EVAL / "score.py"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not GOLD.exists(), reason="../shared/eval is not beside this checkout"),
]


def test_the_dev_corpus_scores_above_the_quality_bar(tmp_path):
    call_command("ingest", str(GOLD), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    evidence = tmp_path / "evidence.csv"
    call_command("export_csv", "evidence", "--output", str(evidence))

    scored = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(evidence)], capture_output=True, text=True, check=True
    ).stdout
    f1 = float(re.search(r"f1 ([\d.]+)", scored).group(1))
    date_accuracy = float(re.search(r"date accuracy ([\d.]+)", scored).group(1))
    print(scored)
    assert f1 >= 0.90, scored
    assert date_accuracy >= 0.85, scored
