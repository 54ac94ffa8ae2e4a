"""Who may see and do what on the site: login-by-setting, the export permission, and the editors' view.

Browsing is public unless settings.REQUIRE_LOGIN is on. Export always needs the
`licences.export_statuschange` permission (analyst, editor and admin roles). Editors, who can change
status changes, also see the steps that were rejected in review.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve, reverse

EXPORT_PERMISSION = "licences.export_statuschange"
REVIEW_PERMISSION = "licences.change_statuschange"


def can_export(user) -> bool:
    return user.is_authenticated and user.has_perm(EXPORT_PERMISSION)


def can_see_rejected(user) -> bool:
    """Editors review steps, so they must see the rejected ones too (marked as such)."""
    return user.is_authenticated and user.has_perm(REVIEW_PERMISSION)


def permission_required_or_login(permission: str):
    """Anonymous visitors go to the login page; signed-in users without the permission get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


export_required = permission_required_or_login(EXPORT_PERMISSION)


class LoginRequiredBySettingMiddleware:
    """With settings.REQUIRE_LOGIN, every page except login, static files and the views marked
    @login_not_required (see carries_its_own_key) needs a signed-in user.

    Place it after AuthenticationMiddleware. The admin keeps its own login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        closed = getattr(settings, "REQUIRE_LOGIN", False) and not self._is_open(request.path_info)
        if closed and not request.user.is_authenticated and not carries_its_own_key(request.path_info):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        open_prefixes = (
            reverse("login"),
            reverse("health"),
            "/" + settings.STATIC_URL.lstrip("/"),
            reverse("admin:index"),
        )
        return path.startswith(open_prefixes)


def carries_its_own_key(path: str) -> bool:
    """Whether the path's view is marked with Django's @login_not_required: an address holding its own secret (a
    personal feed's token, an email's signed unsubscribe link) that must open without a sign-in."""
    try:
        return not getattr(resolve(path).func, "login_required", True)
    except Resolver404:
        return False


def client_address(request) -> str:
    """The connection's own address; behind our reverse proxy (BEHIND_PROXY), the address the proxy appended to
    X-Forwarded-For, its last entry, which the client cannot forge. One proxy address must not lock everybody out."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def failure_limit(request, credentials) -> int:
    """How many failed sign-ins lock a user from an address (django-axes asks before each attempt).

    Five, per user and address, so one person's typos never lock colleagues behind the same address. But an
    address whose recent failures name AXES_SPRAY_USERNAMES different users is password spraying: it is
    locked for every name until the cool-off time has passed.
    """
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt
    from django.utils import timezone

    since = timezone.now() - get_cool_off(request)
    names = (AccessAttempt.objects.filter(ip_address=client_address(request), attempt_time__gte=since,
                                          failures_since_start__gt=0)
             .values("username").distinct().count())
    return 0 if names >= settings.AXES_SPRAY_USERNAMES else settings.AXES_FAILURES_PER_USER
