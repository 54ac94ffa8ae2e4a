"""Screening lists: the entries of the US Consolidated Screening List (the Entity List among them), the loads of its
file that changed something or failed, and the dated changes each load found.

Entries are written only by `screening.loading.load`. Editors only link an entry to a catalogue company, and a load
never undoes that link. ScreeningLoad and ListingChange are the record: nobody edits them.
"""

import re

import pghistory
from django.db import models
from django.urls import reverse

from exportwatch.catalog.models import Company, Country
from exportwatch.core.fields import NameListField

# "Entity List (EL) - Bureau of Industry and Security" → "EL"
_LIST_CODE = re.compile(r"\(([A-Z][A-Z0-9-]*)\)")


class ScreeningLoad(models.Model):
    """One load of a screening-list file that changed the entries, or that was refused with the reason.

    A load that finds the file's entries as they are on file writes nothing at all, this row included: the source's
    last check says when it was read. The state is set once: succeeded, or failed (nothing changed).
    """

    class State(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed, nothing changed"

    source = models.ForeignKey(
        "ingest.Source",
        on_delete=models.SET_NULL,
        related_name="screening_loads",
        null=True,
        blank=True,
    )
    url = models.TextField(
        blank=True,
        help_text="Where the file came from: its address, or a local path.",
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(
        auto_now_add=True,
    )
    file_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the file as received.",
    )
    file_bytes = models.PositiveBigIntegerField(
        default=0,
    )
    entries = models.PositiveIntegerField(
        default=0,
        help_text="Entries in the file.",
    )
    added = models.PositiveIntegerField(
        default=0,
    )
    removed = models.PositiveIntegerField(
        default=0,
    )
    changed = models.PositiveIntegerField(
        default=0,
    )
    state = models.CharField(
        max_length=10,
        choices=State.choices,
    )
    error = models.TextField(
        blank=True,
        help_text="Why the file was refused.",
    )
    excerpt = models.TextField(
        blank=True,
        help_text="The part of the file the error is about.",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["succeeded", "failed"]),
                name="%(app_label)s_%(class)s_state_in_vocabulary",
            ),
        ]

    def __str__(self):
        return f"Load #{self.pk} of {self.started_at:%Y-%m-%d %H:%M} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("screening_load_detail", args=[self.pk])


class ListedEntityQuerySet(models.QuerySet):
    def listed(self):
        """Entries on their list today."""
        return self.filter(removed_on__isnull=True)

    def listed_first(self):
        """Entries on their list first, the most recently listed first; removed ones after them."""
        return self.order_by(models.F("removed_on").desc(nulls_first=True),
                             models.F("start_date").desc(nulls_last=True), "name", "id")


# Editors link entries to companies; every such edit is kept with who made it. The loader's own writes are not
# history: its changes are the ListingChange rows.
@pghistory.track(pghistory.UpdateEvent("company_linked", condition=pghistory.AnyChange("company")),
                 fields=["company"], model_name="ListedEntityCompanyEvent")
class ListedEntity(models.Model):
    """One entry of a screening list (an entity, a person, a vessel), keyed by its list and the file's own id."""

    list_name = models.CharField(
        max_length=200,
        help_text="The list as the file names it, e.g. Entity List (EL) - Bureau of Industry and Security.",
    )
    entry_id = models.CharField(
        max_length=100,
        help_text="The file's id of the entry.",
    )
    name = models.TextField()
    alt_names = NameListField(
        help_text="Other names the list gives.",
    )
    entity_type = models.CharField(
        max_length=40,
        blank=True,
        help_text="Entity, Individual, Vessel or Aircraft, as the file says.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="listed_entities",
        null=True,
        blank=True,
        help_text="The country of its first address that has one.",
    )
    addresses = models.JSONField(
        default=list,
        blank=True,
    )
    federal_register_notice = models.TextField(
        blank=True,
        verbose_name="Federal Register citation",
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the list says the listing began.",
    )
    license_requirement = models.TextField(
        blank=True,
    )
    license_policy = models.TextField(
        blank=True,
    )
    content_hash = models.CharField(
        max_length=64,
        help_text="SHA-256 of what is stored from the file, so a reload compares entries without reading them.",
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        related_name="listed_entities",
        null=True,
        blank=True,
        help_text="The catalogue company the entry belongs to, matched by name when it was first loaded; editors "
                  "may change it and a load never does.",
    )
    first_seen_on = models.DateField(
        help_text="The day a load first found it.",
    )
    removed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day a load found it gone from its list; empty while it is listed.",
    )

    objects = ListedEntityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "listed entities"
        constraints = [
            models.UniqueConstraint(
                fields=["list_name", "entry_id"],
                name="%(app_label)s_%(class)s_unique_list_entry",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.list_code})"

    @property
    def list_code(self) -> str:
        """The list's short name, EL for the Entity List, or its whole name when it has none."""
        found = _LIST_CODE.search(self.list_name)
        return found.group(1) if found else self.list_name

    @property
    def listed_since(self):
        """The start date the list gives, or else the day a load first found the entry."""
        return self.start_date or self.first_seen_on


class ListingChange(models.Model):
    """What one load changed about one entry, dated by the load: added (or listed again), removed, or changed.

    For a change, `before` and `after` hold the values of the fields that differ.
    """

    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"
        CHANGED = "changed", "Changed"

    load = models.ForeignKey(
        ScreeningLoad,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    entity = models.ForeignKey(
        ListedEntity,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
    )
    changed_on = models.DateField()
    before = models.JSONField(
        default=dict,
        blank=True,
    )
    after = models.JSONField(
        default=dict,
        blank=True,
    )

    class Meta:
        ordering = ["load", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["load", "entity"],
                name="%(app_label)s_%(class)s_unique_load_entity",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["added", "removed", "changed"]),
                name="%(app_label)s_%(class)s_kind_in_vocabulary",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.entity.name} on {self.changed_on}"
