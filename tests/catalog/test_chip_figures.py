"""TPP and performance density computed from the catalogue's dense figures match the reference."""

from decimal import Decimal

import pytest

from exportwatch.catalog.models import ChipSku

pytestmark = pytest.mark.django_db


def chip(slug):
    return ChipSku.objects.get(slug=slug)


def test_h20_has_tpp_2368_and_density_2_91():
    h20 = chip("nvidia-h20")
    assert (h20.tpp, h20.performance_density) == (Decimal("2368"), Decimal("2.91"))


def test_h100_sxm_has_tpp_15832():
    assert chip("nvidia-h100").tpp == Decimal("15832")


def test_a100_has_tpp_4992_and_density_6_04():
    a100 = chip("nvidia-a100")
    assert (a100.tpp, a100.performance_density) == (Decimal("4992"), Decimal("6.04"))


def test_b300_tpp_comes_from_its_fp4_rate():
    assert chip("nvidia-b300").tpp == Decimal("56000")


def test_h20_falls_below_3a090_and_the_a800_inside_it():
    assert chip("nvidia-h20").eccn_3a090_class == "below 3A090"
    assert chip("nvidia-a800").eccn_3a090_class == "3A090.a"


def test_the_rtx_4090d_is_excluded_as_a_gaming_card_under_4800():
    assert chip("nvidia-rtx-4090d").eccn_3a090_class.startswith("not 3A090")


def test_skus_point_at_their_family():
    assert chip("nvidia-h20").family.name == "Hopper"
    assert chip("amd-mi308").family.name == "Instinct MI300"
    assert chip("asml-nxt2050i").family.name == "TWINSCAN NXT"
