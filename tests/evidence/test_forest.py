"""Forest plots: each outcome drawn on the server as SVG, with the same numbers in a table.

Geometry is read back from the SVG with an XML parser and checked against the axis the figure
itself labels, so a test fails when a point is drawn where its tick labels say it is not.
"""

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.conf import settings
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from compounds.working_copy.document import build_monograph, monograph_queryset
from evidence.forest import forest_panels
from evidence.grade import Certainty
from evidence.models import RATIO_MEASURES, Measure
from evidence.numbers import format_decimal

SVG = "{http://www.w3.org/2000/svg}"
INTERVENTION = "Cerebrolysin"
FIGURE_ELEMENTS = {
    "svg", "g", "line", "rect", "circle", "path", "polygon", "text", "tspan", "title", "desc",
}  # fmt: skip


def outcome(
    name="all-cause death",
    measure="RR",
    estimate="0.96",
    ci=("0.70", "1.32"),
    certainty="moderate",
    higher_is_better=False,
    studies=9,
    participants=1879,
):
    """An outcome as the monograph document carries it (see compounds/working_copy/document.py)."""
    lower, upper = ci or (None, None)
    return {
        "tag": re.sub(r"\W+", "-", name.lower()),
        "name": name,
        "measure": measure,
        "measure_label": Measure(measure).label,
        "is_ratio": measure in RATIO_MEASURES,
        "estimate": estimate,
        "ci_lower": lower,
        "ci_upper": upper,
        "estimate_text": format_decimal(Decimal(estimate)),
        "ci_text": (
            f"95% CI {format_decimal(Decimal(lower))} to {format_decimal(Decimal(upper))}"
            if ci
            else ""
        ),
        "certainty": certainty,
        "certainty_label": Certainty(certainty).label,
        "higher_is_better": higher_is_better,
        "studies": studies,
        "participants": participants,
        "is_key": True,
    }


def benefit(**fields):
    return outcome(
        **{
            "name": "general cognition (MMSE)",
            "measure": "WMD",
            "estimate": "1.10",
            "ci": ("0.37", "1.82"),
            "certainty": "low",
            "higher_is_better": True,
            **fields,
        }
    )


def monograph_outcomes(document):
    """Every outcome of a monograph document, in page order."""
    return [
        outcome
        for area in document["evidence"]["areas"]
        for review in area["reviews"]
        for outcome in review["outcomes"]
    ]


def render_forest(forest):
    """The forest partial as plain Jinja2 with autoescape on, as the public site renders it."""
    environment = Environment(
        loader=FileSystemLoader(settings.BASE_DIR / "templates" / "jinja2"),
        autoescape=True,
        undefined=StrictUndefined,
    )
    return environment.get_template("evidence/_forest.html").render(forest=forest)


def drawing(panel):
    return ET.fromstring(str(panel.svg))


def of_class(element, name):
    return [child for child in element.iter() if name in child.get("class", "").split()]


def text_of(element):
    return " ".join(" ".join(element.itertext()).split())


def texts(element, name):
    return [text_of(child) for child in of_class(element, name)]


def number(element, attribute):
    return float(element.get(attribute))


def null_x(svg):
    """The x of the line of no effect, drawn as one vertical line however many pieces it has."""
    xs = {number(line, key) for line in of_class(svg, "forest-null") for key in ("x1", "x2")}
    assert len(xs) == 1, xs
    return xs.pop()


def ticks(svg):
    return {text_of(label): number(label, "x") for label in of_class(svg, "forest-tick-label")}


def position(svg, value, log):
    """Where the figure's own outermost tick labels say `value` belongs."""
    (low, x_low), *_, (high, x_high) = sorted(
        ((Decimal(label), x) for label, x in ticks(svg).items()), key=lambda tick: tick[0]
    )
    scale = math.log10 if log else float
    fraction = (scale(Decimal(value)) - scale(low)) / (scale(high) - scale(low))
    return x_low + fraction * (x_high - x_low)


def rows(svg):
    return of_class(svg, "forest-row")


def only(element, name):
    (found,) = of_class(element, name)
    return found


def point_x(row):
    point = only(row, "forest-estimate")
    return number(point, "x") + number(point, "width") / 2


def whisker(row):
    line = only(row, "forest-ci")
    return number(line, "x1"), number(line, "x2")


def viewbox(svg):
    return [float(value) for value in svg.get("viewBox").split()]


# --- Axes ----------------------------------------------------------------------------------------


def test_ratio_axis_is_logarithmic_with_no_effect_at_one():
    (panel,) = forest_panels([outcome(estimate="1", ci=("0.5", "2"))], INTERVENTION, "forest")
    svg = drawing(panel)
    null = null_x(svg)
    tick = ticks(svg)
    assert tick["1"] == pytest.approx(null)
    assert null - tick["0.5"] == pytest.approx(tick["2"] - null)
    lower, upper = whisker(only(svg, "forest-row"))
    assert null - lower == pytest.approx(upper - null)
    assert upper > null


def test_on_the_log_axis_equal_ratios_are_equal_steps():
    (panel,) = forest_panels([outcome(estimate="1", ci=("0.25", "4"))], INTERVENTION, "forest")
    tick = ticks(drawing(panel))
    assert tick["0.5"] - tick["0.25"] == pytest.approx(tick["1"] - tick["0.5"])
    assert tick["4"] - tick["2"] == pytest.approx(tick["2"] - tick["1"])


def test_difference_axis_is_linear_with_no_effect_at_zero():
    outcomes = [benefit(measure="MD", estimate="-2", ci=("-3", "-1"))]
    (panel,) = forest_panels(outcomes, INTERVENTION, "forest")
    svg = drawing(panel)
    tick = ticks(svg)
    assert tick["0"] == pytest.approx(null_x(svg))
    assert tick["0"] - tick["-2"] == pytest.approx(tick["-2"] - tick["-4"])
    lower, upper = whisker(only(svg, "forest-row"))
    assert upper - lower == pytest.approx(tick["0"] - tick["-2"])
    assert upper < null_x(svg)


@pytest.mark.parametrize(
    "outcomes",
    [
        [outcome(estimate="2.39", ci=("1.10", "5.23")), outcome(estimate="0.5", ci=("0.3", "0.8"))],
        [outcome(estimate="1", ci=("0.01", "100")), outcome(estimate="0.8", ci=("0.8", "1.2"))],
        [outcome(measure="OR", estimate="1.5", ci=("1.5", "1.5"))],
        [benefit(), benefit(measure="SMD", estimate="-0.4", ci=("-0.9", "0.1"))],
        [benefit(measure="MD", estimate="-12", ci=("-30", "5")), benefit(estimate="0", ci=None)],
    ],
    ids=["ratios", "wide-and-on-a-bound", "zero-width", "differences", "negative-and-no-ci"],
)
def test_whiskers_span_each_ci_and_points_sit_on_the_estimate(outcomes):
    (panel,) = forest_panels(outcomes, INTERVENTION, "forest")
    svg = drawing(panel)
    log = outcomes[0]["is_ratio"]
    for row, document in zip(rows(svg), outcomes, strict=True):
        centre = point_x(row)
        assert centre == pytest.approx(position(svg, document["estimate"], log), abs=0.02)
        if document["ci_lower"] is None:
            assert not of_class(row, "forest-ci")
            continue
        lower, upper = whisker(row)
        assert lower == pytest.approx(position(svg, document["ci_lower"], log), abs=0.02)
        assert upper == pytest.approx(position(svg, document["ci_upper"], log), abs=0.02)
        assert lower <= centre <= upper


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([outcome(estimate="1.27", ci=("0.97", "1.66"))], ["0.5", "1", "2"]),
        ([outcome(estimate="0.5", ci=("0.3", "0.8"))], ["0.25", "0.5", "1", "2", "4"]),
        (
            [outcome(estimate="2.39", ci=("1.10", "5.23"))],
            ["0.1", "0.25", "0.5", "1", "2", "4", "10"],
        ),
        ([outcome(estimate="1", ci=("0.01", "100"))], ["0.01", "0.1", "1", "10", "100"]),
        ([benefit()], ["-2", "-1", "0", "1", "2"]),
        ([benefit(estimate="0.4", ci=("0.1", "0.7"))], ["-1", "-0.5", "0", "0.5", "1"]),
        ([benefit(measure="MD", estimate="-12", ci=("-30", "5"))], ["-40", "-20", "0", "20", "40"]),
        ([benefit(estimate="0", ci=("0", "0"))], ["-1", "-0.5", "0", "0.5", "1"]),
        ([outcome(estimate="1", ci=("1", "1"))], ["0.5", "1", "2"]),
    ],
    ids=[
        "close-to-1",
        "within-4",
        "within-10",
        "two-decades",
        "wmd",
        "smd",
        "negative-md",
        "all-zero",
        "all-one",
    ],
)
def test_axis_ticks_are_round_numbers_symmetric_about_no_effect(outcomes, expected):
    (panel,) = forest_panels(outcomes, INTERVENTION, "forest")
    labels = sorted(ticks(drawing(panel)), key=Decimal)
    assert labels == expected


@pytest.mark.parametrize(
    ("lower", "upper"),
    [("0.0001", "99999999.9999"), ("0.004", "2"), ("0.9", "30000"), ("0.0001", "0.0001")],
)
def test_ratio_ticks_cover_every_ci_even_across_many_decades(lower, upper):
    (panel,) = forest_panels([outcome(estimate=lower, ci=(lower, upper))], INTERVENTION, "f")
    labels = sorted(Decimal(label) for label in ticks(drawing(panel)))
    assert labels[0] <= Decimal(lower)
    assert labels[-1] >= Decimal(upper)
    assert labels[0] * labels[-1] == 1
    assert 3 <= len(labels) <= 9


# --- Panels and rows -----------------------------------------------------------------------------


def test_ratio_and_difference_measures_are_drawn_in_separate_panels():
    outcomes = [
        outcome(),
        benefit(),
        outcome(name="stroke", measure="HR"),
        benefit(name="function", measure="SMD"),
    ]
    ratio, difference = forest_panels(outcomes, INTERVENTION, "forest")
    assert texts(drawing(ratio), "forest-label") == [
        "All-cause death (risk ratio)",
        "Stroke (hazard ratio)",
    ]
    assert texts(drawing(difference), "forest-label") == [
        "General cognition (MMSE) (weighted mean difference)",
        "Function (standardised mean difference)",
    ]
    assert "log scale" in text_of(only(drawing(ratio), "forest-axis-title"))
    assert "log scale" not in text_of(only(drawing(difference), "forest-axis-title"))


@pytest.mark.parametrize(
    ("outcomes", "families"),
    [([outcome()], ["ratio"]), ([benefit()], ["difference"]), ([], [])],
)
def test_a_family_without_outcomes_draws_no_panel(outcomes, families):
    panels = forest_panels(outcomes, INTERVENTION, "forest")
    assert [panel.id for panel in panels] == [f"forest-{family}" for family in families]


def test_every_outcome_shows_the_same_numbers_in_the_figure_and_the_table():
    outcomes = [
        outcome(),
        outcome(name="stroke", estimate="1.27", ci=("0.97", "1.66")),
        outcome(name="deaths <30 days", estimate="0.96", ci=None),
        benefit(),
    ]
    panels = forest_panels(outcomes, INTERVENTION, "forest")
    figure_numbers = [texts(row, "forest-numbers") for p in panels for row in rows(drawing(p))]
    table = ET.fromstring(f"<div>{render_forest(panels)}</div>")
    table_rows = [
        [text_of(cell) for cell in tr] for tr in table.iter("tr") if tr.find("td") is not None
    ]
    assert [cells[0] for cells in table_rows] == [
        "All-cause death",
        "Stroke",
        "Deaths <30 days",
        "General cognition (MMSE)",
    ]
    assert [cells[2:4] for cells in table_rows] == [
        ["0.96", "0.70 to 1.32"],
        ["1.27", "0.97 to 1.66"],
        ["0.96", "Not reported"],
        ["1.10", "0.37 to 1.82"],
    ]
    assert figure_numbers == [
        ["RR 0.96 (0.70 to 1.32)"],
        ["RR 1.27 (0.97 to 1.66)"],
        ["RR 0.96 (CI not reported)"],
        ["WMD 1.10 (0.37 to 1.82)"],
    ]
    for document, numbers in zip(outcomes, figure_numbers, strict=True):
        assert document["estimate_text"] in numbers[0]
        assert document["ci_text"].removeprefix("95% CI ") in numbers[0]


def test_each_row_shows_its_grade_certainty_as_words_and_filled_marks():
    outcomes = [outcome(name=value, certainty=value) for value in Certainty.values]
    (panel,) = forest_panels(outcomes, INTERVENTION, "forest")
    shown = [
        (text_of(only(row, "forest-certainty")), len(of_class(row, "forest-grade-filled")))
        for row in rows(drawing(panel))
    ]
    assert shown == [
        ("High certainty", 4),
        ("Moderate certainty", 3),
        ("Low certainty", 2),
        ("Very low certainty", 1),
        ("Not graded", 0),
    ]
    marks = [len(of_class(row, "forest-grade-empty")) for row in rows(drawing(panel))]
    assert marks == [0, 1, 2, 3, 0]


# --- What each side favours ----------------------------------------------------------------------


def favours_sides(element, svg):
    """The 'favours' labels in `element` as {label: 'left' or 'right' of the line of no effect}."""
    null = null_x(svg)
    return {
        text_of(label).strip("←→ "): "left" if number(label, "x") < null else "right"
        for label in of_class(element, "forest-favours")
    }


def test_for_harms_results_left_of_no_effect_favour_the_intervention():
    outcomes = [outcome(), outcome(name="stroke", estimate="2.39", ci=("1.10", "5.23"))]
    (panel,) = forest_panels(outcomes, INTERVENTION, "forest")
    svg = drawing(panel)
    assert favours_sides(svg, svg) == {
        "favours Cerebrolysin": "left",
        "favours control": "right",
    }
    assert not [row for row in rows(svg) if of_class(row, "forest-favours")]


def test_for_benefits_results_right_of_no_effect_favour_the_intervention():
    (panel,) = forest_panels([benefit(), benefit(name="memory")], INTERVENTION, "forest")
    svg = drawing(panel)
    assert favours_sides(svg, svg) == {
        "favours control": "left",
        "favours Cerebrolysin": "right",
    }


def test_a_panel_mixing_harms_and_benefits_labels_each_row_instead_of_the_axis():
    outcomes = [
        outcome(name="response", estimate="1.4", ci=("1.1", "1.8"), higher_is_better=True),
        outcome(name="adverse events", estimate="1.4", ci=("1.1", "1.8")),
    ]
    (panel,) = forest_panels(outcomes, INTERVENTION, "forest")
    svg = drawing(panel)
    response, adverse = rows(svg)
    assert favours_sides(response, svg) == {
        "favours control": "left",
        "favours Cerebrolysin": "right",
    }
    assert favours_sides(adverse, svg) == {
        "favours Cerebrolysin": "left",
        "favours control": "right",
    }
    assert len(of_class(svg, "forest-favours")) == 4, "no shared label under the axis"


def test_the_table_says_which_side_each_estimate_favours():
    outcomes = [
        outcome(name="non-fatal serious adverse events", estimate="2.39", ci=("1.10", "5.23")),
        outcome(name="all-cause death", estimate="0.96", ci=None),
        outcome(name="stroke", estimate="0.8", ci=("0.6", "1.05")),
        outcome(name="falls", estimate="1", ci=("0.8", "1.25")),
        benefit(),
        benefit(name="function", estimate="-0.2", ci=("-0.5", "0.1")),
    ]
    panels = forest_panels(outcomes, INTERVENTION, "forest")
    assert [row.favours_text for panel in panels for row in panel.rows] == [
        "control",
        "Cerebrolysin",
        "Cerebrolysin (95% CI includes no effect)",
        "neither side",
        "Cerebrolysin",
        "control (95% CI includes no effect)",
    ]


# --- Robustness ----------------------------------------------------------------------------------

COORDINATES = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy"}

EXTREMES = {
    "wide-ratio": [outcome(estimate="1", ci=("0.01", "100"))],
    "zero-width-ci": [outcome(estimate="1.5", ci=("1.5", "1.5"))],
    "estimate-on-a-bound": [outcome(estimate="0.8", ci=("0.8", "1.2"))],
    "ratio-at-the-column-limits": [
        outcome(measure="OR", estimate="0.0001", ci=("0.0001", "99999999.9999"))
    ],
    "huge-differences": [
        benefit(measure="MD", estimate="99999999.9999", ci=("-99999999.9999", "99999999.9999"))
    ],
    "tiny-differences": [benefit(estimate="0.0001", ci=("-0.0001", "0.0003"))],
    "negative-differences": [benefit(measure="MD", estimate="-5.5", ci=("-7.25", "-3"))],
    "no-ci": [outcome(estimate="0.96", ci=None)],
    "no-effect-at-all": [benefit(estimate="0", ci=("0", "0")), outcome(estimate="1", ci=None)],
    "many-rows": [
        outcome(name=f"outcome {n}", estimate=str(n / 10), ci=(str(n / 20), str(n / 5)))
        for n in range(1, 41)
    ],
    "long-texts": [
        outcome(name="x" * 200, studies=None, participants=None),
        benefit(name="a very long outcome name " * 8),
    ],
}


@pytest.mark.parametrize("outcomes", list(EXTREMES.values()), ids=list(EXTREMES))
@pytest.mark.parametrize("intervention", [INTERVENTION, "Y" * 120])
def test_extreme_and_degenerate_values_draw_finite_shapes_inside_the_viewbox(
    outcomes, intervention
):
    panels = forest_panels(outcomes, intervention, "forest")
    assert panels
    for panel in panels:
        svg = drawing(panel)
        left, top, width, height = viewbox(svg)
        assert (left, top) == (0, 0)
        assert 0 < width < math.inf
        assert 0 < height < math.inf
        for element in svg.iter():
            for attribute in COORDINATES & set(element.attrib):
                value = number(element, attribute)
                limit = width if attribute.startswith("x") or attribute == "cx" else height
                assert 0 <= value <= limit, (element.tag, attribute, value)
            if element.tag == f"{SVG}rect":
                assert number(element, "x") + number(element, "width") <= width
                assert number(element, "y") + number(element, "height") <= height
            if element.tag == f"{SVG}circle":
                r = number(element, "r")
                assert r <= number(element, "cx") <= width - r
                assert r <= number(element, "cy") <= height - r
        assert len(rows(svg)) == len(panel.rows)


def test_a_long_outcome_name_wraps_onto_lines_that_keep_every_word():
    name = "a very long outcome name " * 8
    (panel,) = forest_panels([benefit(name=name)], INTERVENTION, "forest")
    label = only(drawing(panel), "forest-label")
    lines = [text_of(line) for line in label]
    assert len(lines) > 1
    assert " ".join(lines) == f"{name.strip().capitalize()} (weighted mean difference)"


# --- Markup --------------------------------------------------------------------------------------


def test_hostile_text_is_escaped_and_stays_text():
    name = "</text><script>alert(1)</script> & \"double\" 'single' <b>\x01"
    intervention = '<Cerebro & "lysin">'
    (panel,) = forest_panels([outcome(name=name)], intervention, 'x"><script>')
    svg = drawing(panel)
    assert {element.tag.removeprefix(SVG) for element in svg.iter()} <= FIGURE_ELEMENTS
    visible = " ".join(svg.itertext())
    assert name.rstrip("\x01") in visible
    assert 'favours <Cerebro & "lysin">' in visible
    ids = [element.get("id") for element in svg.iter() if element.get("id")]
    assert ids
    assert all(i.startswith('x"><script>-') for i in ids)


def test_the_figure_is_a_labelled_image_with_no_styles_scripts_or_links():
    (panel,) = forest_panels([outcome()], INTERVENTION, "forest")
    source = str(panel.svg)
    svg = drawing(panel)
    assert svg.get("role") == "img"
    title, desc, *_ = list(svg)
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    assert text_of(title) == "Ratio measures for Cerebrolysin"
    assert "RR 0.96 (0.70 to 1.32)" in text_of(desc)
    assert svg.get("width") == "100%"
    assert svg.get("height") is None
    assert "style" not in source
    assert "href" not in source
    assert "script" not in source
    assert "foreignObject" not in source
    assert not [
        element for element in svg.iter() if any(k.startswith("on") for k in element.attrib)
    ]


def relative_luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour):
    return 1.05 / (relative_luminance(colour) + 0.05)


def test_text_is_large_enough_and_dark_enough_on_white():
    panels = forest_panels([outcome(), benefit(), outcome(name="x", certainty="low")], "C", "f")
    for panel in panels:
        svg = drawing(panel)
        inherited = {svg: (svg.get("font-size"), svg.get("fill"))}
        for parent in svg.iter():
            for child in parent:
                size, fill = inherited[parent]
                inherited[child] = (child.get("font-size", size), child.get("fill", fill))
        for element, (size, fill) in inherited.items():
            if element.tag in (f"{SVG}text", f"{SVG}tspan"):
                assert float(size) >= 12, text_of(element)
                assert contrast_on_white(fill) >= 4.5, (text_of(element), fill)
        for name in ("forest-ci", "forest-null", "forest-estimate", "forest-grade-empty"):
            for element in of_class(svg, name):
                colour = element.get("stroke") or inherited[element][1]
                assert contrast_on_white(colour) >= 3, name


def test_ids_are_unique_on_a_page_and_carry_the_prefix():
    outcomes = [outcome(), benefit()]
    page = render_forest(forest_panels(outcomes, INTERVENTION, "monograph-forest"))
    page += render_forest(forest_panels(outcomes, INTERVENTION, "area-forest"))
    tree = ET.fromstring(f"<div>{page}</div>")
    ids = [element.get("id") for element in tree.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) >= 8
    assert all(i.startswith(("monograph-forest-", "area-forest-")) for i in ids)
    references = [
        reference
        for element in tree.iter()
        for key in ("aria-labelledby", "aria-describedby")
        for reference in element.get(key, "").split()
    ]
    assert references
    assert set(references) <= set(ids)


def test_the_partial_shows_each_panel_as_a_figure_followed_by_its_table():
    panels = forest_panels([outcome(), benefit()], INTERVENTION, "forest")
    tree = ET.fromstring(f"<div>{render_forest(panels)}</div>")
    assert [child.tag for child in tree] == ["figure", "div", "figure", "div"]
    for panel, figure, table_wrapper in zip(panels, tree[::2], tree[1::2], strict=True):
        assert figure.find(f".//{SVG}svg") is not None
        assert text_of(figure.find("figcaption")).startswith(panel.title)
        table = table_wrapper.find("table")
        assert text_of(table.find("caption")).startswith(panel.title)
        headers = [(th.get("scope"), text_of(th)) for th in table.iter("th")]
        assert headers[:7] == [
            ("col", "Outcome"),
            ("col", "Measure"),
            ("col", "Estimate"),
            ("col", "95% CI"),
            ("col", "GRADE certainty"),
            ("col", "Studies (participants)"),
            ("col", "Estimate favours"),
        ]
        assert [scope for scope, _ in headers[7:]] == ["row"]
    first_row = [text_of(cell) for cell in tree[1].iter("tr")][1]
    assert first_row == (
        "All-cause death Risk ratio (RR) 0.96 0.70 to 1.32 Moderate 9 studies, 1,879 participants "
        "Cerebrolysin (95% CI includes no effect)"
    )


def test_the_demo_monograph_draws_its_ratios_and_its_mean_difference(demo):
    document = build_monograph(monograph_queryset().get(slug="cerebrolysin"))
    outcomes = monograph_outcomes(document)
    ratio, difference = forest_panels(outcomes, document["compound"]["name"], "f")
    assert [texts(row, "forest-numbers") for row in rows(drawing(ratio))] == [
        ["RR 0.96 (CI not reported)"],
        ["RR 2.39 (1.10 to 5.23)"],
    ]
    assert [texts(row, "forest-numbers") for row in rows(drawing(difference))] == [
        ["WMD 1.10 (0.37 to 1.82)"]
    ]
    assert [row.favours_text for row in ratio.rows + difference.rows] == [
        "Cerebrolysin",
        "control",
        "Cerebrolysin",
    ]
