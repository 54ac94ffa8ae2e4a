"""Checks written once and applied to every admin page of every exportwatch model."""

import itertools
from datetime import date

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exportwatch.catalog.models import Authority, ChipSku, Company, Country, CountryGroup, Regulation
from exportwatch.ingest.models import ChipCandidate, IngestRun, NewsItem, Source
from exportwatch.licences.models import Evidence, LicenceApplication, StatusChange
from tests.factories import (
    ApplicationFactory,
    AuthorityFactory,
    ChipFactory,
    CompanyFactory,
    CountryFactory,
    NewsItemFactory,
    SourceFactory,
    record_step,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"catalog", "licences", "ingest"}
_serial = itertools.count()


def _letter() -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[next(_serial) % 26]


def _make_regulation():
    return Regulation.objects.create(
        title=f"Rule {next(_serial)}",
        slug=f"rule-{next(_serial)}",
        authority=AuthorityFactory(),
        published_on=date(2023, 10, 17),
    )


def _make_country():
    country = CountryFactory(code=f"Q{_letter()}")
    group = CountryGroup.objects.create(code=f"T:{next(_serial)}", name="Test group")
    country.group_memberships.create(group=group, valid_from=date(2023, 10, 17))
    return country


def _make_step():
    return record_step(ApplicationFactory(), "applied", confidence=0.5)


# One new object per call for every model the admin shows (country codes from the user-assigned QA–QZ block).
MAKERS = {
    Country: _make_country,
    CountryGroup: lambda: CountryGroup.objects.create(code=f"T:{next(_serial)}", name="Test group"),
    Company: CompanyFactory,
    ChipSku: ChipFactory,
    Authority: lambda: AuthorityFactory(slug=f"authority-{next(_serial)}"),
    Regulation: _make_regulation,
    LicenceApplication: ApplicationFactory,
    StatusChange: _make_step,
    Evidence: lambda: _make_step().evidence.get(),
    Source: SourceFactory,
    NewsItem: NewsItemFactory,
    IngestRun: lambda: IngestRun.objects.create(trigger=IngestRun.Trigger.COMMAND, target="items.jsonl"),
    ChipCandidate: lambda: ChipCandidate.objects.create(name=f"Z{next(_serial)}", vendor=CompanyFactory()),
}

OUR_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in OUR_APPS), key=lambda m: m._meta.label
)
ALL_MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


def _url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def _ids(models):
    return [model._meta.label for model in models]


def test_every_exportwatch_model_is_in_the_admin():
    assert set(OUR_MODELS) == set(MAKERS)


@pytest.mark.parametrize("model", OUR_MODELS, ids=_ids(OUR_MODELS))
def test_every_changelist_loads_for_an_editor(client, editor, model):
    MAKERS[model]()
    client.force_login(editor)
    assert client.get(_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=_ids(OUR_MODELS))
def test_every_add_page_loads_for_an_editor_or_is_refused_where_adding_is_not_allowed(client, editor, rf, model):
    client.force_login(editor)
    request = rf.get("/")
    request.user = editor
    expected = 200 if admin.site._registry[model].has_add_permission(request) else 403
    assert client.get(_url(model, "add")).status_code == expected


@pytest.mark.parametrize("model", OUR_MODELS, ids=_ids(OUR_MODELS))
def test_every_change_page_loads_for_an_editor(client, editor, model):
    obj = MAKERS[model]()
    client.force_login(editor)
    assert client.get(_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", OUR_MODELS, ids=_ids(OUR_MODELS))
def test_every_history_page_loads_for_an_editor(client, editor, model):
    obj = MAKERS[model]()
    client.force_login(editor)
    assert client.get(_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", ALL_MODELS, ids=_ids(ALL_MODELS))
def test_every_changelist_sends_an_anonymous_visitor_to_the_login_page(client, model):
    response = client.get(_url(model, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", OUR_MODELS, ids=_ids(OUR_MODELS))
def test_every_change_page_sends_an_anonymous_visitor_to_the_login_page(client, model):
    obj = MAKERS[model]()
    response = client.get(_url(model, "change", obj.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def _changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(model, "changelist")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", OUR_MODELS, ids=_ids(OUR_MODELS))
def test_every_changelist_makes_as_many_queries_for_many_rows_as_for_one(client, editor, model):
    MAKERS[model]()
    client.force_login(editor)
    _changelist_queries(client, model)  # warm per-process caches such as content types
    with_one = _changelist_queries(client, model)
    for _ in range(4):
        MAKERS[model]()
    assert _changelist_queries(client, model) == with_one
