"""Email digests: a due user's new alerts grouped into one Digest, which is then sent at most once.

What one task run does, in order (each step commits before the next):
1. record_alerts (matching.py) inserts alerts with ON CONFLICT DO NOTHING: one per user and step, ever.
2. make_digests puts a due user's alerts that are in no digest yet into a new digest, in one transaction, so
   every alert joins exactly one digest (a run alongside finds none left and drops its empty digest).
3. send_pending_digests claims each pending digest by compare-and-set, sends it, then marks it sent.
A run killed after 2 leaves a pending digest, which the next run (or the redelivered task) sends. A run killed
between claiming and marking leaves the digest "sending": the mail server may have it, so no run sends it again
(at most once); the admin shows it and can send it again on purpose. A mail server that refuses or cannot be
reached did not take the email, so the claim is released and the next run tries again.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import ALERT_RELATIONS, DEFAULT_FREQUENCY, Alert, AlertSettings, Digest, Frequency

logger = logging.getLogger(__name__)

DIGEST_LENGTH = 50  # steps listed in one email; the rest are counted, and the feed has them all
UNSUBSCRIBE_SALT = "exportwatch.alerts.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    """A signed token naming the user, for the unsubscribe link: it works without signing in and cannot be forged."""
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_id_of(token: str) -> int | None:
    """The user an unsubscribe token names, or None when it was tampered with."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def due_users(frequency: str) -> list[int]:
    """Active users with an email address, alerts in no digest yet, and this frequency (the default if unset)."""
    waiting = Alert.objects.filter(digest=None, user__is_active=True).exclude(user__email="")
    chosen = Q(user__alert_settings__frequency=frequency)
    if frequency == DEFAULT_FREQUENCY:
        chosen |= Q(user__alert_settings__isnull=True)
    return list(waiting.filter(chosen).order_by("user_id").values_list("user_id", flat=True).distinct())


def make_digests(frequency: str) -> int:
    """Group each due user's waiting alerts into a new digest; return how many digests were made."""
    if frequency == Frequency.OFF:
        raise ValueError("users who turned alert emails off get no digests")
    made = 0
    for user_id in due_users(frequency):
        with transaction.atomic():
            digest = Digest.objects.create(user_id=user_id)
            if Alert.objects.filter(user_id=user_id, digest=None).update(digest=digest):
                made += 1
            else:
                digest.delete()  # a run alongside grouped them first
    return made


def send_pending_digests() -> int:
    """Send every digest nobody has started sending, unless its user has turned emails off since; return how many
    went out."""
    pending = (Digest.objects.filter(sending_started_at=None)
               .exclude(user__alert_settings__frequency=Frequency.OFF)
               .select_related("user").order_by("id"))
    return sum(1 for digest in pending if claim(digest) and send(digest))


def claim(digest: Digest) -> bool:
    """Compare-and-set: one run starts sending a digest, and once started no run starts it again."""
    return Digest.objects.filter(pk=digest.pk, sending_started_at=None).update(sending_started_at=timezone.now()) == 1


def send(digest: Digest) -> bool:
    """Send a claimed digest and mark it sent; on an error nothing went out, so the claim is released."""
    try:
        digest_email(digest).send()
    except Exception:  # a refusing or unreachable mail server (SMTPException, OSError), or a rendering bug
        Digest.objects.filter(pk=digest.pk).update(sending_started_at=None)
        logger.exception("could not send alert digest %s to %s; the next run tries again", digest.pk, digest.user)
        return False
    Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    return True


def digest_email(digest: Digest) -> EmailMultiAlternatives:
    """The email of a digest: each step with its track, status, date, link and the follow it came through, as
    plain text and HTML, with one-click unsubscribe headers (RFC 8058)."""
    alerts = (digest.alerts.select_related(*ALERT_RELATIONS, "follow__chip__vendor", "follow__country",
                                           "follow__company")
              .order_by(F("step__event_date").desc(nulls_last=True), "-step_id", "-listing_change_id"))
    shown = [digest_item(alert) for alert in alerts[:DIGEST_LENGTH]]
    total = digest.alerts.count()
    unsubscribe_url = site_url(reverse("unsubscribe", args=[unsubscribe_token(digest.user_id)]))
    context = {
        "user": digest.user,
        "items": shown,
        "total": total,
        "more": total - len(shown),
        "frequency": AlertSettings.for_user(digest.user).get_frequency_display(),
        "watchlist_url": site_url(reverse("watchlist")),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=f"exportwatch: {total} update{'' if total == 1 else 's'} on what you follow",
        body=render_to_string("alerts/email/digest.txt", context),
        to=[digest.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string("alerts/email/digest.html", context), "text/html")
    return message


def digest_item(alert: Alert) -> dict:
    return {
        "status": alert.headline,
        "track": alert.subject,
        "date": alert.date_label,
        "conditions": alert.step.conditions if alert.step_id else "",
        "url": site_url(alert.path),
        "because": str(alert.follow) if alert.follow else "",
    }
