"""Factories for test data. Status changes go through the real service, so tests exercise the one writer."""

import hashlib
from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from exportwatch.catalog.models import Authority, ChipSku, Company, Country
from exportwatch.ingest.models import NewsItem, Source
from exportwatch.licences.models import DatePrecision, LicenceApplication
from exportwatch.licences.services import Claim, record_status_change


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class CountryFactory(factory.django.DjangoModelFactory):
    """Countries come from the ISO list loaded by migrations; unknown test codes are created."""

    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "CN"
    name = factory.LazyAttribute(lambda c: f"Country {c.code}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chipco {n}")
    slug = factory.LazyAttribute(lambda c: c.name.lower().replace(" ", "-"))
    aliases = factory.LazyFunction(list)


class ChipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChipSku
        django_get_or_create = ("slug",)

    vendor = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"X{n}")
    slug = factory.LazyAttribute(lambda c: f"{c.vendor.slug}-{c.name.lower()}")
    kind = ChipSku.Kind.SKU


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("slug",)

    slug = "test-authority"
    name = factory.LazyAttribute(lambda a: f"Authority {a.slug}")
    short_name = factory.LazyAttribute(lambda a: a.slug.upper()[:40])
    country = factory.SubFactory(CountryFactory, code="US")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenceApplication

    company = factory.SubFactory(CompanyFactory)
    chip = factory.SubFactory(ChipFactory, vendor=factory.SelfAttribute("..company"))
    country = factory.SubFactory(CountryFactory)
    authority = factory.SubFactory(AuthorityFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Feed {n}")
    url = factory.Sequence(lambda n: f"https://news.example/feed-{n}.xml")


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    canonical_url = factory.SelfAttribute("url")
    title = factory.Sequence(lambda n: f"Story {n}")
    outlet = "Test Wire"
    published_at = factory.LazyFunction(timezone.now)
    text = "Nvidia said the US granted licences for H20 exports to China."
    content_hash = factory.LazyAttribute(lambda i: hashlib.sha256(f"{i.url}{i.text}".encode()).hexdigest())
    state = NewsItem.State.PROCESSED


def record_step(application, status, event_date=date(2025, 4, 9), *, precision=DatePrecision.DAY,
                news_item=None, editor=None, confidence=0.9, sentence="A test sentence."):
    """Record a step on `application` through the service, with a fresh news item unless told otherwise."""
    if news_item is None and editor is None:
        news_item = NewsItemFactory()
    claim = Claim(
        company=application.company,
        chip=application.chip,
        country=application.country,
        authority=application.authority,
        status=status,
        event_date=event_date,
        date_precision=precision if event_date else DatePrecision.UNKNOWN,
        confidence=confidence,
    )
    return record_status_change(claim, news_item=news_item, sentence=sentence, editor=editor).status_change
