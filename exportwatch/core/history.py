"""Who or what made a change: history context for every write, in requests, tasks and commands.

django-pghistory records every insert and update of a tracked model with PostgreSQL triggers, so bulk
writes and raw SQL are caught too. The context attached to those events says who acted: a user in a
request, or a label such as "ingest run 12" or "command load_demo" outside one. SQLite (the embedded
demo mode) has no triggers, so there the context is skipped and no history is kept.
"""

from contextlib import contextmanager

import pghistory
from django.db import connection
from pghistory.middleware import HistoryMiddleware as _PgHistoryMiddleware


def history_enabled() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def acting_as(actor: str, user=None):
    """Attribute every tracked write inside the block to `actor` (and `user`, when a person acted)."""
    if not history_enabled():
        yield
        return
    metadata = {"actor": actor}
    if user is not None and getattr(user, "pk", None):
        metadata["user"] = user.pk
        metadata["username"] = user.get_username()
    with pghistory.context(**metadata):
        yield


class HistoryMiddleware(_PgHistoryMiddleware):
    """pghistory's request context, labelled with the acting user; a no-op on SQLite."""

    def get_context(self, request):
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["actor"] = f"user {user.get_username()}"
            context["username"] = user.get_username()
        else:
            context["actor"] = "anonymous request"
        return context

    def __call__(self, request):
        if not history_enabled():
            return self.get_response(request)
        return super().__call__(request)


def tracked():
    """Track a model's inserts, updates and deletions, each with the acting context (fresh trackers per model)."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
