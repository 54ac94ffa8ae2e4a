"""Alert fixtures: a reader with an email address, the H20 → China track, and confirmed steps on demand.

The role users and the signed-in client are the suite's own (tests/conftest.py), so access is judged as everywhere.
"""

from datetime import date

import pytest

from exportwatch.alerts.models import FollowKind
from exportwatch.alerts.services import follow
from exportwatch.licences.models import ReviewState, Status
from exportwatch.licences.services import review_status_change
from tests.factories import (
    ApplicationFactory,
    AuthorityFactory,
    ChipFactory,
    CompanyFactory,
    CountryFactory,
    UserFactory,
    record_step,
)


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", email="reader@example.org")


@pytest.fixture
def h20_to_china(db):
    nvidia = CompanyFactory(name="Nvidia", slug="nvidia")
    h20 = ChipFactory(vendor=nvidia, name="H20", slug="nvidia-h20")
    china = CountryFactory(code="CN", name="China")
    bis = AuthorityFactory(slug="us-bis", name="Bureau of Industry and Security", short_name="US BIS")
    return ApplicationFactory(company=nvidia, chip=h20, country=china, authority=bis)


@pytest.fixture
def h100_to_uae(db, h20_to_china):
    h100 = ChipFactory(vendor=h20_to_china.company, name="H100", slug="nvidia-h100")
    uae = CountryFactory(code="AE", name="United Arab Emirates")
    return ApplicationFactory(company=h20_to_china.company, chip=h100, country=uae, authority=h20_to_china.authority)


@pytest.fixture
def confirm(editor):
    """confirm(step) confirms it as an editor does in the admin."""

    def confirming(step):
        return review_status_change(step, decision=ReviewState.CONFIRMED, editor=editor)

    return confirming


@pytest.fixture
def new_confirmed_step(confirm, h20_to_china):
    """new_confirmed_step() reports a step (by default H20 → China granted on 1 Aug 2025) and confirms it."""

    def making(track=None, status=Status.GRANTED, day=date(2025, 8, 1)):
        return confirm(record_step(track or h20_to_china, status, day))

    return making


@pytest.fixture
def reader_follows_h20_to_china(reader, h20_to_china):
    return follow(reader, FollowKind.CHIP_COUNTRY, {"chip": h20_to_china.chip, "country": h20_to_china.country})
