"""Public pages read as a visitor reads them, and published test data in every state a visitor
must not see."""

import json
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import timezone

from compounds.workflow.publishing import submit, unpublish
from compounds.workflow.revisions import record_revision
from tests.factories import CompoundFactory, OutcomeFactory, ReviewFactory
from tests.publishing import publish, staff_user

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class Element:
    def __init__(self, tag, attrs, ancestors):
        self.tag, self.attrs, self.ancestors, self.parts = tag, attrs, ancestors, []

    @property
    def raw(self):
        """The text inside the element as written (for <script>: its whole content)."""
        return "".join(self.parts)

    @property
    def text(self):
        """The text inside the element, whitespace collapsed as a browser shows it."""
        return " ".join(self.raw.split())

    def __getitem__(self, name):
        return self.attrs[name]

    def get(self, name, default=None):
        return self.attrs.get(name, default)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.open = [], []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, tuple(self.open))
        self.elements.append(element)
        if tag not in _VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(
            Element(tag, {name: value or "" for name, value in attrs}, tuple(self.open))
        )

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.parts.append(data)


class Page:
    """An HTML page answered 200, queried by tag and attributes: `class_` matches one class,
    `inside` keeps the elements within another element."""

    def __init__(self, response):
        assert response.status_code == 200, response.status_code
        self.response, self.html = response, response.content.decode()
        parser = _Elements()
        parser.feed(self.html)
        parser.close()
        self.elements = parser.elements

    def all(self, tag, class_=None, inside=None, **attrs):
        return [
            element
            for element in self.elements
            if element.tag == tag
            and (class_ is None or class_ in element.get("class", "").split())
            and (inside is None or inside in element.ancestors)
            and all(element.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def one(self, tag, class_=None, inside=None, **attrs):
        [element] = self.all(tag, class_, inside, **attrs)
        return element

    def texts(self, tag, class_=None, inside=None, **attrs):
        return [element.text for element in self.all(tag, class_, inside, **attrs)]

    def by_id(self, element_id):
        return [element for element in self.elements if element.get("id") == element_id]

    def meta(self, key):
        """The content of <meta property=key> or <meta name=key>, or None."""
        for element in self.all("meta"):
            if key in (element.get("property"), element.get("name")):
                return element["content"]
        return None

    def canonical(self):
        links = [link["href"] for link in self.all("link") if link.get("rel") == "canonical"]
        return links[0] if len(links) == 1 else None

    def links(self):
        """Every href of an <a> on the page, in order."""
        return [anchor["href"] for anchor in self.all("a") if "href" in anchor.attrs]

    def json_ld(self):
        [script] = self.all("script", type="application/ld+json")
        return json.loads(script.raw)


def is_absolute(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def live_compound(area=None, certainty="moderate", **fields):
    """A published compound with one reviewed outcome in `area` (if given)."""
    compound = CompoundFactory(**fields)
    if area is not None:
        review = ReviewFactory(compound=compound, research_area=area)
        OutcomeFactory(review=review, certainty=certainty)
    publish(compound)
    return compound


def hidden_compounds(area):
    """Compounds with evidence in `area` that visitors must never see: one only ever a draft
    (submitted, never approved), one withdrawn, one scheduled for tomorrow."""
    draft = CompoundFactory(name="Draftonlypeptide", slug="draftonlypeptide")
    withdrawn = CompoundFactory(name="Withdrawnpeptide", slug="withdrawnpeptide")
    scheduled = CompoundFactory(name="Scheduledpeptide", slug="scheduledpeptide")
    for compound in (draft, withdrawn, scheduled):
        OutcomeFactory(review=ReviewFactory(compound=compound, research_area=area))
    author = staff_user("test-author", "Content staff")
    reviewer = staff_user("test-reviewer", "Reviewers")
    record_revision(draft, author, "First draft")
    submit(draft, author, "Draft change summary, never approved")
    publish(withdrawn)
    unpublish(withdrawn, reviewer, "Taken down")
    publish(scheduled, effective_at=timezone.now() + timedelta(days=1))
    return [draft, withdrawn, scheduled]


def edit_without_approval(compound, **changes):
    """Change a live compound's working copy and submit it; no reviewer approves it."""
    for name, value in changes.items():
        setattr(compound, name, value)
    compound.save()
    author = staff_user("test-author", "Content staff")
    record_revision(compound, author, "Unapproved edit")
    submit(compound, author, "Unapproved change summary")


HIDDEN_WORDS = (
    "Draftonlypeptide",
    "draftonlypeptide",
    "Withdrawnpeptide",
    "withdrawnpeptide",
    "Scheduledpeptide",
    "scheduledpeptide",
    "Draft change summary",
    "Unapproved change summary",
    "Renamed in a draft",
    "Summary written in a draft",
)
DRAFT_EDIT = {"name": "Renamed in a draft", "summary": "Summary written in a draft"}
