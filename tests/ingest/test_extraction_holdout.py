"""The generalisation gate: a hold-out set written apart from dev (tests/fixtures/extraction/holdout.jsonl),
run through the real pipeline and export, keeps its F1 and date accuracy with the shared scorer."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

HOLDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "extraction" / "holdout.jsonl"
SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"
# The hold-out F1 when this gate was set, less 0.03, rounded down.
MIN_F1 = 0.94
MIN_DATE_ACCURACY = 0.80

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside this checkout"),
]


def test_the_holdout_set_scores_above_its_gate(tmp_path):
    call_command("ingest", str(HOLDOUT), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    evidence = tmp_path / "evidence.csv"
    call_command("export_csv", "evidence", "--output", str(evidence))

    scored = subprocess.run(
        [sys.executable, str(SCORER), str(HOLDOUT), str(evidence)], capture_output=True, text=True, check=True
    ).stdout
    f1 = float(re.search(r"f1 ([\d.]+)", scored).group(1))
    date_accuracy = float(re.search(r"date accuracy ([\d.]+)", scored).group(1))
    print(scored)
    assert f1 >= MIN_F1, scored
    assert date_accuracy >= MIN_DATE_ACCURACY, scored
