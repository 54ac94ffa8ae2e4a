"""Lists count at most a capped number of rows, so a page costs the same however large the table grows."""

import pytest

from exportwatch.catalog.models import Country
from exportwatch.core.views import CappedPaginator

pytestmark = pytest.mark.django_db


class SmallCap(CappedPaginator):
    cap = 10


def test_a_list_below_the_cap_shows_its_exact_count():
    paginator = SmallCap(Country.objects.filter(code__in=["CN", "HK", "MO", "RU", "AE", "SA", "VN"]), 5)
    assert (paginator.count, paginator.count_label, paginator.num_pages) == (7, "7", 2)


def test_a_list_beyond_the_cap_says_so_instead_of_counting_everything(django_assert_num_queries):
    paginator = SmallCap(Country.objects.order_by("code"), 5)
    with django_assert_num_queries(1):
        assert paginator.count_label == "10+"
    assert paginator.is_capped and paginator.num_pages == 3
