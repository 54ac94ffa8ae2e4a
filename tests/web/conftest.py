"""Web fixtures: one user per role, the H20 × China story, and the URLs every matrix test walks."""

from datetime import date

import pytest
from django.core.cache import cache

from exportwatch.catalog.models import CountryGroup, CountryGroupMembership, Regulation
from exportwatch.licences.models import DatePrecision, ReviewState, Status
from exportwatch.licences.services import review_status_change
from tests.factories import (
    ApplicationFactory,
    AuthorityFactory,
    ChipFactory,
    CompanyFactory,
    CountryFactory,
    NewsItemFactory,
    record_step,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The home page caches its status counts; each test starts without them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(db, role_users):
    """Nvidia H20 to China: the steps of DESIGN.md, plus one tentative and one rejected step."""
    nvidia = CompanyFactory(name="Nvidia", slug="nvidia", aliases=["NVIDIA Corp", "英伟达"])
    h20 = ChipFactory(
        vendor=nvidia,
        name="H20",
        slug="nvidia-h20",
        aliases=["H-20", "H20芯片"],
        dense_fp8_tflops=296,
        dense_fp16_tflops=148,
        die_area_mm2=814,
    )
    china = CountryFactory(code="CN", name="China")
    bis = AuthorityFactory(slug="us-bis", name="Bureau of Industry and Security", short_name="US BIS")
    track = ApplicationFactory(company=nvidia, chip=h20, country=china, authority=bis)
    editor = role_users["editor"]
    steps = {
        "imposed": record_step(track, Status.REQUIREMENT_IMPOSED, date(2025, 4, 1), precision=DatePrecision.MONTH,
                               editor=editor),
        "applied": record_step(track, Status.APPLIED, date(2025, 7, 14),
                               sentence="Nvidia said it is filing applications to sell H20 to China.",
                               news_item=NewsItemFactory(title="Nvidia files for H20 licences",
                                                         url="https://news.example/h20-filing")),
        "assured": record_step(track, Status.ASSURED, date(2025, 7, 14), confidence=0.5,
                               sentence="Washington assured Nvidia licences will be granted."),
        "granted": record_step(track, Status.GRANTED, date(2025, 8, 1), precision=DatePrecision.MONTH,
                               sentence="Commerce started issuing H20 licences."),
        "revoked": record_step(track, Status.REVOKED, date(2025, 1, 1), precision=DatePrecision.YEAR,
                               sentence="A made-up revocation that an editor rejects."),
        "undated": record_step(track, Status.UNDER_REVIEW, None, sentence="Applications are pending."),
    }
    for name in ("applied", "granted", "undated"):
        steps[name] = review_status_change(steps[name], decision=ReviewState.CONFIRMED, editor=editor)
    steps["revoked"] = review_status_change(steps["revoked"], decision=ReviewState.REJECTED, editor=editor)
    regulation = Regulation.objects.create(
        title="Nvidia informed: H20 needs a licence for China",
        slug="h20-letter",
        kind=Regulation.Kind.LETTER,
        authority=bis,
        published_on=date(2025, 4, 9),
        url="https://www.sec.gov/example",
    )
    regulation.chips.add(h20)
    regulation.countries.add(china)
    group, _ = CountryGroup.objects.get_or_create(code="D:5", defaults={"name": "US arms embargoed"})
    CountryGroupMembership.objects.get_or_create(country=china, group=group, valid_from=date(2020, 1, 1))
    return {"company": nvidia, "chip": h20, "country": china, "authority": bis, "track": track, "steps": steps,
            "regulation": regulation, "news_item": steps["applied"].evidence.get().news_item}


def page_urls(story) -> dict[str, str]:
    """Every public page, by a name the tests print."""
    return {
        "home": "/",
        "matrix": "/matrix/",
        "matrix_as_of": "/matrix/?as_of=2025-07-20&group=D:5&status=assured",
        "track_changes": "/changes/between/?since=2025-07-01&until=2025-09-01",
        "search": "/search/?q=h20",
        "api_docs": "/api/",
        "chip_list": "/chips/",
        "country_list": "/countries/",
        "company_list": "/companies/",
        "application_list": "/applications/",
        "change_list": "/changes/",
        "chip": f"/chips/{story['chip'].slug}/",
        "country": "/countries/cn/",
        "chip_country": f"/chips/{story['chip'].slug}/cn/",
        "company": f"/companies/{story['company'].slug}/",
        "application": f"/applications/{story['track'].pk}/",
        "news_item": f"/news/{story['news_item'].pk}/",
        "chip_feed": f"/chips/{story['chip'].slug}/feed/",
        "country_feed": "/countries/cn/feed/",
        "chip_country_feed": f"/chips/{story['chip'].slug}/cn/feed/",
    }


def export_urls(story) -> dict[str, str]:
    return {
        "changes_evidence": "/changes/export/?chip=nvidia-h20",
        "changes_timeline": "/changes/export/?columns=timeline&country=CN",
        "chips": "/chips/export/",
        "countries": "/countries/export/",
        "companies": "/companies/export/",
        "applications": "/applications/export/",
        "matrix": "/matrix/export/?as_of=2025-06-01",
        "track_changes": "/changes/between/export/?since=2025-07-01&until=2025-09-01",
    }


PAGE_NAMES = ["home", "matrix", "matrix_as_of", "track_changes", "api_docs", "search", "chip_list", "country_list",
              "company_list", "application_list", "change_list", "chip", "country", "chip_country", "company",
              "application", "news_item"]
FEED_NAMES = ["chip_feed", "country_feed", "chip_country_feed"]
EXPORT_NAMES = ["changes_evidence", "changes_timeline", "chips", "countries", "companies", "applications", "matrix",
                "track_changes"]
