"""The screening list as a starter source, and `manage.py load_screening_list` for a downloaded file."""

import pytest
from django.core.management import CommandError, call_command

from exportwatch.ingest.models import Source
from exportwatch.ingest.starter_sources import load_starter_sources
from exportwatch.screening.models import ListedEntity

from .list_files import CONSOLIDATED_JSON, FIXTURES

pytestmark = pytest.mark.django_db

OFFICIAL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"


def test_the_screening_list_is_a_starter_source_waiting_disabled():
    source = Source.objects.get(kind=Source.Kind.SCREENING_LIST)
    assert (source.url, source.enabled) == (OFFICIAL_URL, False)
    assert "STARTER_SOURCES_ENABLED" in source.disabled_reason


def test_loading_the_starter_sources_again_adds_no_second_screening_list():
    assert load_starter_sources() == 0
    assert Source.objects.filter(kind=Source.Kind.SCREENING_LIST).count() == 1


def test_a_deployment_that_lacks_it_gets_only_the_screening_list():
    Source.objects.filter(kind=Source.Kind.SCREENING_LIST).delete()
    Source.objects.filter(kind=Source.Kind.FEED).delete()
    assert load_starter_sources(kind="csl") == 1
    assert not Source.objects.filter(kind=Source.Kind.FEED).exists()


def test_the_command_loads_a_file_and_says_what_changed(capsys):
    call_command("load_screening_list", str(FIXTURES / "consolidated.json"))
    assert "5 entries; 5 added, 0 removed, 0 changed" in capsys.readouterr().out
    assert ListedEntity.objects.filter(company__slug="huawei").count() == 2


def test_the_command_says_when_nothing_changed(capsys):
    call_command("load_screening_list", str(FIXTURES / "consolidated.json"))
    call_command("load_screening_list", str(FIXTURES / "consolidated.json"))
    assert "all as on file; nothing written" in capsys.readouterr().out


def test_the_command_refuses_a_broken_file_and_says_why(tmp_path):
    broken = tmp_path / "consolidated.json"
    broken.write_bytes(CONSOLIDATED_JSON[:200])
    with pytest.raises(CommandError, match="refused and nothing changed: the file is not whole JSON"):
        call_command("load_screening_list", str(broken))
