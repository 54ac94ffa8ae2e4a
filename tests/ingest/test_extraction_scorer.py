"""The learned scorer: trees read from JSON score exactly as scikit-learn does, and the shipped model fits the
features the candidates produce."""

import json
from datetime import UTC, datetime

import numpy as np
import pytest
from sklearn.ensemble import GradientBoostingClassifier

from exportwatch.ingest.extraction import extract, training
from exportwatch.ingest.extraction.extractor import read_candidates
from exportwatch.ingest.extraction.scorer import MODEL_PATH, ModelError, Scorer, shipped_scorer

from .test_extraction_fixtures import small_gazetteer

FEATURES = ["a", "b", "c"]


@pytest.fixture(scope="module")
def fitted():
    generator = np.random.default_rng(3)
    matrix = generator.normal(size=(400, 3))
    labels = (matrix[:, 0] + 0.5 * matrix[:, 1] * matrix[:, 2] > 0.2).astype(int)
    model = GradientBoostingClassifier(n_estimators=30, max_depth=3, learning_rate=0.1, random_state=1)
    return model.fit(matrix, labels), matrix


def _scorer(exported: dict, **overrides) -> Scorer:
    return Scorer({**exported, "calibration": [1.0, 0.0], "record_threshold": 0.5, "review_threshold": 0.8,
                   **overrides})


def test_exported_trees_score_as_scikit_learn_does(fitted):
    model, matrix = fitted
    scorer = _scorer(training.export_trees(model, FEATURES))
    assert np.allclose(scorer.raw_scores(matrix), model.decision_function(matrix), atol=1e-5)


def test_an_uncalibrated_model_gives_scikit_learns_probabilities(fitted):
    model, matrix = fitted
    scorer = _scorer(training.export_trees(model, FEATURES))
    rows = [dict(zip(FEATURES, row, strict=True)) for row in matrix[:20]]
    assert np.allclose(scorer.confidences(rows), model.predict_proba(matrix[:20])[:, 1], atol=1e-5)


def test_calibration_keeps_the_order_of_scores(fitted):
    model, matrix = fitted
    scorer = _scorer(training.export_trees(model, FEATURES),
                     calibration=[0.6, -0.4])
    raw = scorer.raw_scores(matrix)
    assert list(np.argsort(raw)) == list(np.argsort(scorer.calibrate(raw)))


def test_no_rows_score_to_nothing(fitted):
    model, _ = fitted
    assert _scorer(training.export_trees(model, FEATURES)).confidences([]) == []


def test_a_model_without_its_thresholds_is_refused(fitted):
    model, _ = fitted
    exported = training.export_trees(model, FEATURES)
    with pytest.raises(ModelError, match="record_threshold"):
        Scorer({**exported, "calibration": [1, 0], "review_threshold": 0.9})


def test_a_tree_splitting_on_an_unlisted_feature_is_refused(fitted):
    model, _ = fitted
    exported = training.export_trees(model, FEATURES)
    with pytest.raises(ModelError):
        _scorer({**exported, "features": ["a"]})


def test_the_shipped_model_is_plain_json_with_its_cross_validated_scores():
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert {"trees", "features", "calibration", "record_threshold", "review_threshold", "cross_validated"} <= set(model)
    assert 0 < model["record_threshold"] <= model["review_threshold"] < 1


def test_the_shipped_model_reads_only_features_the_candidates_produce():
    text = "The Commerce Department granted Nvidia licences to ship the H20 to China."
    _, found = read_candidates(title="", text=text, published=datetime(2025, 8, 12, tzinfo=UTC),
                               gazetteer=small_gazetteer())
    assert set(shipped_scorer().features) <= set(found[0].features)


def test_extract_keeps_a_plainly_reported_grant_with_a_calibrated_confidence():
    result = extract(title="", text="The Commerce Department granted Nvidia licences to ship the H20 to China on "
                                    "Friday, the company said.",
                     published=datetime(2025, 8, 12, tzinfo=UTC), gazetteer=small_gazetteer())
    [event] = [e for e in result.events if e.status == "granted"]
    assert (event.company, event.chip, event.country) == ("nvidia", "nvidia-h20", "CN")
    assert shipped_scorer().record_threshold <= event.confidence <= 1


def test_a_rules_event_the_scorer_doubts_is_kept_with_its_doubt_for_review(fitted):
    model, _ = fitted
    never = _scorer(training.export_trees(model, FEATURES), record_threshold=1.01, review_threshold=1.01,
                    features=FEATURES)
    never.features = ["cost_best", "cost_precise", "cost_clean"]  # any three features the candidates carry
    result = extract(title="", text="The Commerce Department granted Nvidia licences to ship the H20 to China.",
                     published=datetime(2025, 8, 12, tzinfo=UTC), gazetteer=small_gazetteer(), scorer=never)
    [event] = result.events
    assert (event.company, event.chip, event.country, event.status) == ("nvidia", "nvidia-h20", "CN", "granted")
    assert event.confidence < never.review_threshold
