"""Shared admin pieces: the site that only editors and admins may use, and history with revert for tracked models.

History is read from django-pghistory's events (one row per insert, update or delete, written by
PostgreSQL triggers, with the acting context). Reverting writes an earlier version's values back
inside `acting_as`, so the revert is itself an event in the history.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from pghistory.models import Events

from exportwatch.core.history import acting_as, history_enabled
from exportwatch.core.roles import can_use_admin_site

HISTORY_PAGE_SIZE = 50
# Stamped by Django on every save; writing old values back would only confuse the history.
AUTOMATIC_FIELDS = ("created_at", "updated_at")


class ExportwatchAdminSite(admin.AdminSite):
    """The admin site, refused to staff users who are neither editors nor admins."""

    site_header = "exportwatch administration"
    site_title = "exportwatch admin"

    def has_permission(self, request):
        return can_use_admin_site(request.user)


def plural(count: int, noun: str, nouns: str = "") -> str:
    """ "1 source", "3 sources", "2 companies" for admin messages."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def is_tracked(model) -> bool:
    return bool(getattr(model, "pgh_event_models", None))


def revert_actor(user) -> str:
    return f"user {user.get_username()} (revert)"


class HistoryAdminMixin:
    """Replaces the admin's "History" page with the pghistory events of the object, and adds revert.

    `revert_fields` names the fields a revert writes back; None means every field except the primary
    key and the automatic time stamps.
    """

    revert_fields = None
    object_history_template = "admin/exportwatch/object_history.html"
    revert_confirmation_template = "admin/exportwatch/revert_confirmation.html"

    def get_urls(self):
        revert = path(
            "<path:object_id>/history/<int:event_id>/revert/",
            self.admin_site.admin_view(self.revert_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_revert",
        )
        return [revert, *super().get_urls()]

    def get_revert_fields(self) -> list:
        fields = [field for field in self.opts.concrete_fields if not field.primary_key]
        if self.revert_fields is not None:
            return [field for field in fields if field.name in self.revert_fields]
        return [field for field in fields if field.name not in AUTOMATIC_FIELDS]

    def history_view(self, request, object_id, extra_context=None):
        if not (is_tracked(self.model) and history_enabled()):
            return super().history_view(request, object_id, extra_context)
        obj = self._get_object_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        events = Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")
        page = self.get_paginator(request, events, HISTORY_PAGE_SIZE).get_page(request.GET.get("p", 1))
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "page": page,
            "rows": [self._history_row(event) for event in page],
            "can_revert": self.has_change_permission(request, obj),
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revert_view(self, request, object_id, event_id):
        obj = self._get_object_or_404(request, object_id)
        if not (is_tracked(self.model) and history_enabled()):
            raise Http404("This object keeps no history here.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        event = self._get_event_or_404(obj, event_id)
        changes = self._revert_changes(obj, event)
        history_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk])
        if request.method == "POST":
            self._revert(request, obj, changes)
            return redirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revert {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "event": event,
            "changes": changes,
            "history_url": history_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revert_confirmation_template, context)

    def _get_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id}.")
        return obj

    def _get_event_or_404(self, obj, event_id):
        event_model = obj.pgh_event_model
        event = event_model.objects.filter(pgh_id=event_id, pgh_obj_id=obj.pk).first()
        if event is None:
            raise Http404(f"No event {event_id} for this {self.opts.verbose_name}.")
        return event

    def _revert_changes(self, obj, event) -> list[tuple]:
        """(field, current value, earlier value) for every revertable field that would change."""
        return [
            (field, getattr(obj, field.attname), getattr(event, field.attname))
            for field in self.get_revert_fields()
            if getattr(obj, field.attname) != getattr(event, field.attname)
        ]

    def _revert(self, request, obj, changes) -> None:
        if not changes:
            messages.info(request, "Nothing to revert: the object already has those values.")
            return
        for field, _current, earlier in changes:
            setattr(obj, field.attname, earlier)
        try:
            with transaction.atomic(), acting_as(revert_actor(request.user), request.user):
                obj.save(update_fields=[field.name for field, _, _ in changes])
        except DatabaseError as error:
            # e.g. the old name is taken by another row by now; nothing was written.
            messages.error(request, f"Could not revert {obj}: {error}")
            return
        names = ", ".join(field.name for field, _, _ in changes)
        messages.success(request, f"Reverted {names} of {obj}.")

    @staticmethod
    def _history_row(event) -> dict:
        context = event.pgh_context or {}
        diff = event.pgh_diff or {}
        return {
            "event": event,
            "actor": context.get("actor", ""),
            "username": context.get("username", ""),
            "changes": [
                (name, values[0], values[1]) for name, values in sorted(diff.items()) if name not in AUTOMATIC_FIELDS
            ],
        }


# A URL typed without a scheme is taken as https (Django 6's default; 5.2 still assumes http).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ExportwatchModelAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Base admin for every exportwatch model: event history with revert where the model is tracked."""

    list_per_page = 50
    show_full_result_count = False
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS


class ReadOnlyAdmin(ExportwatchModelAdmin):
    """A record kept as it was written (evidence, a list file's entries, alerts sent): only looked at here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
