"""The timeline picture: an SVG built on the server from plain data, with no script and no inline style.

One lane per country (or chip), one mark per status change coloured by status and lettered, dashed
lines for regulations, a time axis and a legend. Every text goes through `html.escape`, and the
picture names itself for screen readers (role="img", <title>, <desc>); the table under it on each
page carries the same facts.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from exportwatch.licences.models import Status

from .statuses import STATUS_COLOURS, STATUS_LETTERS

WIDTH = 960
LABEL_WIDTH = 150
UNDATED_WIDTH = 70
TOP = 34
LANE_HEIGHT = 34
AXIS_HEIGHT = 34
LEGEND_ROW_HEIGHT = 22
LEGEND_COLUMNS = 4
MARK_RADIUS = 9
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - UNDATED_WIDTH - 10


@dataclass(frozen=True)
class Mark:
    """One status change: its lane, date (None when unknown), status and the sentence a reader hears."""

    lane: str
    when: date | None
    status: str
    label: str
    tentative: bool = False
    rejected: bool = False


@dataclass(frozen=True)
class Marker:
    """A regulation drawn as a dashed line on the day it was published."""

    when: date
    label: str


def _attr(value) -> str:
    return escape(str(value), quote=True)


class _Scale:
    """Maps dates to x positions across the plot, padded to whole months."""

    def __init__(self, dates: list[date]):
        first, last = (min(dates), max(dates)) if dates else (date.today(), date.today())
        self.start = first.replace(day=1)
        end = (last.replace(day=1) + timedelta(days=32)).replace(day=1)
        self.end = max(end, self.start + timedelta(days=60))
        self.days = (self.end - self.start).days  # once, not for each of a hundred marks

    def x(self, when: date) -> float:
        share = (when - self.start).days / self.days
        return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)

    def ticks(self) -> list[tuple[date, str]]:
        """Month ticks for short spans, year ticks for long ones; never more than about twelve labels."""
        if self.days > 3 * 366:
            return [(date(year, 1, 1), str(year)) for year in range(self.start.year + 1, self.end.year + 1)]
        months = []
        cursor = self.start
        while cursor <= self.end:
            months.append(cursor)
            cursor = (cursor + timedelta(days=32)).replace(day=1)
        step = max(1, len(months) // 12 + (1 if len(months) % 12 else 0))
        return [(month, month.strftime("%b %Y")) for month in months[::step]]


def _lane_y(index: int) -> int:
    return TOP + index * LANE_HEIGHT + LANE_HEIGHT // 2


def _lanes(lanes: list[str]) -> list[str]:
    parts = []
    for index, lane in enumerate(lanes):
        y = _lane_y(index)
        band = "#f4f6f8" if index % 2 == 0 else "#ffffff"
        top = y - LANE_HEIGHT // 2
        parts.append(f'<rect x="0" y="{top}" width="{WIDTH}" height="{LANE_HEIGHT}" fill="{band}"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{y + 4}" text-anchor="end" font-size="13" fill="#1f2933">{_attr(lane)}</text>'
        )
    return parts


def _axis(scale: _Scale, lane_count: int) -> list[str]:
    bottom = TOP + lane_count * LANE_HEIGHT
    parts = [f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{PLOT_RIGHT}" y2="{bottom}" stroke="#52606d"/>']
    for when, label in scale.ticks():
        x = scale.x(when)
        parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{bottom + 5}" stroke="#d9e2ec"/>')
        if x < PLOT_RIGHT - 30:  # a label at the very end would run into "undated"
            parts.append(
                f'<text x="{x}" y="{bottom + 20}" text-anchor="middle" font-size="11" fill="#52606d">'
                f"{_attr(label)}</text>"
            )
    separator = PLOT_RIGHT + 10
    parts.append(f'<line x1="{separator}" y1="{TOP}" x2="{separator}" y2="{bottom}" stroke="#9fb3c8" '
                 f'stroke-dasharray="2 3"/>')
    undated_x = PLOT_RIGHT + 10 + UNDATED_WIDTH // 2
    parts.append(
        f'<text x="{undated_x}" y="{bottom + 20}" text-anchor="middle" font-size="11" fill="#52606d">undated</text>'
    )
    return parts


def _markers(markers: list[Marker], scale: _Scale, lane_count: int) -> list[str]:
    bottom = TOP + lane_count * LANE_HEIGHT
    parts = []
    for marker in markers:
        x = scale.x(marker.when)
        parts.append(
            f"<g><title>{_attr(marker.label)}</title>"
            f'<line x1="{x}" y1="{TOP - 12}" x2="{x}" y2="{bottom}" stroke="#9a6700" stroke-width="1.5" '
            f'stroke-dasharray="4 3"/>'
            f'<path d="M{x - 6},{TOP - 22} h12 l-6,9 z" fill="#9a6700"/></g>'
        )
    return parts


def _as_of_line(as_of: date, scale: _Scale, lane_count: int) -> list[str]:
    """The day the page is read as of: a solid line across the lanes, labelled above them."""
    bottom = TOP + lane_count * LANE_HEIGHT
    x = scale.x(as_of)
    label = f"as of {as_of.day} {as_of:%b %Y}"
    return [
        f'<g class="as-of"><line x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{bottom}" stroke="#1f2933" stroke-width="2"/>'
        f'<text x="{x + 4}" y="{TOP - 8}" font-size="11" fill="#1f2933">{_attr(label)}</text></g>'
    ]


def _mark(mark: Mark, x: float, y: float) -> str:
    colour = STATUS_COLOURS.get(mark.status, "#52606d")
    letter = STATUS_LETTERS.get(mark.status, "?")
    if mark.rejected:
        fill, text_fill, extra = "#ffffff", colour, ' stroke-dasharray="3 2"'
    elif mark.tentative:
        fill, text_fill, extra = colour, "#ffffff", ' fill-opacity="0.55" stroke-dasharray="3 2"'
    else:
        fill, text_fill, extra = colour, "#ffffff", ""
    return (
        f"<g><title>{_attr(mark.label)}</title>"
        f'<circle cx="{x}" cy="{y}" r="{MARK_RADIUS}" fill="{fill}" stroke="{colour}" stroke-width="2"{extra}/>'
        f'<text x="{x}" y="{y + 4}" text-anchor="middle" font-size="10" font-weight="bold" '
        f'fill="{text_fill}" aria-hidden="true">{letter}</text></g>'
    )


def _marks(marks: list[Mark], lanes: list[str], scale: _Scale) -> list[str]:
    """Draw marks; marks that would overlap in a lane are nudged up and down in turn."""
    lane_index = {lane: index for index, lane in enumerate(lanes)}
    last_x: dict[str, float] = {}
    nudge: dict[str, int] = {}
    parts = []
    undated_x = PLOT_RIGHT + 10 + UNDATED_WIDTH // 2
    for mark in sorted(marks, key=lambda m: (m.when is None, m.when or date.min)):
        x = scale.x(mark.when) if mark.when else undated_x
        y = _lane_y(lane_index[mark.lane])
        if mark.lane in last_x and abs(x - last_x[mark.lane]) < 2 * MARK_RADIUS:
            nudge[mark.lane] = nudge.get(mark.lane, 0) + 1
            y += 7 if nudge[mark.lane] % 2 else -7
            x = last_x[mark.lane] + 6
        else:
            nudge[mark.lane] = 0
        last_x[mark.lane] = x
        parts.append(_mark(mark, x, y))
    return parts


def _legend(top: int) -> list[str]:
    parts = []
    column_width = (WIDTH - 20) // LEGEND_COLUMNS
    entries = [(value, label) for value, label in Status.choices]
    for index, (value, label) in enumerate(entries):
        x = 20 + (index % LEGEND_COLUMNS) * column_width
        y = top + (index // LEGEND_COLUMNS) * LEGEND_ROW_HEIGHT
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="7" fill="{STATUS_COLOURS[value]}"/>'
            f'<text x="{x}" y="{y + 3}" text-anchor="middle" font-size="8" font-weight="bold" fill="#ffffff" '
            f'aria-hidden="true">{STATUS_LETTERS[value]}</text>'
            f'<text x="{x + 13}" y="{y + 4}" font-size="12" fill="#1f2933">{_attr(label)}</text>'
        )
    y = top + ((len(entries) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS) * LEGEND_ROW_HEIGHT
    parts.append(
        f'<path d="M{20 - 6},{y - 6} h12 l-6,9 z" fill="#9a6700"/>'
        f'<text x="{20 + 13}" y="{y + 4}" font-size="12" fill="#1f2933">Regulation published</text>'
        f'<circle cx="{20 + column_width}" cy="{y}" r="7" fill="#52606d" fill-opacity="0.55" stroke="#52606d" '
        f'stroke-dasharray="3 2"/>'
        f'<text x="{33 + column_width}" y="{y + 4}" font-size="12" fill="#1f2933">Unreviewed or low confidence</text>'
        f'<circle cx="{20 + 2 * column_width}" cy="{y}" r="7" fill="#ffffff" stroke="#52606d" stroke-width="2" '
        f'stroke-dasharray="3 2"/>'
        f'<text x="{33 + 2 * column_width}" y="{y + 4}" font-size="12" fill="#1f2933">Rejected in review</text>'
    )
    return parts


def timeline_svg(
    *,
    lanes: list[str],
    marks: list[Mark],
    markers: list[Marker],
    title: str,
    description: str,
    id_prefix: str = "timeline",
    as_of: date | None = None,
) -> str:
    """The whole picture as SVG markup; every lane a mark names must be in `lanes`. With `as_of`, a line marks
    the day the page is read as of."""
    lanes = lanes or ["(no steps)"]
    dated = [m.when for m in marks if m.when] + [m.when for m in markers] + ([as_of] if as_of else [])
    scale = _Scale(dated)
    visible_markers = [m for m in markers if scale.start <= m.when <= scale.end]
    legend_top = TOP + len(lanes) * LANE_HEIGHT + AXIS_HEIGHT + 14
    legend_rows = (len(Status.choices) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS + 1
    height = legend_top + legend_rows * LEGEND_ROW_HEIGHT
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{_attr(title_id)} {_attr(desc_id)}" font-family="system-ui, sans-serif">',
        f'<title id="{_attr(title_id)}">{_attr(title)}</title>',
        f'<desc id="{_attr(desc_id)}">{_attr(description)}</desc>',
        *_lanes(lanes),
        *_axis(scale, len(lanes)),
        *_markers(visible_markers, scale, len(lanes)),
        *_marks(marks, lanes, scale),
        *(_as_of_line(as_of, scale, len(lanes)) if as_of else []),
        *_legend(legend_top),
        "</svg>",
    ]
    return "\n".join(parts)
