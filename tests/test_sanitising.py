"""Hostile input never becomes active markup: not on the public page, in JSON, or in the admin.

Each payload is stored in every prose field and every plain-text field a page shows, through the
ORM (prose citation validation only runs in full_clean, and the point here is output encoding).
Pages are then parsed with a real HTML parser and searched for anything a browser would execute.
"""

import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from compounds.models import (
    Compound,
    FAQItem,
    RegulatoryStatus,
    SiteSettings,
)
from compounds.workflow.revisions import record_revision
from compounds.working_copy.aggregate import prose_fields
from compounds.working_copy.document import build_monograph, monograph_queryset
from evidence.forest import forest_panels
from evidence.models import (
    GuidelineRecommendation,
    Outcome,
    Reference,
    Regimen,
    ResearchArea,
    Review,
)
from evidence.prose import render, sanitise
from tests.admin_forms import admin_url, change_form_data, form_errors
from tests.evidence.test_forest import benefit, monograph_outcomes, outcome, render_forest
from tests.factories import (
    ComparisonFactory,
    CompoundFactory,
    FAQItemFactory,
    GuidelineFactory,
    OutcomeFactory,
    ReferenceFactory,
    RegimenFactory,
    RegulatoryStatusFactory,
    ResearchAreaFactory,
    ReviewFactory,
    SafetyNoteFactory,
)
from tests.publishing import publish, staff_user

MONOGRAPH_PROSE_FIELDS = prose_fields(Compound)

HTML_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg/onload=alert(1)>",
    "a-javascript": '<a href="javascript:alert(1)">x</a>',
    "broken-script": "<scr<script>ipt>alert(1)</script>",
    "div-onmouseover": '<div onmouseover="alert(1)">',
    "attribute-escape-script": '"><script>alert(1)</script>',
    "iframe": "<iframe src=//evil>",
    "style-element": "<style>body{}</style>",
    "attribute-break": "' onfocus='alert(1)",
    "style-attribute": '<p style="background:url(javascript:alert(1))">',
    "math-mxss": "<math><mtext></table><mglyph><style><img src=x onerror=alert(1)>",
}
LINK_PAYLOADS = {
    "md-javascript": "[x](javascript:alert(1))",
    "md-mixed-case": "[x](JaVaScRiPt:alert(1))",
    "md-tab": "[x](java\tscript:alert(1))",
    "md-entity": "[x](&#106;avascript:alert(1))",
    "md-named-entity-colon": "[x](javascript&colon;alert(1))",
    "md-data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-vbscript": "[x](vbscript:msgbox(1))",
    "md-control-chars": "\x01[x](\x0bjavascript:alert(1))",
    "md-control-char-in-destination": "[x](\x01javascript:alert(1))",
    "md-angle-destination": "[x](<javascript:alert(1)>)",
    "md-autolink": "<javascript:alert(1)>",
    "md-title-breakout": '[x](https://example.org "x\\" onmouseover=\\"alert(1)")',
}
CITATION_PAYLOADS = {
    "citation-key": '[@"><img src=x onerror=alert(1)>]',
}
PAYLOADS = {**HTML_PAYLOADS, **LINK_PAYLOADS, **CITATION_PAYLOADS}
payloads = pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))

# Stored in fields too short for the payload (e.g. a reference's volume, max 30 characters).
SHORT_PAYLOAD = "<svg/onload=alert(1)>"


# --- The checker --------------------------------------------------------------------------------

FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "math", "base",
}  # fmt: skip
# The one SVG a public page may carry is a forest plot (evidence/forest.py): an image labelled by
# its title, drawn from these elements with presentation attributes, never a link or a style.
FIGURE_ELEMENTS = {
    "svg", "g", "line", "rect", "circle", "path", "polygon", "text", "tspan", "title", "desc",
}  # fmt: skip
FIGURE_ATTRIBUTES = {
    "xmlns", "viewbox", "width", "height", "role", "aria-labelledby", "aria-describedby",
    "aria-hidden", "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "points",
    "dx", "dy", "fill", "stroke", "stroke-width", "stroke-dasharray", "font-size", "font-weight",
    "text-anchor",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# The admin's own theme-toggle icons are inline <svg aria-hidden class> (and xmlns) elements.
ADMIN_ICON_ATTRIBUTES = {"aria-hidden", "class", "xmlns"}
# Browsers drop leading C0 controls and spaces and ignore tabs and newlines inside a URL scheme.
_URL_IGNORED = re.compile(r"[\x00-\x20]")
# Where a browser's tokenizer starts a tag: '<' (or '</') followed by an ASCII letter.
_RAW_TAG = re.compile(r"</?([a-zA-Z][^\t\n\f />]*)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class _ActiveMarkupFinder(HTMLParser):
    def __init__(self, admin):
        super().__init__(convert_charrefs=True)
        self.admin = admin
        self.problems = []
        self.tags = set()
        self.text = []
        self.hrefs = []
        self.values = []  # form field values, where the admin shows what was saved
        self._script = None
        self._svgs = []  # the open <svg> elements: "icon" (the admin's own) or "figure"

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attributes = dict(attrs)
        if tag == "script":
            self._script = {"src": attributes.get("src"), "type": attributes.get("type")}
            self._script["content"] = ""
        elif tag == "svg":
            self._open_svg(attributes)
        elif tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if self._svgs[-1:] == ["figure"]:
            self._check_figure_element(tag, attrs)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if "value" in attributes:
            self.values.append(attributes["value"] or "")
        for name, value in attrs:
            value = value or ""
            if name == "href":
                self.hrefs.append(value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}> style attribute")
            scheme = _URL_IGNORED.sub("", value).lower()
            if name in URL_ATTRIBUTES and scheme.startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}> script URL")

    def _open_svg(self, attributes):
        if self.admin and not self._svgs and attributes.keys() <= ADMIN_ICON_ATTRIBUTES:
            self._svgs.append("icon")
            return
        if self._svgs:
            self.problems.append("<svg> inside an <svg>")
        elif attributes.get("role") != "img" or not attributes.get("aria-labelledby"):
            self.problems.append("<svg> that is not an image labelled by its title")
        self._svgs.append("figure")

    def _check_figure_element(self, tag, attrs):
        if tag not in FIGURE_ELEMENTS:
            self.problems.append(f"<{tag}> element in an <svg>")
        for name, value in attrs:
            if name not in FIGURE_ATTRIBUTES or "url(" in (value or "").lower():
                self.problems.append(f"<{tag} {name}={value!r}> attribute in an <svg>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "svg"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self.tags.add(tag)
        if tag == "svg" and self._svgs:
            self._svgs.pop()
        if tag == "script" and self._script is not None:
            script, self._script = self._script, None
            if not _allowed_script(script, self.admin):
                self.problems.append(f"<script> element {script!r}")

    def handle_data(self, data):
        if self._script is not None:
            self._script["content"] += data
        else:
            self.text.append(data)

    def close(self):
        super().close()
        if self._script is not None:
            self.handle_endtag("script")


def _allowed_script(script, admin):
    """The admin's own files by src; structured data that is JSON with every '<' escaped."""
    if admin and script["src"] and not script["content"].strip():
        return True
    if script["type"] != "application/ld+json" or script["src"] or "<" in script["content"]:
        return False
    try:
        json.loads(script["content"])
    except ValueError:
        return False
    return True


def parse(html, admin=False):
    finder = _ActiveMarkupFinder(admin)
    finder.feed(html)
    finder.close()
    # A tag a browser would open that the parser did not see means the two disagree: suspicious.
    for name in {name.lower() for name in _RAW_TAG.findall(_COMMENT.sub("", html))}:
        if name not in finder.tags:
            finder.problems.append(f"raw tag <{name}> the parser did not see")
        elif name in FORBIDDEN_ELEMENTS - {"script"}:
            finder.problems.append(f"raw <{name}> tag")
    return finder


def active_markup(html, admin=False):
    """What in `html` a browser would run or style: empty when the HTML is inert."""
    return sorted(set(parse(html, admin).problems))


def visible_text(html):
    return "".join(parse(html).text)


UNSAFE_SAMPLES = [
    *[
        payload
        for name, payload in HTML_PAYLOADS.items()
        if name not in {"broken-script", "attribute-escape-script", "attribute-break"}
    ],
    # What naive filters turn the other HTML payloads into.
    "<script>alert(1)</script>",  # broken-script with the inner <script> stripped once
    '<input value=""><script>alert(1)</script>">',  # attribute-escape in a double-quoted value
    "<input value='' onfocus='alert(1)'>",  # attribute-break in a single-quoted value
    # The link payloads as they would be if a renderer let them through.
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="\x01 \x0bjavascript:alert(1)">x</a>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<form action="javascript:alert(1)"></form>',
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<a href="https://example.org" onmouseover="alert(1)">x</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="x"></object>',
    '<embed src="x">',
    # Structured data a payload broke out of, or that is not structured data at all.
    '<script type="application/ld+json">{"name": "</script><script>alert(1)</script>"}</script>',
    '<script type="application/ld+json">{"name": "<img src=x onerror=alert(1)>"}</script>',
    '<script type="application/ld+json">alert(1)</script>',
    '<script type="application/ld+json" src="/x.js">{}</script>',
]


@pytest.mark.parametrize("html", UNSAFE_SAMPLES)
def test_the_checker_flags_active_markup(html):
    assert active_markup(html)


@pytest.mark.parametrize("html", UNSAFE_SAMPLES)
def test_the_checker_flags_active_markup_in_admin_pages_too(html):
    assert active_markup(html, admin=True)


def test_the_checker_flags_inline_scripts_in_admin_pages_but_not_the_admins_own_files():
    assert active_markup("<script>alert(1)</script>", admin=True)
    assert active_markup('<script src="/static/admin/js/x.js">alert(1)</script>', admin=True)
    assert not active_markup('<script src="/static/admin/js/core.js"></script>', admin=True)
    assert active_markup('<script src="/static/admin/js/core.js"></script>')
    assert not active_markup('<svg aria-hidden="true" class="theme-icon"></svg>', admin=True)
    assert active_markup('<svg aria-hidden="true" class="theme-icon"></svg>')
    assert active_markup('<svg class="x" onload="alert(1)"></svg>', admin=True)
    assert active_markup("<svg/onload=alert(1)>", admin=True)


_FIGURE = '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="t">{}</svg>'
FIGURE_SAMPLES = {
    "unlabelled-svg": '<svg viewBox="0 0 10 10"><rect x="1" y="1" width="2" height="2"/></svg>',
    "svg-without-role": '<svg aria-labelledby="t"><title id="t">x</title></svg>',
    "script": _FIGURE.format("<script>alert(1)</script>"),
    "structured-data-script": _FIGURE.format('<script type="application/ld+json">{}</script>'),
    "foreign-object": _FIGURE.format("<foreignObject><p>x</p></foreignObject>"),
    "link": _FIGURE.format('<a href="https://example.org"><text>x</text></a>'),
    "use-xlink": _FIGURE.format('<use xlink:href="#x"/>'),
    "image": _FIGURE.format('<image href="https://example.org/x.png"/>'),
    "animate": _FIGURE.format('<animate attributeName="href" values="javascript:alert(1)"/>'),
    "set": _FIGURE.format('<set attributeName="onmouseover" to="alert(1)"/>'),
    "style-element": _FIGURE.format("<style>text{fill:red}</style>"),
    "style-attribute": _FIGURE.format('<text style="fill:red">x</text>'),
    "event-handler": _FIGURE.format('<rect onclick="alert(1)" width="1" height="1"/>'),
    "event-handler-on-root": '<svg role="img" aria-labelledby="t" onload="alert(1)"></svg>',
    "external-paint": _FIGURE.format('<rect fill="url(https://example.org/x)"/>'),
    "unknown-attribute": _FIGURE.format('<text data-x="1">x</text>'),
    "nested-svg": _FIGURE.format('<svg role="img" aria-labelledby="t"></svg>'),
    "unknown-element": _FIGURE.format("<marquee>x</marquee>"),
}


@pytest.mark.parametrize("admin", [False, True], ids=["public", "admin"])
@pytest.mark.parametrize("html", list(FIGURE_SAMPLES.values()), ids=list(FIGURE_SAMPLES))
def test_the_checker_flags_any_svg_beyond_the_forest_plot_vocabulary(html, admin):
    assert active_markup(html, admin=admin)


def test_the_checker_passes_a_forest_plot_and_its_table():
    outcomes = [outcome(), benefit(), outcome(name="stroke", certainty="not_graded", ci=None)]
    html = render_forest(forest_panels(outcomes, "Cerebrolysin", "forest"))
    assert "<svg" in html
    assert active_markup(html) == []


def test_the_checker_allows_structured_data_only_with_every_angle_bracket_escaped():
    safe = '{"name": "\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"}'
    assert active_markup(f'<script type="application/ld+json">{safe}</script>') == []
    assert active_markup('<script type="application/ld+json">{"a": "<b>"}</script>')


def test_the_checker_passes_escaped_payloads_and_ordinary_links():
    escaped = "".join(
        f"<p>{payload.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>"
        for payload in PAYLOADS.values()
    )
    assert active_markup(escaped) == []
    assert active_markup('<a href="https://example.org/javascript:x" rel="noopener">x</a>') == []
    assert active_markup('<a href="#ref-1">1</a><a href="mailto:a@example.org">a</a>') == []


# --- Direct checks of the prose renderer --------------------------------------------------------


@pytest.mark.parametrize("payload", list(LINK_PAYLOADS.values()), ids=list(LINK_PAYLOADS))
def test_prose_renders_script_link_payloads_inert(payload):
    html = render(payload)
    assert active_markup(html) == [], html
    hrefs = [_URL_IGNORED.sub("", href).lower() for href in parse(html).hrefs]
    assert not [href for href in hrefs if href.startswith(DANGEROUS_SCHEMES)], html
    assert "javascript:" not in " ".join(hrefs)


@payloads
def test_prose_renders_every_payload_inert(payload):
    assert active_markup(render(payload)) == []


@pytest.mark.parametrize("payload", list(HTML_PAYLOADS.values()), ids=list(HTML_PAYLOADS))
def test_prose_shows_html_payloads_as_text(payload):
    """Raw HTML is shown to the reader as the characters typed, not dropped or obeyed."""
    assert visible_text(render(payload)).strip() == payload.strip()


@pytest.mark.parametrize("payload", list(HTML_PAYLOADS.values()), ids=list(HTML_PAYLOADS))
def test_sanitise_strips_active_markup_from_raw_html(payload):
    assert active_markup(sanitise(payload)) == []


def test_prose_still_renders_ordinary_links():
    """The link payloads above are inert because of their scheme, not because links are off."""
    html = render("[x](https://example.org/a) and [y](mailto:a@example.org)")
    assert '<a href="https://example.org/a"' in html
    assert '<a href="mailto:a@example.org"' in html
    assert active_markup(html) == []


# --- A monograph with a payload everywhere ------------------------------------------------------


def fit(payload, model, field):
    """The payload, or a shorter one where the column is too narrow (PostgreSQL enforces it)."""
    max_length = model._meta.get_field(field).max_length
    return payload if max_length is None or len(payload) <= max_length else SHORT_PAYLOAD


def _fitted(model, payload, *fields):
    return {field: fit(payload, model, field) for field in fields}


def create_hostile_monograph(payload, user=None):
    """A published compound whose every shown text is `payload`, saved as one revision."""
    reference_fields = ("authors", "title", "journal", "volume", "issue", "pages")
    earlier = ReferenceFactory(year=2019, **_fitted(Reference, payload, *reference_fields))
    reference = ReferenceFactory(
        year=2020, updates=earlier, **_fitted(Reference, payload, *reference_fields)
    )
    area = ResearchAreaFactory(**_fitted(ResearchArea, payload, "name"))
    other = CompoundFactory(
        slug="hostile-other",
        name=fit(payload, Compound, "name") + " (other)",
        routes=fit(payload, Compound, "routes"),
    )
    compound = CompoundFactory(
        slug="hostile",
        **_fitted(
            Compound,
            payload,
            "name",
            "title",
            "summary",
            "synonyms",
            "composition",
            "origin",
            "sequence",
            "routes",
        ),
        **dict.fromkeys(MONOGRAPH_PROSE_FIELDS, payload),
    )
    RegulatoryStatusFactory(
        compound=compound, **_fitted(RegulatoryStatus, payload, "region", "note")
    )
    review = ReviewFactory(
        compound=compound,
        reference=reference,
        research_area=area,
        findings=payload,
        conclusion=payload,
        funding_note=payload,
        risk_of_bias_note=payload,
        **_fitted(Review, payload, "table_summary"),
    )
    OutcomeFactory(
        review=review,
        tag="hostile-generated",
        **_fitted(Outcome, payload, "name"),
    )
    overridden = OutcomeFactory(
        review=review,
        tag="hostile-override",
        **_fitted(Outcome, payload, "name", "statement_override", "override_reason"),
    )
    GuidelineFactory(
        compound=compound,
        research_area=area,
        reference=reference,
        based_on=review,
        year=2021,
        **_fitted(GuidelineRecommendation, payload, "bodies", "recommendation"),
    )
    RegimenFactory(
        compound=compound,
        research_area=area,
        source=reference,
        amount_min=Decimal("1"),
        amount_typical=Decimal("2"),
        amount_max=Decimal("3"),
        **_fitted(Regimen, payload, "frequency"),
    )
    SafetyNoteFactory(compound=compound, text=payload, outcome=overridden)
    ComparisonFactory(compound=compound, other=other, note=payload)
    FAQItemFactory(compound=compound, question=fit(payload, FAQItem, "question"), answer=payload)
    FAQItemFactory(
        compound=compound,
        question="Which outcomes?",
        answer=f"{payload} [[outcome:hostile-generated]]; [[statement:hostile-override]]. "
        f"[@{reference.key}]",
    )
    site = SiteSettings.objects.current()
    for field in SiteSettings._meta.concrete_fields:
        if field.name != "id":
            setattr(site, field.name, fit(payload, SiteSettings, field.name))
    site.save()
    author = user or staff_user("test-author", "Content staff")
    record_revision(compound, author, payload)
    publish(compound, author=author)
    return Compound.objects.get(pk=compound.pk)


@pytest.fixture
def hostile(db, payload):
    return create_hostile_monograph(payload)


def _assert_inert(html, admin=False):
    problems = active_markup(html, admin=admin)
    assert problems == [], "\n".join(problems)


# --- The public site ----------------------------------------------------------------------------


@payloads
def test_monograph_page_shows_payloads_as_text_never_as_markup(client, hostile, payload):
    response = client.get(hostile.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    _assert_inert(html)
    assert payload in visible_text(html), "the payload never reached the page: nothing was tested"


@payloads
def test_compound_index_shows_payloads_as_text_never_as_markup(client, hostile, payload):
    html = client.get(reverse("compounds:index")).text
    _assert_inert(html)
    assert payload in visible_text(html)


def _html_fields(value, path="document"):
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key == "html" or key.endswith("_html")):
                yield f"{path}.{key}", item
            else:
                yield from _html_fields(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _html_fields(item, f"{path}[{index}]")


@payloads
def test_monograph_json_carries_payloads_inert_in_html_fields(client, hostile, payload):
    response = client.get(reverse("compounds:monograph_json", args=[hostile.slug]))
    assert response.status_code == 200
    # Raw text in JSON is data; it must never be sniffed or served as a page.
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    document = json.loads(response.content)
    assert document["compound"]["name"] == payload
    html_fields = dict(_html_fields(document))
    assert len(html_fields) >= len(MONOGRAPH_PROSE_FIELDS) + 6  # reviews, notes, comparison, FAQ
    problems = {path: active_markup(html) for path, html in html_fields.items()}
    assert {path: found for path, found in problems.items() if found} == {}


def test_outcome_embeds_are_escaped_inside_prose(client, db):
    payload = "<img src=x onerror=alert(1)>"
    compound = create_hostile_monograph(payload)
    document = client.get(reverse("compounds:monograph_json", args=[compound.slug])).json()
    answer = document["faq"][-1]["answer_html"]
    assert '<span class="effect">' in answer, "the embeds were not rendered: nothing was tested"
    assert "&lt;img src=x onerror=alert(1)&gt;" in answer
    _assert_inert(answer)


@payloads
def test_forest_plot_shows_a_hostile_outcome_name_as_text(hostile, payload):
    document = build_monograph(monograph_queryset().get(pk=hostile.pk))
    outcomes = monograph_outcomes(document)
    (panel,) = forest_panels(outcomes, document["compound"]["name"], "forest")
    _assert_inert(render_forest([panel]))
    # XML cannot carry C0 control characters, so the figure drops them from the name it shows.
    shown = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", payload)
    assert shown in visible_text(panel.svg), "the payload never reached the figure"


SCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_sourcing_link_saved_without_validation_is_not_a_script_url(client, db, url):
    """The one URL an editor types reaches an href: a bypassed validator must not make it live."""
    compound = CompoundFactory(slug="plain")
    site = SiteSettings.objects.current()
    site.sourcing_url = url
    site.save()
    _assert_inert(client.get(compound.get_absolute_url()).text)


@pytest.mark.parametrize("url", [*SCRIPT_URLS, "mailto:x@example.org?body=<script>"])
def test_admin_refuses_a_script_url_as_the_sourcing_link(editor_client, db, url):
    site = SiteSettings.objects.current()
    change_url = admin_url(site)
    data = change_form_data(editor_client.get(change_url))
    data["sourcing_url"] = url
    response = editor_client.post(change_url, data)
    assert response.status_code == 200
    assert "sourcing_url" in form_errors(response)
    assert SiteSettings.objects.current().sourcing_url == "mailto:research@peptara.example"


# --- The admin ----------------------------------------------------------------------------------


@pytest.fixture
def hostile_editor(editor, payload):
    """The signed-in editor, whose name (shown in the admin header and history) is a payload."""
    editor.first_name = payload[:150]
    editor.last_name = payload[:150]
    editor.save()
    return editor


@pytest.fixture
def hostile_in_admin(db, payload, hostile_editor):
    return create_hostile_monograph(payload, user=hostile_editor)


def _admin_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


@payloads
def test_admin_change_page_shows_payloads_escaped(editor_client, hostile_in_admin, payload):
    html = _admin_page(editor_client, admin_url(hostile_in_admin))
    _assert_inert(html, admin=True)
    assert payload in _admin_text(html), "the payload never reached the page: nothing was tested"


@payloads
def test_admin_history_page_shows_payloads_escaped(editor_client, hostile_in_admin, payload):
    html = _admin_page(editor_client, admin_url(hostile_in_admin, "history"))
    _assert_inert(html, admin=True)
    assert payload.strip() in _admin_text(html), "the payload never reached the page"


@payloads
def test_admin_decision_page_shows_payloads_escaped(editor_client, hostile_in_admin, payload):
    submission = hostile_in_admin.submissions.get()
    html = _admin_page(
        editor_client, reverse("admin:compounds_submission_change", args=[submission.pk])
    )
    _assert_inert(html, admin=True)
    assert payload.strip() in _admin_text(html), "the payload never reached the page"


@payloads
def test_admin_preview_shows_payloads_escaped(editor_client, hostile_in_admin, payload):
    url = reverse("admin:compounds_compound_preview", args=[hostile_in_admin.pk, 1])
    html = _admin_page(editor_client, url)
    _assert_inert(html)
    assert payload in visible_text(html), "the payload never reached the page"


@payloads
def test_admin_change_lists_show_payloads_escaped(editor_client, hostile_in_admin, payload):
    for name in ("compounds_compound", "evidence_reference", "evidence_researcharea"):
        html = _admin_page(editor_client, reverse(f"admin:{name}_changelist"))
        _assert_inert(html, admin=True)
        assert payload in _admin_text(html), name


@payloads
def test_admin_search_echoes_the_query_escaped(editor_client, hostile_in_admin, payload):
    url = reverse("admin:compounds_compound_changelist")
    response = editor_client.get(url, {"q": payload})
    assert response.status_code == 200
    _assert_inert(response.text, admin=True)
    assert payload in _admin_text(response.text), "the query was not echoed"


@payloads
def test_admin_reference_pages_show_payloads_escaped(editor_client, hostile_in_admin, payload):
    reference = hostile_in_admin.reviews.get().reference
    for url in (admin_url(reference), admin_url(reference, "history")):
        html = _admin_page(editor_client, url)
        _assert_inert(html, admin=True)
        assert payload in _admin_text(html), url


def _admin_text(html):
    """Everything the admin shows as text: page text plus form field values, one per line."""
    parsed = parse(html, admin=True)
    return "".join(parsed.text) + "\n".join(["", *parsed.values])


def test_the_page_checks_catch_a_template_that_stops_escaping(editor_client, editor, settings):
    """The hostile monograph reaches places where escaping is the only defence."""
    payload = HTML_PAYLOADS["script"]
    compound = create_hostile_monograph(payload, user=editor)
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine.get("OPTIONS", {}), "autoescape": False}}
        for engine in settings.TEMPLATES
    ]
    assert active_markup(editor_client.get(compound.get_absolute_url()).text)
    assert active_markup(editor_client.get(admin_url(compound)).text, admin=True)
    assert active_markup(editor_client.get(admin_url(compound, "history")).text, admin=True)
