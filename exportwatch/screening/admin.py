"""Admin for the screening lists: loads and their changes are the record and read-only; of an entry, what the file
says is read-only and only its link to a catalogue company is an editor's to change."""

from django.contrib import admin

from exportwatch.core.admin import ExportwatchModelAdmin, ReadOnlyAdmin

from .models import ListedEntity, ListingChange, ScreeningLoad


@admin.register(ScreeningLoad)
class ScreeningLoadAdmin(ReadOnlyAdmin):
    list_display = ("id", "started_at", "source", "state", "entries", "added", "removed", "changed", "short_error")
    list_select_related = ("source",)
    list_filter = ("state", "source")
    search_fields = ("url", "error")

    @admin.display(description="error")
    def short_error(self, load):
        return load.error[:120]


@admin.register(ListedEntity)
class ListedEntityAdmin(ExportwatchModelAdmin):
    list_display = ("name", "list_code", "entity_type", "country", "company", "start_date", "first_seen_on",
                    "removed_on")
    list_select_related = ("country", "company")
    list_filter = ("list_name", ("removed_on", admin.EmptyFieldListFilter), ("company", admin.EmptyFieldListFilter))
    search_fields = ("name", "entry_id", "alt_names", "federal_register_notice")
    autocomplete_fields = ("company",)
    fields = ("company", "name", "alt_names", "list_name", "entry_id", "entity_type", "country", "addresses",
              "federal_register_notice", "start_date", "license_requirement", "license_policy", "first_seen_on",
              "removed_on", "content_hash")
    readonly_fields = fields[1:]
    revert_fields = ("company",)  # the only field an editor changes, and the only one its history keeps

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="list", ordering="list_name")
    def list_code(self, entity):
        return entity.list_code


@admin.register(ListingChange)
class ListingChangeAdmin(ReadOnlyAdmin):
    list_display = ("changed_on", "kind", "entity", "load")
    list_select_related = ("entity", "load")
    list_filter = ("kind", "changed_on")
    search_fields = ("entity__name",)
    raw_id_fields = ("entity", "load")
