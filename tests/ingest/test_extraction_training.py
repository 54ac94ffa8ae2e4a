"""Learning the scorer: labels from gold tuples, stories kept in one fold, and a model the scorer can load."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from exportwatch.ingest import learning
from exportwatch.ingest.corpora import read_corpus
from exportwatch.ingest.extraction import Gazetteer, training
from exportwatch.ingest.extraction.candidates import Candidate
from exportwatch.ingest.extraction.scorer import Scorer

from .test_extraction_fixtures import small_gazetteer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"


def _candidate(company, chip, country, status):
    return Candidate(company, chip, country, status, features={}, support=None, rule_event=None)


def test_gold_names_and_aliases_map_to_catalogue_slugs():
    names = training.GoldNames(small_gazetteer())
    key = names.key({"company": "Samsung Electronics", "chip": "H-20", "country": "cn", "status": "granted"})
    assert key == ("samsung", "nvidia-h20", "CN", "granted")


def test_a_company_the_catalogue_lacks_is_keyed_as_the_extractor_keys_a_new_company():
    names = training.GoldNames(small_gazetteer())
    assert names.key({"company": "Morita Chemical", "chip": "hydrogen fluoride", "country": "KR",
                      "status": "granted"})[:2] == ("new:moritachemical", "hydrogenfluoride")


def test_required_tuples_are_positive_acceptable_ones_are_left_out_and_the_rest_negative():
    found = [_candidate("nvidia", "nvidia-h20", "CN", "granted"), _candidate("nvidia", "nvidia-h20", "HK", "granted"),
             _candidate("amd", "amd-mi308", "CN", "granted")]
    labels = training.label(found, required={("nvidia", "nvidia-h20", "CN", "granted")},
                            acceptable=[("nvidia", "", "HK", "granted")])
    assert labels == [1, None, 0]


def test_items_sharing_a_query_or_a_required_tuple_are_one_story():
    groups = training.story_groups([
        ("a", "h20 licences", {("nvidia", "h20", "CN", "granted")}),
        ("b", "h20 licences", set()),
        ("c", "other query", {("nvidia", "h20", "CN", "granted")}),
        ("d", "", {("asml", "duv", "CN", "requirement_imposed")}),
    ])
    assert groups["a"] == groups["b"] == groups["c"]
    assert groups["d"] != groups["a"]


def test_a_score_counts_acceptable_extras_as_neither_right_nor_wrong():
    item = training.LabelledItem("c", "1", "u", "g", [], [], required={("x", "y", "CN", "granted")},
                                 acceptable=[("x", "", "HK", "granted")])
    score = training.score_item(item, {("x", "y", "CN", "granted"), ("x", "y", "HK", "granted"),
                                       ("x", "y", "US", "granted")})
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


@pytest.mark.django_db
def test_training_on_a_corpus_gives_a_model_the_scorer_loads_with_out_of_fold_scores():
    gazetteer = Gazetteer.from_catalog()
    items = learning.labelled_items([read_corpus(FIXTURES / "holdout3.jsonl")], gazetteer)
    report = learning.train(items, gazetteer, review_corpus="holdout3", folds=3)
    scorer = Scorer(report.model)
    assert scorer.record_threshold <= scorer.review_threshold
    assert set(report.out_of_fold) == {"holdout3"}
    assert report.out_of_fold["holdout3"].tp > 0
    assert report.model["cross_validated"]["holdout3"]["f1"] == round(report.out_of_fold["holdout3"].f1, 3)


@pytest.mark.django_db
def test_the_command_writes_the_model_it_reports(tmp_path):
    output = tmp_path / "model.json"
    out = io.StringIO()
    call_command("train_extractor", str(FIXTURES / "holdout3.jsonl"), "--review-corpus", "holdout3",
                 "--output", str(output), stdout=out)
    assert "cross-validated by story" in out.getvalue()
    assert Scorer(json.loads(output.read_text(encoding="utf-8"))).features


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path):
    output = tmp_path / "model.json"
    call_command("train_extractor", str(FIXTURES / "holdout3.jsonl"), "--review-corpus", "holdout3",
                 "--output", str(output), "--dry-run", stdout=io.StringIO())
    assert not output.exists()


def test_the_review_threshold_needs_enough_events_to_judge_precision(monkeypatch):
    item = training.LabelledItem("real", "1", "u", "g", [], [], required=set(), acceptable=[])
    # One event right at 0.99 proves nothing; below that, no level is right often enough: the best level is taken.
    scores = {0.5: (6, 6), 0.6: (8, 4), 0.7: (9, 2), 0.8: (1, 0)}

    def by_corpus(items, confidences, threshold, select):
        tp, fp = next((v for t, v in sorted(scores.items(), reverse=True) if threshold >= t), (0, 0))
        return {"real": training.Score(tp=tp, fp=fp)}

    monkeypatch.setattr(training, "by_corpus", by_corpus)
    assert training.review_threshold([item], [None], "real", select=None) == 0.7
