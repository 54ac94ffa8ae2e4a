"""JSON for scripts and notebooks: every list, timeline and the matrix answers `?format=json` or
`Accept: application/json` with the rows of its CSV, keyed by the CSV header.

Lists page by cursor: rows come in the order they were recorded (by id), `limit` at a time, and `next` is the
URL of the following page (None on the last), so a page never shifts when rows are added meanwhile. JSON
takes the same permission as CSV and is throttled per user.
"""

import time
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.utils.cache import patch_vary_headers

from .access import can_export

JSON = "application/json"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def wants_json(request) -> bool:
    """`?format=json`, or an Accept header that prefers JSON to HTML (browsers prefer HTML)."""
    if request.GET.get("format") == "json":
        return True
    return "Accept" in request.headers and request.get_preferred_type(["text/html", JSON]) == JSON


def json_response(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})
    patch_vary_headers(response, ["Accept", "Cookie"])
    return response


def guarded(request, produce) -> JsonResponse:
    """Check the reader may have JSON and is within the rate, then answer with what `produce()` returns; a
    refusal or a bad parameter is a JSON error that says what was wrong."""
    try:
        _check_allowed(request)
        return json_response(produce())
    except ApiError as error:
        response = json_response({"error": str(error)}, status=error.status)
        if error.status == 429:
            response["Retry-After"] = "60"
        return response


def _check_allowed(request) -> None:
    user = request.user
    if not user.is_authenticated:
        raise ApiError(401, "Sign in as an analyst (or above) to read JSON; see /api/.")
    if not can_export(user):
        raise ApiError(403, "JSON needs the analyst role, as CSV does.")
    minute = int(time.time() // 60)
    key = f"exportwatch:api:{user.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    if cache.incr(key) > settings.API_REQUESTS_PER_MINUTE:
        raise ApiError(429, f"More than {settings.API_REQUESTS_PER_MINUTE} JSON requests this minute; "
                            "try again in a minute.")


def records(header: Sequence[str], rows: Iterable[Sequence]) -> list[dict]:
    return [dict(zip(header, row, strict=True)) for row in rows]


def cursor_page(request, queryset) -> tuple[list, str | None]:
    """The page of `queryset` after the request's cursor, in id order, and the URL of the next page."""
    try:
        after = int(request.GET.get("cursor", 0))
        limit = int(request.GET.get("limit", DEFAULT_LIMIT))
    except ValueError:
        raise ApiError(400, "cursor and limit must be whole numbers") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, f"limit must be between 1 and {MAX_LIMIT}")
    page = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    query = request.GET.copy()
    query["cursor"] = str(page[-1].pk)
    query["format"] = "json"
    return page, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
