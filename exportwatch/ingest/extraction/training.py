"""Learning the scorer from labelled corpora: candidates with labels, cross-validation by story, the JSON model.

A candidate is labelled 1 when its tuple is a required event of its item, 0 when it is neither required
nor acceptable, and left out when it is acceptable either way (`also_ok`). Items about the same story (a
shared search query or a shared required tuple, across all corpora) stay in one fold, so a score measured
out of fold is a score on stories the model has not seen. scikit-learn is imported here only: scoring
news needs NumPy and the model file alone.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .candidates import Candidate
from .gazetteer import Gazetteer, normalised
from .new_companies import NEW

FOLDS = 5
# Shallow, strongly regularised trees: deeper ones fit the training stories better and new ones worse.
TREES = dict(n_estimators=100, max_depth=2, learning_rate=0.05, subsample=0.8, min_samples_leaf=30, random_state=7)
# Events at or above the review threshold must be right this often, out of fold, on real pages, judged on at
# least this many of them.
REVIEW_PRECISION = 0.95
REVIEW_MINIMUM_EVENTS = 10


@dataclass
class LabelledItem:
    corpus: str
    item_id: str
    url: str
    group: str
    candidates: list[Candidate]
    labels: list[int | None]
    required: set[tuple]  # gold required tuples as catalogue keys (unknown names kept as normalised names)
    acceptable: list[tuple]  # also_ok patterns; "" matches anything


class GoldNames:
    """Maps the names gold labels use onto catalogue slugs (by name or alias), the way the scorer folds them."""

    def __init__(self, gazetteer: Gazetteer):
        self.companies = {normalised(name): entry.slug for entry in gazetteer.companies for name in entry.names}
        self.chips = {normalised(name): entry.slug for entry in gazetteer.chips for name in entry.names}

    def key(self, event: dict) -> tuple[str, str, str, str]:
        """A company the catalogue lacks is keyed as the extractor keys a company it finds new (NEW + name)."""
        company, chip = normalised(event.get("company")), normalised(event.get("chip"))
        company = self.companies.get(company, NEW + company if company else "")
        return (company, self.chips.get(chip, chip), (event.get("country") or "").upper(), event.get("status") or "")


def matches(pattern: tuple, key: tuple) -> bool:
    return all(part == "" or part == value for part, value in zip(pattern, key, strict=True))


def label(candidates: list[Candidate], required: set[tuple], acceptable: list[tuple]) -> list[int | None]:
    labels = []
    for candidate in candidates:
        if candidate.key in required:
            labels.append(1)
        elif any(matches(pattern, candidate.key) for pattern in acceptable):
            labels.append(None)
        else:
            labels.append(0)
    return labels


def story_groups(items: list[tuple[str, str, set[tuple]]]) -> dict[str, str]:
    """Item id → story: items sharing a query or any required tuple are one story (union-find)."""
    parent: dict[str, str] = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for item_id, query, required in items:
        find(item_id)
        links = ([f"query:{query}"] if query else []) + [f"event:{key}" for key in required]
        for link in links:
            parent[find(link)] = find(item_id)
    return {item_id: find(item_id) for item_id, _, _ in items}


def design(items: list[LabelledItem], features: list[str]):
    """The training matrix of labelled candidates: rows, labels, item index per row."""
    rows, labels, owners = [], [], []
    for position, item in enumerate(items):
        for candidate, value in zip(item.candidates, item.labels, strict=True):
            if value is not None:
                rows.append([candidate.features[name] for name in features])
                labels.append(value)
                owners.append(position)
    return np.array(rows, dtype=float).reshape(len(rows), len(features)), np.array(labels), np.array(owners)


def fit_trees(matrix: np.ndarray, labels: np.ndarray):
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(**TREES).fit(matrix, labels)


def export_trees(model, features: list[str]) -> dict:
    """The fitted trees as plain arrays (see scorer.Scorer)."""
    trees = []
    for estimator in model.estimators_[:, 0]:
        tree = estimator.tree_
        trees.append({
            "depth": int(tree.max_depth),
            "feature": [int(f) for f in tree.feature],
            "threshold": [round(float(t), 6) for t in tree.threshold],
            "left": [int(n) for n in tree.children_left],
            "right": [int(n) for n in tree.children_right],
            "value": [round(float(v), 6) for v in tree.value[:, 0, 0]],
        })
    prior = float(model.init_.class_prior_[1])
    return {"features": features, "init": float(np.log(prior / (1 - prior))), "learning_rate": model.learning_rate,
            "trees": trees}


def out_of_fold_raw(items: list[LabelledItem], features: list[str], folds: int = FOLDS) -> list[np.ndarray]:
    """Raw scores of every candidate of every item from a model trained without the item's story."""
    from sklearn.model_selection import GroupKFold

    from .scorer import Scorer

    groups = sorted({item.group for item in items})
    group_index = {group: index for index, group in enumerate(groups)}
    item_groups = np.array([group_index[item.group] for item in items])
    raw = [np.zeros(len(item.candidates)) for item in items]
    splitter = GroupKFold(n_splits=folds)
    for train_items, test_items in splitter.split(np.zeros(len(items)), groups=item_groups):
        matrix, labels, _ = design([items[i] for i in train_items], features)
        exported = export_trees(fit_trees(matrix, labels), features)
        scorer = Scorer({**exported, "calibration": [1.0, 0.0], "record_threshold": 0.5, "review_threshold": 0.5})
        for index in test_items:
            item = items[index]
            raw[index] = scorer.raw_scores(scorer.matrix([c.features for c in item.candidates]))
    return raw


def platt(raw: list[np.ndarray], items: list[LabelledItem]) -> tuple[float, float]:
    """Slope and intercept mapping out-of-fold raw scores to calibrated probabilities."""
    from sklearn.linear_model import LogisticRegression

    scores, labels = [], []
    for values, item in zip(raw, items, strict=True):
        for value, gold in zip(values, item.labels, strict=True):
            if gold is not None:
                scores.append(value)
                labels.append(gold)
    fitted = LogisticRegression(C=1e6).fit(np.array(scores).reshape(-1, 1), np.array(labels))
    return float(fitted.coef_[0, 0]), float(fitted.intercept_[0])


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


def score_item(item: LabelledItem, chosen: set[tuple]) -> Score:
    wanted = item.required
    extra = {key for key in chosen - wanted if not any(matches(pattern, key) for pattern in item.acceptable)}
    return Score(tp=len(chosen & wanted), fp=len(extra), fn=len(wanted - chosen))


def chosen_keys(item: LabelledItem, confidences, threshold: float, select) -> set[tuple]:
    return {candidate.key for candidate in select(item.candidates, confidences, threshold)}


def by_corpus(items: list[LabelledItem], confidences: list, threshold: float, select) -> dict[str, Score]:
    scores: dict[str, Score] = defaultdict(Score)
    for item, values in zip(items, confidences, strict=True):
        scores[item.corpus].add(score_item(item, chosen_keys(item, values, threshold, select)))
    return dict(scores)


def best_threshold(items: list[LabelledItem], confidences: list, select) -> float:
    """The record threshold that maximises the pooled out-of-fold F1."""
    def pooled(threshold):
        total = Score()
        for score in by_corpus(items, confidences, threshold, select).values():
            total.add(score)
        return total.f1

    return max((round(t, 2) for t in np.arange(0.2, 0.81, 0.02)), key=pooled)


def review_threshold(items: list[LabelledItem], confidences: list, corpus: str, select) -> float:
    """The lowest confidence from which chosen events of `corpus` are right REVIEW_PRECISION of the time, judged
    on at least REVIEW_MINIMUM_EVENTS events; failing that, the confidence whose events are right most often."""
    chosen = [(i, c) for i, c in zip(items, confidences, strict=True) if i.corpus == corpus]
    levels = []
    for threshold in (round(t, 2) for t in np.arange(0.5, 0.991, 0.01)):
        score = by_corpus([i for i, _ in chosen], [c for _, c in chosen], threshold, select).get(corpus, Score())
        if score.tp + score.fp < REVIEW_MINIMUM_EVENTS:
            break
        if score.precision >= REVIEW_PRECISION:
            return threshold
        levels.append((score.precision, threshold))
    return max(levels, key=lambda level: (level[0], -level[1]))[1] if levels else 0.99
