"""Train and measure the extractor's scorer on labelled corpora, each item read exactly as the pipeline reads news."""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .corpora import Corpus
from .extraction import Gazetteer
from .extraction import training as t
from .extraction.extractor import read_candidates, select
from .extraction.scorer import MODEL_PATH
from .parsing import parse_bytes
from .pipeline import stored_texts


def labelled_items(corpora: list[Corpus], gazetteer: Gazetteer) -> list[t.LabelledItem]:
    names = t.GoldNames(gazetteer)
    read = []
    for corpus in corpora:
        parsed = {item.url: item for item in parse_bytes(corpus.as_json_lines(), name=corpus.path.name).items}
        for gold in corpus.items:
            news = parsed.get(gold.url)
            if news is None:  # a line the parser refused; the evaluate command reports those
                continue
            title, text = stored_texts(news)
            _, candidates = read_candidates(title=title, text=text, published=news.published, gazetteer=gazetteer)
            required = {names.key(event) for event in gold.events}
            acceptable = [names.key(event) for event in gold.also_ok]
            read.append((corpus.name, gold, candidates, required, acceptable))
    groups = t.story_groups([(f"{name}/{gold.id}", gold.query, required) for name, gold, _, required, _ in read])
    return [
        t.LabelledItem(corpus=name, item_id=gold.id, url=gold.url, group=groups[f"{name}/{gold.id}"],
                       candidates=candidates, labels=t.label(candidates, required, acceptable), required=required,
                       acceptable=acceptable)
        for name, gold, candidates, required, acceptable in read
    ]


@dataclass
class Report:
    model: dict
    out_of_fold: dict[str, t.Score]
    reviewed_precision: t.Score  # out of fold, events at or above the review threshold, on `review_corpus`
    review_corpus: str


def train(items: list[t.LabelledItem], gazetteer: Gazetteer, *, review_corpus: str, folds: int = t.FOLDS) -> Report:
    """Cross-validate by story, calibrate and pick thresholds out of fold, then fit on everything."""
    features = next(list(c.features) for item in items for c in item.candidates)

    def chooser(candidates, confidences, threshold):
        return select(candidates, confidences, threshold, gazetteer)

    raw = t.out_of_fold_raw(items, features, folds)
    # Confidence means how often such an event is right on real pages: calibrated on the review corpus alone.
    on_real = [(values, item) for values, item in zip(raw, items, strict=True) if item.corpus == review_corpus]
    slope, intercept = t.platt([values for values, _ in on_real], [item for _, item in on_real])
    calibrated = [1 / (1 + np.exp(-(slope * values + intercept))) for values in raw]
    record = t.best_threshold(items, calibrated, chooser)

    def confident(candidates, confidences, level):
        """The events recorded at `record` whose confidence is at least `level`: those that skip review there."""
        confidence_of = {c.key: value for c, value in zip(candidates, confidences, strict=True)}
        return [c for c in chooser(candidates, confidences, record) if confidence_of[c.key] >= level]

    review = max(record, t.review_threshold(items, calibrated, review_corpus, confident))
    out_of_fold = t.by_corpus(items, calibrated, record, chooser)
    real = [(i, c) for i, c in zip(items, calibrated, strict=True) if i.corpus == review_corpus]

    def on_review_corpus(level: float) -> t.Score:
        return t.by_corpus([i for i, _ in real], [c for _, c in real], level, confident).get(review_corpus, t.Score())

    reviewed = on_review_corpus(review)
    levels = sorted({record, 0.5, 0.6, 0.7, 0.8, 0.9, review})
    matrix, labels, _ = t.design(items, features)
    model = {
        **t.export_trees(t.fit_trees(matrix, labels), features),
        "calibration": [round(slope, 6), round(intercept, 6)],
        "record_threshold": record,
        "review_threshold": review,
        "trained_on": {corpus: sum(1 for i in items if i.corpus == corpus) for corpus in out_of_fold},
        "examples": int(len(labels)),
        "cross_validated": {corpus: {"precision": round(s.precision, 3), "recall": round(s.recall, 3),
                                     "f1": round(s.f1, 3)} for corpus, s in out_of_fold.items()},
        # Out of fold on the review corpus: how often events at or above each confidence are right.
        "precision_from_confidence": {
            f"{level:.2f}": {"precision": round(score.precision, 3), "events": score.tp + score.fp}
            for level in levels for score in [on_review_corpus(level)]
        },
    }
    return Report(model, out_of_fold, reviewed, review_corpus)


def save(model: dict, path: Path = MODEL_PATH) -> None:
    path.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
