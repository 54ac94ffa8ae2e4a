"""A new deployment starts with sources: disabled where there is no network, enabled by one setting."""

import pytest
from django.core.management import call_command

from exportwatch.ingest.models import Source
from exportwatch.ingest.starter_sources import load_starter_sources

pytestmark = pytest.mark.django_db

FEDERAL_REGISTER_BIS = "industry-and-security-bureau"


def test_migrate_leaves_the_starter_sources_disabled_with_the_reason():
    starters = Source.objects.filter(url__contains="federalregister.gov") | Source.objects.filter(kind="feed")
    assert starters.exists()
    assert not starters.filter(enabled=True).exists()
    assert all("STARTER_SOURCES_ENABLED" in source.disabled_reason for source in starters)


def test_the_federal_register_starter_asks_for_bis_documents():
    source = Source.objects.get(kind=Source.Kind.FEDERAL_REGISTER)
    assert FEDERAL_REGISTER_BIS in source.url


def test_loading_again_adds_nothing():
    before = Source.objects.count()
    call_command("load_sources", verbosity=0)
    assert Source.objects.count() == before


def test_with_the_setting_on_a_missing_starter_is_created_enabled(settings):
    settings.STARTER_SOURCES_ENABLED = True
    Source.objects.filter(kind=Source.Kind.FEDERAL_REGISTER).delete()
    assert load_starter_sources() == 1
    assert Source.objects.get(kind=Source.Kind.FEDERAL_REGISTER).enabled


def test_a_starter_an_editor_changed_is_left_alone(settings):
    settings.STARTER_SOURCES_ENABLED = True
    Source.objects.filter(kind=Source.Kind.FEDERAL_REGISTER).update(interval_minutes=999)
    load_starter_sources()
    source = Source.objects.get(kind=Source.Kind.FEDERAL_REGISTER)
    assert (source.interval_minutes, source.enabled) == (999, False)
