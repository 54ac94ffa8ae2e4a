"""manage.py evaluate: the ingest → export → score flow per labelled corpus, leaving the database as it was."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from exportwatch.ingest.models import NewsItem
from exportwatch.licences.models import StatusChange

SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"

pytestmark = pytest.mark.django_db

GRANT = {"company": "Nvidia", "chip": "H20", "country": "CN", "status": "granted", "date": "2025-08-08"}
BODY = ("WASHINGTON, Aug 11 - The Commerce Department granted Nvidia licences to ship its H20 chips to China "
        "on Friday, two people briefed on the decision said.")


def _write_corpus(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def _evaluate(*args) -> str:
    out = io.StringIO()
    call_command("evaluate", *args, "--scorer", str(SCORER), stdout=out)
    return out.getvalue()


needs_scorer = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside this checkout")


@needs_scorer
def test_it_prints_the_scorers_figures_and_leaves_the_database_as_it_was(tmp_path):
    corpus = _write_corpus(tmp_path / "mini.jsonl", [{
        "id": "m1", "url": "https://example.org/h20-granted", "title": "H20 licences granted",
        "published": "2025-08-11T12:00:00Z", "body": BODY, "events": [GRANT], "also_ok": [],
    }])
    before = (NewsItem.objects.count(), StatusChange.objects.count())

    printed = _evaluate(str(corpus))

    assert "== mini: 1 items" in printed
    assert "precision 1.000 recall 1.000 f1 1.000" in printed
    assert "ms per item" in printed
    assert (NewsItem.objects.count(), StatusChange.objects.count()) == before


@needs_scorer
def test_a_labels_only_corpus_reads_its_texts_from_the_texts_folder(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "m1.txt").write_text("Nvidia wins H20 licences\n" + BODY, encoding="utf-8")
    corpus = _write_corpus(tmp_path / "labels.jsonl", [
        {"id": "m1", "url": "https://example.org/a", "published": "2025-08-11", "events": [GRANT], "also_ok": []},
        {"id": "m2", "url": "https://example.org/b", "published": "2025-08-11", "events": [GRANT], "also_ok": []},
    ])

    printed = _evaluate(str(corpus), "--texts", str(texts))

    assert "1 labelled items have no text here and count as missed" in printed
    assert "precision 1.000 recall 0.500" in printed


@needs_scorer
def test_it_refuses_a_corpus_whose_items_are_already_stored(tmp_path):
    corpus = _write_corpus(tmp_path / "mini.jsonl", [{
        "id": "m1", "url": "https://example.org/seen", "title": "t", "published": "2025-08-11", "body": BODY,
        "events": [], "also_ok": [],
    }])
    call_command("ingest", str(corpus), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())

    with pytest.raises(CommandError, match="already stored in this database"):
        _evaluate(str(corpus))


def test_a_broken_corpus_line_is_named_in_the_error(tmp_path):
    corpus = tmp_path / "broken.jsonl"
    corpus.write_text('{"id": "x", "url": "https://example.org/x", "body": "text"}\n{not json\n', encoding="utf-8")

    with pytest.raises(CommandError, match=r"broken.jsonl:2: not a labelled news item"):
        call_command("evaluate", str(corpus), "--scorer", __file__, stdout=io.StringIO())


def test_a_missing_scorer_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no scorer at"):
        call_command("evaluate", str(tmp_path / "any.jsonl"), "--scorer", str(tmp_path / "none.py"))
