"""The short fault suite: kills, a Redis restart, dropped connections and opposite commands leave the same result
as a clean run (tests/soak.py; `make soak` runs the full one)."""

import pytest

from tests import soak

pytestmark = pytest.mark.worker


def test_faults_leave_the_same_steps_and_evidence_as_a_clean_run(tmp_path):
    found, results = soak.run(soak.SHORT, tmp_path, log=lambda line: None)
    assert found == [], results
