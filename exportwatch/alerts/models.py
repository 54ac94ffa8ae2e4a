"""Watchlists and alerts: what a user follows, how often they want email, and every step that reached them.

A follow names one thing: a chip, a country, a chip to a country, a company, a licence track, or a saved list
(a list page's URL with its filters, see lists.py). A confirmed step that a follow covers becomes one Alert for
its user, at most once: the unique (user, step) constraint is the guarantee, not the care of the task that
writes it. So does a screening-list change (an entity added, removed or changed) of a followed company or
country, unique per (user, change). Alerts show in the user's personal feed at once and go out by email grouped
into Digests.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from exportwatch.catalog.models import ChipSku, Company, Country
from exportwatch.licences.models import LicenceApplication, StatusChange
from exportwatch.licences.timeline.dates import event_date_label
from exportwatch.screening.models import ListingChange


class Frequency(models.TextChoices):
    """How often a user's alerts are emailed; the personal feed has them within a minute whatever is chosen."""

    IMMEDIATE = "immediate", "As they come (checked every minute)"
    DAILY = "daily", "Once a day"
    OFF = "off", "Never: the feed only"


DEFAULT_FREQUENCY = Frequency.DAILY


class FollowKind(models.TextChoices):
    """What a follow names; TARGET_FIELDS says which fields each kind sets."""

    CHIP = "chip", "Chip"
    COUNTRY = "country", "Country"
    CHIP_COUNTRY = "chip_country", "Chip to a country"
    COMPANY = "company", "Company"
    TRACK = "track", "Licence track"
    SAVED_LIST = "saved_list", "Saved list"


# The fields each kind of follow sets; every other target field stays empty. The names are those of StatusChange
# (so a follow filters steps by them) and of the timeline pages' fixed filters (so a page says what it is about).
TARGET_FIELDS = {
    FollowKind.CHIP: ("chip",),
    FollowKind.COUNTRY: ("country",),
    FollowKind.CHIP_COUNTRY: ("chip", "country"),
    FollowKind.COMPANY: ("company",),
    FollowKind.TRACK: ("application",),
    FollowKind.SAVED_LIST: ("list_url",),
}
RELATED_TARGETS = ("chip", "country", "company", "application")
# How each target is named in a URL or a form: slugs and codes, as the site's own links name them.
TARGET_LOOKUPS = {
    "chip": "chip__slug",
    "country": "country__code",
    "company": "company__slug",
    "application": "application__pk",
    "list_url": "list_url",
}


def kind_for(names) -> str | None:
    """The kind of follow that sets exactly these target fields, or None when no kind does."""
    wanted = set(names)
    return next((kind for kind, fields in TARGET_FIELDS.items() if set(fields) == wanted), None)


def _only_target_of(kind) -> Q:
    fields = TARGET_FIELDS[kind]
    condition = Q(kind=kind)
    for name in RELATED_TARGETS:
        condition &= Q(**{f"{name}__isnull": name not in fields})
    return condition & (~Q(list_url="") if "list_url" in fields else Q(list_url=""))


def _exactly_one_target() -> models.CheckConstraint:
    condition = Q()
    for kind in FollowKind:
        condition |= _only_target_of(kind)
    return models.CheckConstraint(condition=condition, name="%(app_label)s_%(class)s_exactly_one_target")


def _one_follow_per_target() -> list[models.UniqueConstraint]:
    return [
        models.UniqueConstraint(
            fields=["user", *TARGET_FIELDS[kind]],
            condition=Q(kind=kind),
            name=f"%(app_label)s_%(class)s_unique_{kind}",
        )
        for kind in FollowKind
    ]


class FollowQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()

    def naming(self, identifiers: dict):
        """The follows of the target these slugs, codes or ids name ({"chip": "nvidia-h20", "country": "CN"})."""
        kind = kind_for(identifiers)
        if kind is None:
            return self.none()
        values = {name: value.upper() if name == "country" else value for name, value in identifiers.items()}
        return self.filter(kind=kind, **{TARGET_LOOKUPS[name]: value for name, value in values.items()})


class Follow(models.Model):
    """A user follows one thing (see FollowKind and TARGET_FIELDS); the database holds exactly one target per row
    and one follow per user and target. Only steps confirmed after `created_at` alert the user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    kind = models.CharField(
        max_length=12,
        choices=FollowKind.choices,
    )
    # A follow never keeps a catalogue entry alive: when an editor removes or merges one, its follows go with it.
    chip = models.ForeignKey(
        ChipSku,
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
    )
    application = models.ForeignKey(
        LicenceApplication,
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
        verbose_name="licence track",
    )
    list_url = models.CharField(
        max_length=2000,
        blank=True,
        help_text="A saved list: the list page's path and filters, e.g. /changes/?chip=nvidia-h20&status=granted.",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["user", "kind", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FollowKind.values),
                name="%(app_label)s_%(class)s_kind_in_vocabulary",
            ),
            _exactly_one_target(),
            *_one_follow_per_target(),
        ]

    def __str__(self):
        if self.kind == FollowKind.SAVED_LIST:
            from .lists import describe  # lists.py builds FilterSets, which need every model loaded first

            return describe(self.list_url)
        if self.kind == FollowKind.CHIP_COUNTRY:
            return f"{self.chip} → {self.country.name}"
        if self.kind == FollowKind.COUNTRY:
            return self.country.name
        return str(self.target)

    def get_absolute_url(self):
        if self.kind == FollowKind.SAVED_LIST:
            return self.list_url
        if self.kind == FollowKind.CHIP_COUNTRY:
            return reverse("chip_country_detail", args=[self.chip.slug, self.country.code])
        return self.target.get_absolute_url()

    @property
    def target(self):
        """The followed object, or the list URL of a saved list."""
        return getattr(self, TARGET_FIELDS[self.kind][0])

    def step_filter(self) -> dict:
        """The StatusChange columns and values of the steps this follow covers (not for saved lists)."""
        return {f"{name}_id": getattr(self, f"{name}_id") for name in TARGET_FIELDS[self.kind]}

    def entity_filter(self) -> dict | None:
        """The ListedEntity columns and values of the screening-list entries this follow covers: a followed
        company's or country's; None for the kinds that name no entity."""
        if self.kind not in (FollowKind.COMPANY, FollowKind.COUNTRY):
            return None
        return {f"{self.kind}_id": getattr(self, f"{self.kind}_id")}


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class AlertSettings(models.Model):
    """A user's email frequency and the secret in their personal feed's address; made on first use (`for_user`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_settings",
    )
    frequency = models.CharField(
        max_length=10,
        choices=Frequency.choices,
        default=DEFAULT_FREQUENCY,
    )
    feed_token = models.CharField(
        max_length=64,
        unique=True,
        default=new_feed_token,
    )

    class Meta:
        verbose_name_plural = "alert settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="%(app_label)s_%(class)s_frequency_in_vocabulary",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display()}"

    @classmethod
    def for_user(cls, user) -> "AlertSettings":
        return cls.objects.get_or_create(user=user)[0]

    def new_feed_address(self) -> None:
        """Retire the old feed address (someone else may know it) for a fresh secret one."""
        self.feed_token = new_feed_token()
        self.save(update_fields=["feed_token"])


class Digest(models.Model):
    """One email to one user, listing the alerts grouped into it.

    pending (nobody started sending) → sending (`sending_started_at`, claimed by one task run by compare-and-set)
    → sent (`sent_at`). A run killed while sending leaves the digest "sending" for good: the email may have gone
    out, so nothing sends it again by itself (at most once); an admin can choose to send it again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_digests",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )
    sending_started_at = models.DateTimeField(
        null=True,
        blank=True,
    )
    sent_at = models.DateTimeField(
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(sending_started_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_after_sending",
            ),
        ]
        indexes = [
            models.Index(fields=["id"], condition=Q(sending_started_at__isnull=True), name="alerts_digest_pending"),
        ]

    def __str__(self):
        return f"Digest #{self.pk} for {self.user} ({self.state})"

    @property
    def state(self) -> str:
        if self.sent_at:
            return "sent"
        return "sending" if self.sending_started_at else "pending"


# What an alert's headline, subject, date and page read, for select_related.
ALERT_RELATIONS = ("step__company", "step__chip__vendor", "step__country", "step__authority",
                   "listing_change__entity__country", "listing_change__load")


class Alert(models.Model):
    """One confirmed step, or one screening-list change, that reached one user: in their feed at once, by email in
    the digest it joins.

    Unique per (user, step) and per (user, change), so however often or concurrently the task runs, nothing
    reaches a user twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    step = models.ForeignKey(
        StatusChange,
        on_delete=models.PROTECT,
        related_name="alerts",
        null=True,
        blank=True,
    )
    listing_change = models.ForeignKey(
        ListingChange,
        on_delete=models.PROTECT,
        related_name="alerts",
        null=True,
        blank=True,
        verbose_name="screening-list change",
    )
    follow = models.ForeignKey(
        Follow,
        on_delete=models.SET_NULL,
        related_name="alerts",
        null=True,
        blank=True,
        help_text="Why the user got it (gone when they stop following).",
    )
    # RESTRICT: a digest that was sent cannot be deleted, else its alerts would be pending and go out again.
    digest = models.ForeignKey(
        Digest,
        on_delete=models.RESTRICT,
        related_name="alerts",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "step"],
                name="%(app_label)s_%(class)s_unique_user_step",
            ),
            models.UniqueConstraint(
                fields=["user", "listing_change"],
                name="%(app_label)s_%(class)s_unique_user_listing_change",
            ),
            models.CheckConstraint(
                condition=Q(step__isnull=False, listing_change__isnull=True)
                | Q(step__isnull=True, listing_change__isnull=False),
                name="%(app_label)s_%(class)s_a_step_or_a_listing_change",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="alerts_alert_user_latest"),
            models.Index(fields=["user"], condition=Q(digest__isnull=True), name="alerts_alert_not_emailed"),
        ]

    def __str__(self):
        if self.step_id:
            return f"Step #{self.step_id} for {self.user}"
        return f"Screening-list change #{self.listing_change_id} for {self.user}"

    # How an alert reads in an email and in the feed; a step reads as on its timeline.

    @property
    def headline(self) -> str:
        """ "Granted", "Added to the EL": what happened."""
        if self.step_id:
            return self.step.get_status_display()
        change = self.listing_change
        preposition = {"added": "to", "removed": "from", "changed": "on"}[change.kind]
        return f"{change.get_kind_display()} {preposition} the {change.entity.list_code}"

    @property
    def subject(self) -> str:
        """What it happened to: a track, or a listed entity and its country."""
        if self.step_id:
            step = self.step
            return f"{step.company.name} {step.chip.name} → {step.country.name} ({step.authority.short_name})"
        entity = self.listing_change.entity
        return f"{entity.name} ({entity.country.name})" if entity.country_id else entity.name

    @property
    def date_label(self) -> str:
        if self.step_id:
            return event_date_label(self.step.event_date, self.step.date_precision)
        return event_date_label(self.listing_change.changed_on, "day")

    @property
    def path(self) -> str:
        """The page that shows it: the step on its chip × country page, or the load that found the change."""
        if self.step_id:
            page = reverse("chip_country_detail", args=[self.step.chip.slug, self.step.country.code])
            return f"{page}#step-{self.step_id}"
        return self.listing_change.load.get_absolute_url()
