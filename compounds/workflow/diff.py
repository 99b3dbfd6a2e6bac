"""Field-by-field differences between two monograph documents, as reviewers read them.

`diff_monographs()` compares two documents from `build_monograph()` (or their stored JSON) and
returns plain data for `admin/compounds/_diff.html`. It never touches the database: the documents
are the whole truth about what a page shows, so comparing them compares exactly what goes live.

Sections are declared in `SECTIONS`: the compound's own fields compare one to one; repeated rows
(outcomes, regimens, references...) are matched by a key, so a reviewer sees "added", "removed" or
"changed" rather than positions shifting. Fields whose path ends in "html" are prose: the markup is
compared, the words are shown.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import capfirst

from compounds.working_copy.aggregate import prose_fields
from compounds.working_copy.document import prose_path
from compounds.working_copy.models import Compound
from evidence.prose import plain_text

from .documents import guidelines_in, outcomes_by_tag, outcomes_in, reviews_in, upgraded


@dataclass(frozen=True)
class FieldsSection:
    """One object's fields, e.g. the compound; `fields` are (label, dotted path) pairs."""

    title: str
    fields: tuple[tuple[str, str], ...]

    def changes(self, old, new):
        return _field_changes(self.fields, old, new)


@dataclass(frozen=True)
class RowsSection:
    """Repeated rows matched by `key` paths; `label` paths name a row if its key reads poorly."""

    title: str
    rows: Callable[[dict], list[dict]]
    key: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    label: tuple[str, ...] = ()

    def changes(self, old, new):
        return _row_changes(self, old, new)


def _reviews(document):
    return [
        {**review, "research_area": area["name"]}
        for area, review in reviews_in(document["evidence"]["areas"])
    ]


def _outcomes(document):
    return [
        {**outcome, "review": review["label"]}
        for _area, review, outcome in outcomes_in(document["evidence"]["areas"])
    ]


def _guidelines(document):
    return [
        {**guideline, "research_area": area["name"]}
        for area, guideline in guidelines_in(document["evidence"]["areas"])
    ]


def _safety_notes(document):
    names = {tag: outcome["name"] for tag, outcome in outcomes_by_tag(document).items()}
    return [
        {**note, "outcome_name": names.get(note["outcome_tag"])}
        for note in document["safety"]["notes"]
    ]


SECTIONS = (
    FieldsSection(
        "Compound",
        (
            ("Name", "compound.name"),
            ("Slug", "compound.slug"),
            ("Title", "compound.title"),
            ("Summary", "compound.summary"),
            ("Synonyms", "compound.synonyms"),
            ("Kind", "compound.kind_label"),
            ("Composition", "compound.composition"),
            ("Origin", "compound.origin"),
            ("Sequence", "compound.sequence"),
            ("Routes", "compound.routes"),
            ("Research use only", "compound.research_use_only"),
            ("Human evidence", "compound.human_evidence_label"),
            ("Mechanism tier", "mechanism.tier_label"),
            # The compound's prose, under the labels content staff write it under.
            *(
                (capfirst(Compound._meta.get_field(field).verbose_name), prose_path(field))
                for field in prose_fields(Compound)
            ),
        ),
    ),
    RowsSection(
        "Regulatory status",
        rows=lambda document: document["compound"]["regulatory_statuses"],
        key=("region",),
        fields=(("Status", "status_label"), ("Note", "note")),
    ),
    RowsSection(
        "Reviews",
        rows=_reviews,
        key=("label",),
        fields=(
            ("Research area", "research_area"),
            ("Title", "title"),
            ("Kind", "kind_label"),
            ("Trials", "trials"),
            ("Participants", "participants"),
            ("Table summary", "table_summary"),
            ("Findings", "findings_html"),
            ("Conclusion", "conclusion_html"),
            ("Funding", "funding_note"),
            ("Risk of bias", "risk_of_bias_note"),
        ),
    ),
    RowsSection(
        "Outcomes",
        rows=_outcomes,
        key=("tag",),
        label=("review", "name"),
        fields=(
            ("Review", "review"),
            ("Name", "name"),
            ("Measure", "measure_label"),
            ("Estimate", "estimate_text"),
            ("95% CI", "ci_text"),
            ("GRADE certainty", "certainty_label"),
            ("Effect size", "effect_size"),
            ("Key outcome", "is_key"),
            ("Statement", "statement"),
            ("Studies", "studies"),
            ("Participants", "participants"),
            ("Statement overridden", "statement_overridden"),
            ("Override reason", "override_reason"),
        ),
    ),
    RowsSection(
        "Guideline recommendations",
        rows=_guidelines,
        key=("label", "recommendation"),
        fields=(
            ("Research area", "research_area"),
            ("Bodies", "bodies"),
            ("Year", "year"),
            ("Statement", "statement"),
            ("Evidence quality", "evidence_quality_label"),
            ("Based on", "based_on"),
        ),
    ),
    RowsSection(
        "Regimens",
        rows=lambda document: document["dosing"]["regimens"],
        key=("research_area", "route_label", "source_label"),
        fields=(
            ("Amount", "amount_text"),
            ("Course", "course_text"),
            ("Minimum amount", "amount_min"),
            ("Typical amount", "amount_typical"),
            ("Maximum amount", "amount_max"),
            ("Unit", "unit"),
            ("Frequency", "frequency"),
        ),
    ),
    RowsSection(
        "Safety notes",
        # Notes have no identity of their own: the nth note on a topic is matched with the nth.
        rows=_safety_notes,
        key=("topic_label",),
        fields=(("Text", "html"), ("Outcome shown", "outcome_name")),
    ),
    RowsSection(
        "Comparisons",
        rows=lambda document: document["comparison"]["compounds"],
        key=("name",),
        fields=(
            ("Note", "note_html"),
            ("Kind", "kind_label"),
            ("Routes", "routes"),
            ("Human evidence", "human_evidence_label"),
        ),
    ),
    RowsSection(
        "FAQ",
        rows=lambda document: document["faq"],
        key=("question",),
        fields=(("Answer", "answer_html"),),
    ),
    RowsSection(
        "References",
        rows=lambda document: document["references"],
        key=("key",),
        fields=(
            ("Number", "number"),
            ("Citation", "text"),
            ("DOI", "doi"),
            ("PMID", "pmid"),
            ("Update of", "updates.label"),
        ),
    ),
    FieldsSection(
        "Site-wide wording",
        (
            ("Brand", "site.brand"),
            ("Page notice", "site.page_notice"),
            ("Dosing notice", "site.dosing_notice"),
            ("Disclaimer", "site.disclaimer"),
            ("Conflict of interest", "site.conflict_of_interest"),
            ("Sourcing heading", "site.sourcing.heading"),
            ("Sourcing text", "site.sourcing.text"),
            ("Sourcing link text", "site.sourcing.link_text"),
            ("Sourcing link", "site.sourcing.url"),
        ),
    ),
)


def diff_monographs(old, new):
    """The sections, in page order, in which `new` differs from `old` (either may be None)."""
    old, new = (upgraded(document) if document else None for document in (old, new))
    sections = []
    for section in SECTIONS:
        changes = section.changes(old, new)
        if changes:
            sections.append({"title": section.title, "changes": changes})
    return sections


def _row_changes(section, old, new):
    old_rows, new_rows = _keyed_rows(section, old), _keyed_rows(section, new)
    changes = []
    for key in _page_order(old_rows, new_rows):
        before, after = old_rows.get(key), new_rows.get(key)
        fields = _field_changes(section.fields, before, after)
        if before is None:
            kind = "added"
        elif after is None:
            kind = "removed"
        elif fields:
            kind = "changed"
        else:
            continue
        label = _row_label(section, key, after or before)
        changes.append({"kind": kind, "key": label, "fields": fields})
    return changes


def _keyed_rows(section, document):
    """Rows by (key, occurrence): a repeated key is matched by its order among its namesakes."""
    occurrences = Counter()
    rows = {}
    for row in section.rows(document) if document else []:
        key = tuple(_value(row, path) for path in section.key)
        occurrences[key] += 1
        rows[key, occurrences[key]] = row
    return rows


def _page_order(old_rows, new_rows):
    """The new rows in order, each removed row placed after the row that preceded it."""
    order = list(new_rows)
    previous = None
    for key in old_rows:
        if key not in new_rows:
            order.insert(0 if previous is None else order.index(previous) + 1, key)
        previous = key
    return order


def _row_label(section, key, row):
    values = [_value(row, path) for path in section.label or section.key]
    label = " · ".join(str(value) for value in values if value not in (None, ""))
    _, occurrence = key
    return f"{label} ({occurrence})" if occurrence > 1 else label


def _field_changes(fields, before, after):
    """{field, old, new} for each field whose value differs; blank values read as None."""
    changes = []
    for label, path in fields:
        old, new = _value(before, path), _value(after, path)
        if old == new:
            continue
        old, new = _shown(old, path), _shown(new, path)
        if old is not None or new is not None:
            changes.append({"field": label, "old": old, "new": new})
    return changes


def _value(row, path):
    for name in path.split("."):
        if row is None:
            return None
        row = row.get(name)
    return row


def _shown(value, path):
    """A value as a reviewer reads it: words not markup, 'Yes'/'No', lists joined, blank None."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    if isinstance(value, str) and path.endswith("html"):
        value = plain_text(value, block_separator="\n")
    return None if value == "" else value
