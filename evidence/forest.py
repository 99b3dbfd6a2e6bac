"""Forest plots of outcomes: SVG drawn on the server, and the same numbers for a table.

Ratio measures share a log axis with the line of no effect at 1, differences a linear axis with it
at 0. Each axis is symmetric about that line, as RevMan draws forest plots, so both sides have room
for what they favour. The SVG uses presentation attributes only, because the site's
Content-Security-Policy forbids inline styles; it takes its font from the page.
"""

import functools
import math
import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from itertools import count

from django.utils.text import capfirst
from markupsafe import Markup

from .grade import Certainty

WIDTH = 720
MARGIN = 16
PLOT_LEFT, PLOT_RIGHT = 56, 424
SIDE_LEFT = 448  # the column beside the plot: numbers, then certainty
FONT_SIZE = 15
LINE = 20
BASELINE = 15  # from the top of a line of text to its baseline
ROW_GAP = 12
GAP = 8
TICK = 6
MARK = 10  # the side of an estimate's square
DOT = 5  # the radius of a GRADE mark
CAP = 5  # half the height of a CI's end caps
# Wrapping assumes broad glyphs, so text stays inside the figure in whatever font the page uses.
CHAR_WIDTH = 0.55 * FONT_SIZE
BOLD_CHAR_WIDTH = 0.7 * FONT_SIZE
TEXT = "#1c2329"  # the site's --text: 15.6:1 on white
MUTED = "#4d5964"  # the site's --muted: 7.2:1 on white
RULE = "#d8dcdf"
WHITE = "#fff"

# GRADE's own notation: one filled mark per level of certainty, out of four.
_GRADE_MARKS = {Certainty.HIGH: 4, Certainty.MODERATE: 3, Certainty.LOW: 2, Certainty.VERY_LOW: 1}
# Up to a factor of 10 either side of no effect, the ticks readers of forest plots expect.
_RATIO_AXES = tuple(
    (Decimal(end), tuple(map(Decimal, ticks.split())))
    for end, ticks in (("2", "0.5 1 2"), ("4", "0.25 0.5 1 2 4"), ("10", "0.1 0.25 0.5 1 2 4 10"))
)
# XML 1.0 cannot carry C0 control characters other than whitespace, nor lone surrogates.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class _Family:
    key: str
    title: str
    noun: str
    is_ratio: bool
    null: Decimal
    scale: str


_FAMILIES = (
    _Family(
        "ratio", "Ratio measures", "Ratio", True, Decimal(1), "a log scale where 1 means no effect"
    ),
    _Family(
        "difference",
        "Difference measures",
        "Difference",
        False,
        Decimal(0),
        "a linear scale where 0 means no difference",
    ),
)


@dataclass(frozen=True)
class ForestRow:
    """One outcome as the figure draws it and the table lists it."""

    name: str
    measure: str
    measure_label: str
    estimate: Decimal
    ci_lower: Decimal | None
    ci_upper: Decimal | None
    estimate_text: str
    ci_range: str  # '0.97 to 1.66', or '' when the review gave no CI
    certainty: str
    certainty_label: str
    studies_text: str
    higher_is_better: bool
    favours_text: str  # the side the estimate falls on, e.g. 'control'

    @property
    def label(self):
        """'All-cause death (risk ratio)'."""
        return f"{self.name} ({self.measure_label})"

    @property
    def measure_text(self):
        """'Risk ratio (RR)'."""
        return f"{capfirst(self.measure_label)} ({self.measure})"

    @property
    def numbers_text(self):
        """'RR 1.27 (0.97 to 1.66)'."""
        return f"{self.measure} {self.estimate_text} ({self.ci_range or 'CI not reported'})"


@dataclass(frozen=True)
class ForestPanel:
    """The outcomes of one family of measures: a figure, and its rows for the table."""

    id: str
    title: str
    caption: str
    rows: tuple[ForestRow, ...]
    svg: Markup


def forest_panels(outcomes, intervention, id_prefix):
    """A panel per family of measures among `outcomes` (monograph documents), ratios first.

    `id_prefix` keeps the ids of the figures unique when a page shows more than one forest.
    """
    panels = []
    for family in _FAMILIES:
        members = [outcome for outcome in outcomes if outcome["is_ratio"] == family.is_ratio]
        if members:
            panels.append(_panel(family, members, intervention, f"{id_prefix}-{family.key}"))
    return panels


def _panel(family, outcomes, intervention, panel_id):
    rows = tuple(_row(outcome, family.null, intervention) for outcome in outcomes)
    values = [
        value
        for row in rows
        for value in (row.estimate, row.ci_lower, row.ci_upper)
        if value is not None
    ]
    axis = _ratio_axis(values) if family.is_ratio else _difference_axis(values)
    title = f"{family.title} for {intervention}"
    return ForestPanel(
        id=panel_id,
        title=title,
        caption=(
            f"Squares mark estimates and lines their 95% confidence intervals, on {family.scale}."
        ),
        rows=rows,
        svg=Markup(_figure(panel_id, title, rows, axis, _axis_title(family, rows), intervention)),
    )


def _row(outcome, null, intervention):
    estimate = Decimal(outcome["estimate"])
    lower, upper = (
        None if outcome[key] is None else Decimal(outcome[key]) for key in ("ci_lower", "ci_upper")
    )
    return ForestRow(
        name=capfirst(" ".join(outcome["name"].split())),
        measure=outcome["measure"],
        measure_label=outcome["measure_label"],
        estimate=estimate,
        ci_lower=lower,
        ci_upper=upper,
        estimate_text=outcome["estimate_text"],
        ci_range=outcome["ci_text"].removeprefix("95% CI "),
        certainty=outcome["certainty"],
        certainty_label=outcome["certainty_label"],
        studies_text=_studies_text(outcome["studies"], outcome["participants"]),
        higher_is_better=outcome["higher_is_better"],
        favours_text=_favours_text(
            estimate, lower, upper, null, outcome["higher_is_better"], intervention
        ),
    )


def _favours_text(estimate, lower, upper, null, higher_is_better, intervention):
    """Which side the estimate favours, and whether its CI reaches no effect."""
    if estimate == null:
        return "neither side"
    side = intervention if (estimate > null) == higher_is_better else "control"
    if lower is not None and lower <= null <= upper:
        return f"{side} (95% CI includes no effect)"
    return side


def _studies_text(studies, participants):
    """'6 studies, 597 participants', or 'Not reported'."""
    parts = []
    if studies is not None:
        parts.append(f"{studies:,} stud{'y' if studies == 1 else 'ies'}")
    if participants is not None:
        parts.append(f"{participants:,} participant{'' if participants == 1 else 's'}")
    return ", ".join(parts) or "Not reported"


def _sides(higher_is_better, intervention):
    """What results left and right of the line of no effect favour."""
    favoured = f"favours {intervention}"
    return ("favours control", favoured) if higher_is_better else (favoured, "favours control")


def _axis_title(family, rows):
    measures = {row.measure_label for row in rows}
    name = capfirst(measures.pop()) if len(measures) == 1 else family.noun
    return f"{name} (log scale)" if family.is_ratio else name


# --- Axes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Axis:
    is_log: bool
    ticks: tuple[Decimal, ...]  # symmetric about no effect; the first and last are its ends

    @property
    def null(self):
        return self.ticks[len(self.ticks) // 2]

    def x(self, value):
        """Where `value` sits across the plot."""
        low, high = self._scale(self.ticks[0]), self._scale(self.ticks[-1])
        return PLOT_LEFT + (self._scale(value) - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT)

    def _scale(self, value):
        return math.log10(value) if self.is_log else float(value)


def _ratio_axis(values):
    """A log axis from 1/end to end, end the first round number as far from 1 as any value."""
    reach = max(max(value, 1 / value) for value in values)
    for end, ticks in _RATIO_AXES:
        if reach <= end:
            return _Axis(is_log=True, ticks=ticks)
    decades = reach.adjusted() + (reach > Decimal(10) ** reach.adjusted())
    # Beyond a factor of 10, a tick every `step` powers of 10, thinned until their labels fit.
    for step in count(1):
        steps = -(-decades // step)
        ticks = tuple(Decimal(10) ** (step * power) for power in range(-steps, steps + 1))
        if steps == 1 or _labels_fit(ticks):
            return _Axis(is_log=True, ticks=ticks)


def _difference_axis(values):
    """A linear axis from -end to end, end a round number at least as far from 0 as any value."""
    reach = max(abs(value) for value in values)
    unit = Decimal(10) ** reach.adjusted() if reach else Decimal(1)
    end = next(unit * multiple for multiple in (1, 2, 4, 5, 10) if unit * multiple >= reach)
    ticks = (-end, -end / 2, Decimal(0), end / 2, end)
    return _Axis(is_log=False, ticks=ticks if _labels_fit(ticks) else ticks[::2])


def _labels_fit(ticks):
    """Whether the labels of evenly spaced ticks clear each other."""
    spacing = (PLOT_RIGHT - PLOT_LEFT) / (len(ticks) - 1)
    return spacing >= max(len(_tick_text(tick)) for tick in ticks) * CHAR_WIDTH + GAP


def _tick_text(value):
    """Decimal('1E+2') -> '100', Decimal('0.50') -> '0.5'."""
    return format(value.normalize(), "f")


# --- Drawing -------------------------------------------------------------------------------------


def _figure(panel_id, title, rows, axis, axis_title, intervention):
    """The panel's SVG: a labelled image, one row per outcome above a shared axis."""
    shared = {row.higher_is_better for row in rows}
    shared_sides = _sides(shared.pop(), intervention) if len(shared) == 1 else None
    drawn, top = [], MARGIN
    for row in rows:
        row_sides = None if shared_sides else _sides(row.higher_is_better, intervention)
        group, top = _draw_row(row, axis, top, row_sides)
        drawn.append(group)
    axis_group, bottom = _draw_axis(axis, top, axis_title, shared_sides)
    description = _description(rows, axis, axis_title, shared_sides, intervention)
    return _tag(
        "svg",
        _tag("title", title, id=f"{panel_id}-title"),
        _tag("desc", description, id=f"{panel_id}-desc"),
        *drawn,
        axis_group,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {_attribute_value(bottom + MARGIN)}",
        width="100%",
        role="img",
        aria_labelledby=f"{panel_id}-title",
        aria_describedby=f"{panel_id}-desc",
        font_size=FONT_SIZE,
        fill=TEXT,
    )


def _description(rows, axis, axis_title, shared_sides, intervention):
    """The figure in words: its axis, its sides, then each outcome."""
    first, null, last = (_tick_text(tick) for tick in (axis.ticks[0], axis.null, axis.ticks[-1]))
    sentences = [f"{axis_title} from {first} to {last}; the line of no effect is at {null}."]
    if shared_sides:
        sentences.append(f"Left of the line {shared_sides[0]}, right of it {shared_sides[1]}.")
    else:
        sentences.append(f"Which side favours {intervention} differs by outcome.")
    sentences += [
        f"{row.label}: {row.numbers_text}, {_certainty_text(row).lower()}; "
        f"the estimate favours {row.favours_text}."
        for row in rows
    ]
    return " ".join(sentences)


def _draw_row(row, axis, top, sides):
    """One outcome: its label, then its CI and estimate beside its numbers and certainty.

    `sides` are the row's own 'favours' labels, for a panel whose outcomes differ in which
    direction is desirable. Returns the row and where the next one starts.
    """
    label = _wrap(row.label, WIDTH - 2 * MARGIN, BOLD_CHAR_WIDTH)
    body = top + len(label) * LINE
    numbers = _wrap(row.numbers_text, WIDTH - MARGIN - SIDE_LEFT)
    favours, favours_lines = (
        _favours(axis, sides, body + LINE + BASELINE, SIDE_LEFT - GAP) if sides else ([], 0)
    )
    end = body + max(len(numbers) + 1, 1 + favours_lines) * LINE + ROW_GAP
    null = axis.x(axis.null)
    return _tag(
        "g",
        # The line of no effect runs through each row's plot, never through the label above it.
        _tag("line", x1=null, y1=body, x2=null, y2=end, stroke=MUTED, class_="forest-null"),
        _lines(label, MARGIN, top + BASELINE, font_weight="bold", class_="forest-label"),
        _lines(numbers, SIDE_LEFT, body + BASELINE, class_="forest-numbers"),
        *_certainty(row, body + len(numbers) * LINE + BASELINE),
        *favours,
        *_interval(row, axis, body + LINE / 2),
        _tag("line", x1=MARGIN, y1=end, x2=WIDTH - MARGIN, y2=end, stroke=RULE),
        class_="forest-row",
    ), end


def _interval(row, axis, y):
    """The CI as a line with end caps, and the estimate as a square on it."""
    parts = []
    if row.ci_lower is not None:
        lower, upper = axis.x(row.ci_lower), axis.x(row.ci_upper)
        parts.append(
            _tag(
                "line",
                x1=lower,
                y1=y,
                x2=upper,
                y2=y,
                stroke=TEXT,
                stroke_width=2,
                class_="forest-ci",
            )
        )
        parts += [
            _tag("line", x1=x, y1=y - CAP, x2=x, y2=y + CAP, stroke=TEXT, stroke_width=2)
            for x in (lower, upper)
        ]
    centre = axis.x(row.estimate)
    square = {"x": centre - MARK / 2, "y": y - MARK / 2, "width": MARK, "height": MARK}
    parts.append(_tag("rect", **square, fill=TEXT, class_="forest-estimate"))
    return parts


def _certainty_text(row):
    if row.certainty == Certainty.NOT_GRADED:
        return row.certainty_label
    return f"{row.certainty_label} certainty"


def _certainty(row, baseline):
    """GRADE's filled and empty marks, then the certainty in words."""
    filled = _GRADE_MARKS.get(row.certainty)
    if filled is None:
        return [
            _tag("text", row.certainty_label, x=SIDE_LEFT, y=baseline, class_="forest-certainty")
        ]
    marks = [
        _tag(
            "circle",
            cx=SIDE_LEFT + DOT + 1 + mark * (2 * DOT + 3),
            cy=baseline - DOT,
            r=DOT,
            fill=TEXT if mark < filled else WHITE,
            stroke=TEXT,
            stroke_width=1.5,
            class_="forest-grade-filled" if mark < filled else "forest-grade-empty",
        )
        for mark in range(4)
    ]
    text_x = SIDE_LEFT + 4 * (2 * DOT + 3) + 3
    words = _tag("text", _certainty_text(row), x=text_x, y=baseline, class_="forest-certainty")
    return [*marks, words]


def _favours(axis, sides, baseline, right_edge):
    """'← favours X' ending left of the line of no effect, 'favours Y →' starting right of it."""
    null = axis.x(axis.null)
    left = _wrap(f"← {sides[0]}", null - GAP - MARGIN)
    right = _wrap(f"{sides[1]} →", right_edge - null - GAP)
    labels = [
        _lines(left, null - GAP, baseline, text_anchor="end", fill=MUTED, class_="forest-favours"),
        _lines(right, null + GAP, baseline, fill=MUTED, class_="forest-favours"),
    ]
    return labels, max(len(left), len(right))


def _draw_axis(axis, top, title, sides):
    """The axis line, ticks and their labels, its title, and the shared 'favours' labels."""
    parts = [_tag("line", x1=PLOT_LEFT, y1=top, x2=PLOT_RIGHT, y2=top, stroke=TEXT)]
    for tick in axis.ticks:
        x = axis.x(tick)
        parts += [
            _tag("line", x1=x, y1=top, x2=x, y2=top + TICK, stroke=TEXT),
            _tag(
                "text",
                _tick_text(tick),
                x=x,
                y=top + TICK + BASELINE,
                text_anchor="middle",
                class_="forest-tick-label",
            ),
        ]
    title_baseline = top + TICK + LINE + BASELINE
    null = axis.x(axis.null)
    parts.append(
        _tag(
            "text",
            title,
            x=null,
            y=title_baseline,
            text_anchor="middle",
            font_weight="bold",
            class_="forest-axis-title",
        )
    )
    bottom = top + TICK + 2 * LINE
    if sides:
        favours, lines = _favours(axis, sides, title_baseline + LINE, WIDTH - MARGIN)
        parts += favours
        bottom += lines * LINE
    return _tag("g", *parts, class_="forest-axis"), bottom


# --- SVG markup ----------------------------------------------------------------------------------


def _wrap(text, width, char_width=CHAR_WIDTH):
    """`text` in lines that fit `width`, breaking words only when a word alone is wider."""
    return textwrap.wrap(text, max(int(width // char_width), 1)) or [""]


def _lines(lines, x, baseline, **attributes):
    """A text of one or more lines, the first on `baseline`."""
    spans = [
        _tag("tspan", line, x=x, y=baseline + index * LINE) for index, line in enumerate(lines)
    ]
    return _tag("text", *spans, x=x, y=baseline, **attributes)


def _tag(name, *content, **attributes):
    """An SVG element. Text content and attribute values are escaped; elements are not.

    Built with plain string operations: a page draws hundreds of elements on every uncached
    request, and Markup.format() per element cost more than rendering the rest of the page.
    """
    markup = [f"<{name}"]
    for key, value in attributes.items():
        markup.append(f' {_attribute_name(key)}="{_attribute_value(value)}"')
    if not content:
        markup.append("/>")
        return _Element("".join(markup))
    markup.append(">")
    for part in content:
        markup.append(part if isinstance(part, _Element) else _escaped(part))
    markup.append(f"</{name}>")
    return _Element("".join(markup))


class _Element(str):
    """SVG markup _tag() built: escaped already, so never escaped again."""

    __slots__ = ()


@functools.cache
def _attribute_name(keyword):
    """class_ -> class, stroke_width -> stroke-width."""
    return keyword.rstrip("_").replace("_", "-")


def _attribute_value(value):
    """Coordinates to two decimals without trailing zeros; numbers need no escaping."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return str(value)
    return _escaped(value)


@functools.lru_cache(maxsize=4096)  # the same colours, classes and labels, figure after figure
def _escaped(text):
    return escape(_xml(text), quote=True)


def _xml(text):
    return _NOT_XML.sub("", str(text))
