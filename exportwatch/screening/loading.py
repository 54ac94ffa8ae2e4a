"""Loading a screening-list file: its entries compared with those on file, and what differs written as dated changes
of one ScreeningLoad, all in one transaction.

The file is read as a stream and compared by content hash, so memory holds one id and hash per entry on file and a
batch of entries being written, never the file. A refused file changes nothing and leaves a failed ScreeningLoad with
the reason; a file whose entries are all as on file writes nothing at all. An entry missing from the file is removed
only from a list the file holds, so a file of the Entity List alone never removes another list's entries.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from django.db import connection, transaction
from django.utils import timezone

from exportwatch.catalog.models import Country

from .models import ListedEntity, ListingChange, ScreeningLoad
from .reading import STORED_FIELDS, Entry, UnreadableFile, read_entries, stored_value

BATCH = 500
# Any constant: the key of the PostgreSQL advisory lock that lets one load run at a time.
_LOAD_LOCK = 7_2031_0303
_HASH_CHUNK_BYTES = 1024 * 1024

# The catalogue company an entry belongs to, by its id, or None; the caller chooses how names are matched.
CompanyMatcher = Callable[[Entry], int | None]


@dataclass
class LoadOutcome:
    entries: int
    added: int = 0
    removed: int = 0
    changed: int = 0
    load: ScreeningLoad | None = None  # None when nothing changed, so nothing was written

    @property
    def changed_anything(self) -> bool:
        return self.load is not None


@dataclass(frozen=True, slots=True)
class _OnFile:
    pk: int
    content_hash: str
    removed: bool


def load(file: BinaryIO, *, source=None, url: str = "", match_company: CompanyMatcher | None = None,
         today: date | None = None) -> LoadOutcome:
    """Bring the entries on file in line with `file` (JSON or CSV, opened in binary).

    Raises UnreadableFile when the file is refused, after recording a failed ScreeningLoad with the reason.
    """
    started_at, today = timezone.now(), today or timezone.localdate()
    file_hash, file_bytes = _digest(file)
    record = {"source": source, "url": url, "started_at": started_at, "file_hash": file_hash,
              "file_bytes": file_bytes}
    try:
        with transaction.atomic():
            return _apply(read_entries(file), record, match_company, today)
    except UnreadableFile as error:
        ScreeningLoad.objects.create(**record, state=ScreeningLoad.State.FAILED, error=str(error),
                                     excerpt=error.excerpt)
        raise


def _digest(file: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := file.read(_HASH_CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def _apply(entries: Iterator[Entry], record: dict, match_company: CompanyMatcher | None, today: date) -> LoadOutcome:
    _wait_for_other_loads()
    diff = _Diff(match_company, today)
    for entry in entries:
        diff.read(entry)
    diff.finish()
    counts = {kind: sum(1 for change in diff.changes if change.kind == kind) for kind in ListingChange.Kind.values}
    outcome = LoadOutcome(entries=diff.entries, **counts)
    if not diff.changes:
        return outcome
    outcome.load = ScreeningLoad.objects.create(**record, state=ScreeningLoad.State.SUCCEEDED,
                                                entries=diff.entries, **counts)
    ListingChange.objects.bulk_create(
        (ListingChange(load=outcome.load, entity_id=change.entity_id, kind=change.kind, changed_on=today,
                       before=change.before or {}, after=change.after or {}) for change in diff.changes),
        batch_size=BATCH,
    )
    return outcome


def _wait_for_other_loads() -> None:
    """Hold the load lock until the transaction ends: a load started meanwhile waits, then finds these entries on file,
    so two workers loading the same file write it once. (SQLite, the demo, runs one writer at a time anyway.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOAD_LOCK])


@dataclass(frozen=True, slots=True)
class _Change:
    entity_id: int
    kind: str
    before: dict | None = None
    after: dict | None = None


class _Diff:
    """The entries on file against those read, written batch by batch, with the changes that make.

    An entry read is taken out of `on_file`, so what is left there at the end is what the file no longer holds.
    """

    def __init__(self, match_company: CompanyMatcher | None, today: date):
        self.match_company = match_company
        self.today = today
        self.on_file = {
            (list_name, entry_id): _OnFile(pk, content_hash, removed_on is not None)
            for pk, list_name, entry_id, content_hash, removed_on in ListedEntity.objects.values_list(
                "pk", "list_name", "entry_id", "content_hash", "removed_on")
        }
        self.countries = _countries()
        self.lists: set[str] = set()
        self.new: list[Entry] = []
        self.differing: list[tuple[_OnFile, Entry]] = []
        self.changes: list[_Change] = []
        self.entries = 0

    def read(self, entry: Entry) -> None:
        self.entries += 1
        self.lists.add(entry.list_name)
        on_file = self.on_file.pop(entry.key, None)
        if on_file is None:
            self.new.append(entry)
        elif on_file.removed or on_file.content_hash != entry.content_hash:
            self.differing.append((on_file, entry))
        if len(self.new) + len(self.differing) >= BATCH:
            self._write()

    def finish(self) -> None:
        self._write()
        gone = [on_file.pk for (list_name, _), on_file in self.on_file.items()
                if list_name in self.lists and not on_file.removed]
        for start in range(0, len(gone), BATCH):
            ListedEntity.objects.filter(pk__in=gone[start:start + BATCH]).update(removed_on=self.today)
        self.changes += [_Change(pk, ListingChange.Kind.REMOVED) for pk in gone]

    def _write(self) -> None:
        self._create(self.new)
        self._update(self.differing)
        self.new, self.differing = [], []

    def _create(self, entries: list[Entry]) -> None:
        if not entries:
            return
        created = ListedEntity.objects.bulk_create(
            ListedEntity(list_name=entry.list_name, entry_id=entry.entry_id, first_seen_on=self.today,
                         company_id=self.match_company(entry) if self.match_company else None,
                         **self._fields(entry))
            for entry in entries
        )
        self.changes += [_Change(entity.pk, ListingChange.Kind.ADDED) for entity in created]

    def _update(self, differing: list[tuple[_OnFile, Entry]]) -> None:
        if not differing:
            return
        entities = ListedEntity.objects.in_bulk([on_file.pk for on_file, _ in differing])
        for on_file, entry in differing:
            entity = entities[on_file.pk]
            before, after = _differences(entity, entry)
            # An entry back on its list is an addition again; otherwise what differs is a change.
            kind = ListingChange.Kind.ADDED if on_file.removed else ListingChange.Kind.CHANGED
            self.changes.append(_Change(entity.pk, kind, before, after))
            for name, value in self._fields(entry).items():
                setattr(entity, name, value)
            entity.removed_on = None
        ListedEntity.objects.bulk_update(entities.values(),
                                         [*STORED_FIELDS, "country", "content_hash", "removed_on"])

    def _fields(self, entry: Entry) -> dict:
        stored = entry.stored
        return {**{name: stored[name] for name in STORED_FIELDS}, "start_date": entry.start_date,
                "content_hash": entry.content_hash, "country_id": self._country_id(entry.country)}

    def _country_id(self, country: str) -> int | None:
        return self.countries.get(country.upper()) or self.countries.get(country.casefold())


def _countries() -> dict[str, int]:
    """Country ids by upper-case code and by case-folded English name, the two ways the files name a country."""
    countries = {}
    for pk, code, name in Country.objects.values_list("pk", "code", "name"):
        countries[code] = pk
        countries[name.casefold()] = pk
    return countries


def _differences(entity: ListedEntity, entry: Entry) -> tuple[dict, dict]:
    """The stored fields whose values differ: what they were and what they are now."""
    now = entry.stored
    was = {name: stored_value(getattr(entity, name)) for name in STORED_FIELDS}
    names = [name for name in STORED_FIELDS if was[name] != now[name]]
    return {name: was[name] for name in names}, {name: now[name] for name in names}
