"""Catalogue admin: computed chip figures are shown read-only, aliases are edited one per line."""

from decimal import Decimal

import pytest
from django.urls import reverse

from exportwatch.catalog.models import Company
from tests.factories import ChipFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def test_a_chip_page_shows_tpp_density_and_the_3a090_reading(client, editor):
    chip = ChipFactory(dense_fp16_tflops=Decimal("989.40"), die_area_mm2=Decimal("814"))
    client.force_login(editor)
    page = client.get(reverse("admin:catalog_chipsku_change", args=[chip.pk])).content.decode()
    assert "15830.40" in page  # TPP: 989.4 TFLOPS × 16 bits
    assert "19.45" in page  # performance density: TPP per mm²
    assert "3A090.a" in page


def test_computed_chip_figures_cannot_be_typed_in(client, editor):
    chip = ChipFactory()
    client.force_login(editor)
    form = client.get(reverse("admin:catalog_chipsku_change", args=[chip.pk])).context["adminform"].form
    assert not {"tpp", "performance_density", "eccn_3a090"} & set(form.fields)


def test_aliases_are_saved_one_per_line(client, editor):
    company = CompanyFactory(name="Nvidia", slug="nvidia")
    client.force_login(editor)
    aliases = "NVIDIA Corp\n英伟达\n\nNVDA\n"
    data = {"name": "Nvidia", "slug": "nvidia", "aliases": aliases, "headquarters": "", "website": ""}
    assert client.post(reverse("admin:catalog_company_change", args=[company.pk]), data).status_code == 302
    assert Company.objects.get(pk=company.pk).aliases == ["NVIDIA Corp", "英伟达", "NVDA"]


def test_a_company_is_found_by_an_alias(client, editor):
    CompanyFactory(name="Nvidia", slug="nvidia", aliases=["英伟达"])
    CompanyFactory(name="AMD", slug="amd")
    client.force_login(editor)
    response = client.get(reverse("admin:catalog_company_changelist"), {"q": "英伟达"})
    assert [company.name for company in response.context["cl"].result_list] == ["Nvidia"]


def test_an_editor_confirms_a_company_the_pipeline_proposed(client, editor):
    proposed = CompanyFactory(name="Veltro Chemical", slug="veltro-chemical", is_proposed=True)
    client.force_login(editor)
    client.post(reverse("admin:catalog_company_changelist"),
                {"action": "confirm_proposed", "_selected_action": [proposed.pk]})
    proposed.refresh_from_db()
    assert not proposed.is_proposed


def test_the_company_list_filters_proposed_companies(client, editor):
    CompanyFactory(name="Veltro Chemical", slug="veltro-chemical", is_proposed=True)
    client.force_login(editor)
    page = client.get(reverse("admin:catalog_company_changelist"), {"is_proposed__exact": "1"}).content.decode()
    assert "Veltro Chemical" in page
    assert ">Nvidia<" not in page
