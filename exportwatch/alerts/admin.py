"""Admin for watchlists and alerts: who follows what, and every digest with its state.

Alerts and digests are a record of what was sent, so they are read-only here; the one thing an operator may do
is send again a digest whose sending was interrupted (it may have gone out already: the admin decides).
Feed addresses are never shown, since each is the key to a user's feed.
"""

from django.contrib import admin, messages

from exportwatch.core.admin import ReadOnlyAdmin, plural

from .models import Alert, AlertSettings, Digest, Follow


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "__str__", "created_at")
    list_filter = ("kind",)
    list_select_related = ("user", "chip__vendor", "country", "company")
    search_fields = ("user__username", "chip__name", "country__name", "company__name", "list_url")


@admin.register(AlertSettings)
class AlertSettingsAdmin(ReadOnlyAdmin):
    list_display = ("user", "frequency")
    list_filter = ("frequency",)
    fields = ("user", "frequency")
    search_fields = ("user__username",)


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "state", "created_at", "sending_started_at", "sent_at")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    actions = ("send_again",)

    @admin.action(description="Send interrupted digests again (they may have gone out already)",
                  permissions=["resend"])
    def send_again(self, request, queryset):
        # Back to pending: the next run of the alert task sends them.
        count = queryset.filter(sent_at=None).exclude(sending_started_at=None).update(sending_started_at=None)
        self.message_user(request, f"{plural(count, 'digest')} will be sent by the next run of the alert task.",
                          messages.SUCCESS)

    def has_resend_permission(self, request):
        return request.user.is_superuser  # a person with every right decides that an email may go out twice


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("user", "step", "listing_change", "digest", "created_at")
    list_select_related = ("user", "step__application__company", "step__application__chip__vendor",
                           "step__application__country", "step__application__authority", "listing_change__entity",
                           "digest__user")
    raw_id_fields = ("step", "listing_change", "follow", "digest")
    search_fields = ("user__username",)
