"""{% follow_button %}: the Follow / Unfollow button of a timeline (what it is about) or a list (its URL)."""

from django import template

from .. import lists
from ..models import Follow, FollowKind, kind_for

register = template.Library()

WHAT = {
    FollowKind.CHIP: "this chip",
    FollowKind.COUNTRY: "this country",
    FollowKind.CHIP_COUNTRY: "this chip to this country",
    FollowKind.COMPANY: "this company",
    FollowKind.TRACK: "this licence track",
    FollowKind.SAVED_LIST: "this list",
}


@register.inclusion_tag("alerts/follow_button.html", takes_context=True)
def follow_button(context, target=None, list_url=""):
    """`target` names what a timeline is about as its fixed filters do ({"chip": "nvidia-h20", "country": "CN"});
    `list_url` is a list page's own URL with its filters. Renders nothing for anything that cannot be followed."""
    request = context["request"]
    identifiers = {"list_url": lists.normalize(list_url)} if list_url else dict(target or {})
    kind = kind_for(name for name, value in identifiers.items() if value)
    if kind is None:
        return {"followable": False}
    return {
        "followable": True,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "identifiers": identifiers,
        "what": WHAT[kind],
        "following": Follow.objects.of(request.user).naming(identifiers).first(),
        "next": request.get_full_path(),
    }
