"""Following and unfollowing, for the views, the admin and the tests alike."""

from .models import AlertSettings, Follow


def follow(user, kind: str, target: dict) -> Follow:
    """Follow a target (TARGET_FIELDS of its kind → objects, or the list URL). Following it again keeps the first
    follow and the moment it started, so no step is alerted twice or missed."""
    AlertSettings.for_user(user)  # the feed address and the frequency exist from the first follow on
    return Follow.objects.get_or_create(user=user, kind=kind, **target)[0]


def unfollow(user, follow_id: int) -> bool:
    """Stop following; False when the user has no such follow. Alerts already recorded stay in the feed."""
    deleted, _ = Follow.objects.filter(user=user, pk=follow_id).delete()
    return bool(deleted)
