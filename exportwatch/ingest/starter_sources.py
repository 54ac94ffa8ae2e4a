"""Sources a new deployment starts with: the Federal Register's BIS documents, the Consolidated Screening List and a
few public news feeds.

They are created disabled unless settings.STARTER_SOURCES_ENABLED is on (docker-compose turns it on; `make run`,
which has no network, leaves it off). A source already on file is never changed: an editor may have tuned or
disabled it.
"""

import json
from pathlib import Path

from django.apps import apps as live_apps
from django.conf import settings

STARTER_SOURCES = Path(__file__).parent / "data" / "starter_sources.json"
WAITING = "A starter source: enable it here, or set STARTER_SOURCES_ENABLED."


def load_starter_sources(apps_registry=live_apps, *, kind: str | None = None) -> int:
    """Create the starter sources (of one `kind`, if given) that are not on file; returns how many were created."""
    Source = apps_registry.get_model("ingest", "Source")
    wanted = [source for source in json.loads(STARTER_SOURCES.read_text(encoding="utf-8"))
              if kind is None or source["kind"] == kind]
    known = set(Source.objects.filter(url__in=[source["url"] for source in wanted]).values_list("url", flat=True))
    enabled = settings.STARTER_SOURCES_ENABLED
    new = [Source(name=source["name"], kind=source["kind"], url=source["url"],
                  interval_minutes=source["interval_minutes"], enabled=enabled,
                  disabled_reason="" if enabled else WAITING)
           for source in wanted if source["url"] not in known]
    Source.objects.bulk_create(new)
    return len(new)
