"""The watchlist page, the Follow and Unfollow buttons, and the unsubscribe link of the emails.

Everything here needs a signed-in user (any role), except the unsubscribe link and the personal feed, whose
addresses carry their own proof: a signed token and a secret one.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from . import services
from .digests import user_id_of
from .forms import FollowForm, FrequencyForm
from .models import ALERT_RELATIONS, DEFAULT_FREQUENCY, Alert, AlertSettings, Follow, Frequency

LATEST_SHOWN = 20


def back(request, fallback: str) -> str:
    """Where a button was pressed (its form's `next`), when that is on this site; else `fallback`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_safe
def watchlist(request):
    alert_settings = AlertSettings.for_user(request.user)
    return watchlist_page(request, alert_settings, FrequencyForm(instance=alert_settings))


def watchlist_page(request, alert_settings, frequency_form, status=200):
    follows = Follow.objects.of(request.user).select_related(
        "chip__vendor", "country", "company", "application__company", "application__chip__vendor",
        "application__country", "application__authority",
    )
    latest = (Alert.objects.filter(user=request.user).select_related(*ALERT_RELATIONS)
              .order_by("-created_at", "-id")[:LATEST_SHOWN])
    context = {
        "follows": follows,
        "frequency_form": frequency_form,
        "alert_settings": alert_settings,
        "feed_url": request.build_absolute_uri(reverse("personal_feed", args=[alert_settings.feed_token])),
        "latest_alerts": latest,
    }
    return render(request, "alerts/watchlist.html", context, status=status)


@login_required
@require_POST
def follow(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/follow_refused.html", {"form": form}, status=400)
    services.follow(request.user, form.kind, form.target)
    return redirect(back(request, reverse("watchlist")))


@login_required
@require_POST
def unfollow(request, pk):
    if not services.unfollow(request.user, pk):
        raise Http404("You follow nothing by that number.")
    return redirect(back(request, reverse("watchlist")))


@login_required
@require_POST
def change_frequency(request):
    alert_settings = AlertSettings.for_user(request.user)
    form = FrequencyForm(request.POST, instance=alert_settings)
    if not form.is_valid():
        return watchlist_page(request, alert_settings, form, status=400)
    form.save()
    return redirect("watchlist")


@login_required
@require_POST
def new_feed_address(request):
    AlertSettings.for_user(request.user).new_feed_address()
    return redirect("watchlist")


def settings_of_token(token: str) -> AlertSettings:
    """The alert settings of the user an unsubscribe token names; 404 when it was tampered with."""
    user_id = user_id_of(token)
    if user_id is None:
        raise Http404("This unsubscribe link is not valid.")
    return AlertSettings.for_user(get_object_or_404(get_user_model(), pk=user_id))


@method_decorator(login_not_required, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")  # mail clients post here without a CSRF token (RFC 8058)
class UnsubscribeView(View):
    """The link in every digest. GET only asks, because mail scanners fetch links and must not unsubscribe anyone;
    POST (the page's one button, or the mail client's own one-click unsubscribe) turns alert emails off."""

    def get(self, request, token):
        settings_of_token(token)
        return render(request, "alerts/unsubscribe.html", {"token": token, "state": "asking"})

    def post(self, request, token):
        alert_settings = settings_of_token(token)
        before = alert_settings.frequency
        alert_settings.frequency = Frequency.OFF
        alert_settings.save(update_fields=["frequency"])
        undo_to = before if before != Frequency.OFF else DEFAULT_FREQUENCY
        return render(request, "alerts/unsubscribe.html", {"token": token, "state": "off", "undo_to": undo_to})


@login_not_required
@require_POST
def resubscribe(request, token):
    """The undo button of the unsubscribe page: emails again, as often as before."""
    alert_settings = settings_of_token(token)
    frequency = request.POST.get("frequency", DEFAULT_FREQUENCY)
    alert_settings.frequency = frequency if frequency in (Frequency.IMMEDIATE, Frequency.DAILY) else DEFAULT_FREQUENCY
    alert_settings.save(update_fields=["frequency"])
    return render(request, "alerts/unsubscribe.html", {"token": token, "state": "on",
                                                       "frequency": alert_settings.get_frequency_display()})
