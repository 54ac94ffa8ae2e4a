"""The learned scorer: gradient-boosted trees over candidate features, read from a JSON file in the repository.

The model is plain data (trees as arrays, a Platt calibration, the thresholds), not a pickle: it loads
without running code, diffs in review, and scoring needs only NumPy. `manage.py train_extractor` writes it.
"""

import functools
import json
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("model.json")


class ModelError(Exception):
    """A model file that cannot be used (missing, malformed, or made for other features)."""


class Scorer:
    def __init__(self, model: dict):
        try:
            self.features: list[str] = list(model["features"])
            self.record_threshold = float(model["record_threshold"])
            self.review_threshold = float(model["review_threshold"])
            self._init = float(model["init"])
            self._rate = float(model["learning_rate"])
            self._slope, self._intercept = (float(x) for x in model["calibration"])
            self._load_trees(model["trees"])
        except (KeyError, TypeError, ValueError) as error:
            raise ModelError(f"not a scorer model: {error!r}") from error
        self.model = model

    def _load_trees(self, trees: list[dict]) -> None:
        """All trees in one set of arrays, node indexes made global; a leaf points at itself."""
        feature, threshold, left, right, value, roots = [], [], [], [], [], []
        depth = 0
        for tree in trees:
            offset = len(feature)
            roots.append(offset)
            depth = max(depth, int(tree["depth"]))
            for node, (f, t, lo, hi, v) in enumerate(zip(tree["feature"], tree["threshold"], tree["left"],
                                                        tree["right"], tree["value"], strict=True)):
                leaf = lo < 0
                feature.append(0 if leaf else int(f))
                threshold.append(float(t))
                left.append(offset + node if leaf else offset + int(lo))
                right.append(offset + node if leaf else offset + int(hi))
                value.append(float(v))
        if feature and max(feature) >= len(self.features):
            raise ValueError("a tree splits on a feature the model does not list")
        self._feature = np.array(feature, dtype=np.intp)
        self._threshold = np.array(threshold)
        self._left = np.array(left, dtype=np.intp)
        self._right = np.array(right, dtype=np.intp)
        self._value = np.array(value)
        self._roots = np.array(roots, dtype=np.intp)
        self._depth = depth

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        return np.array([[row[name] for name in self.features] for row in rows], dtype=float).reshape(
            len(rows), len(self.features))

    def raw_scores(self, matrix: np.ndarray) -> np.ndarray:
        """The trees' summed log-odds for each row, all trees walked together a level at a time."""
        count = matrix.shape[0]
        if count == 0:
            return np.zeros(0)
        nodes = np.repeat(self._roots[:, None], count, axis=1)
        rows = np.arange(count)[None, :]
        for _ in range(self._depth):
            go_left = matrix[rows, self._feature[nodes]] <= self._threshold[nodes]
            nodes = np.where(go_left, self._left[nodes], self._right[nodes])
        return self._init + self._rate * self._value[nodes].sum(axis=0)

    def calibrate(self, raw: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self._slope * raw + self._intercept)))

    def confidences(self, rows: list[dict[str, float]]) -> list[float]:
        """Calibrated probability that each candidate is an event the item reports."""
        return self.calibrate(self.raw_scores(self.matrix(rows))).tolist()


@functools.cache
def shipped_scorer() -> Scorer:
    """The model in the repository, read once per process."""
    try:
        return Scorer(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise ModelError(f"{MODEL_PATH}: {error}") from error
