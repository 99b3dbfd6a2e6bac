"""Reviewers see, field by field, what differs between two monograph documents."""

import json
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils.text import capfirst

from compounds.models import Compound
from compounds.workflow.diff import diff_monographs
from compounds.working_copy.aggregate import prose_fields
from compounds.working_copy.document import build_monograph, monograph_queryset
from evidence.models import Reference
from tests.factories import (
    CompoundFactory,
    FAQItemFactory,
    OutcomeFactory,
    ReferenceFactory,
    RegimenFactory,
    ResearchAreaFactory,
    ReviewFactory,
    SafetyNoteFactory,
)

HOSTILE = "<script>alert(1)</script>"


def document(compound):
    return build_monograph(monograph_queryset().get(pk=compound.pk))


def render_diff(diff):
    return render_to_string("admin/compounds/_diff.html", {"diff": diff})


@pytest.fixture
def compound(db):
    """A compound with one review, its outcome and regimen, two FAQ items and a cited background."""
    compound = CompoundFactory(
        name="Testpeptide",
        short_answer="Testpeptide is studied in stroke.",
        mechanism_detail="Proposed from animal work [@jones2019].",
    )
    ReferenceFactory(key="jones2019", title="Peptides in the laboratory")
    area = ResearchAreaFactory(name="Acute stroke")
    review = ReviewFactory(
        compound=compound, research_area=area, reference=ReferenceFactory(key="smith2020")
    )
    OutcomeFactory(
        review=review,
        tag="death",
        name="all-cause death",
        estimate=Decimal("0.96"),
        ci_lower=Decimal("0.80"),
        ci_upper=Decimal("1.15"),
        effect_size="trivial",
    )
    RegimenFactory(compound=compound, research_area=area, source=review.reference)
    FAQItemFactory(compound=compound, question="Is it taken by mouth?", answer="No.")
    FAQItemFactory(compound=compound, question="Is it approved?", answer="Not *anywhere*.")
    return compound


def test_edits_through_the_orm_show_as_exact_change_records(compound):
    old = document(compound)

    outcome = compound.outcomes.get(tag="death")
    outcome.estimate, outcome.ci_lower, outcome.ci_upper = (
        Decimal("1.05"),
        Decimal("0.90"),
        Decimal("1.22"),
    )
    outcome.save()
    regimen = RegimenFactory(
        compound=compound,
        research_area=outcome.review.research_area,
        source=outcome.review.reference,
        route="subcutaneous",
        frequency="three times a week",
    )
    compound.faq_items.get(question="Is it approved?").delete()
    reference = Reference.objects.get(key="jones2019")
    old_citation = reference.citation_text
    reference.title = "Peptides in the laboratory and the clinic"
    reference.save()
    compound.short_answer = "Testpeptide is studied in **acute** stroke & dementia."
    compound.save()

    assert diff_monographs(old, document(compound)) == [
        {
            "title": "Compound",
            "changes": [
                {
                    "field": "Short answer",
                    "old": "Testpeptide is studied in stroke.",
                    "new": "Testpeptide is studied in acute stroke & dementia.",
                },
            ],
        },
        {
            "title": "Outcomes",
            "changes": [
                {
                    "kind": "changed",
                    "key": f"{outcome.review.reference.short_label} · all-cause death",
                    "fields": [
                        {"field": "Estimate", "old": "0.96", "new": "1.05"},
                        {
                            "field": "95% CI",
                            "old": "95% CI 0.80 to 1.15",
                            "new": "95% CI 0.90 to 1.22",
                        },
                    ],
                },
            ],
        },
        {
            "title": "Regimens",
            "changes": [
                {
                    "kind": "added",
                    "key": (
                        "Acute stroke · Subcutaneous injection · "
                        f"{outcome.review.reference.short_label}"
                    ),
                    "fields": [
                        {"field": "Amount", "old": None, "new": regimen.amount_text},
                        {"field": "Course", "old": None, "new": regimen.course_text},
                        {"field": "Minimum amount", "old": None, "new": "100"},
                        {"field": "Typical amount", "old": None, "new": "300"},
                        {"field": "Maximum amount", "old": None, "new": "600"},
                        {"field": "Unit", "old": None, "new": "µg"},
                        {"field": "Frequency", "old": None, "new": "three times a week"},
                    ],
                },
            ],
        },
        {
            "title": "FAQ",
            "changes": [
                {
                    "kind": "removed",
                    "key": "Is it approved?",
                    "fields": [{"field": "Answer", "old": "Not anywhere.", "new": None}],
                },
            ],
        },
        {
            "title": "References",
            "changes": [
                {
                    "kind": "changed",
                    "key": "jones2019",
                    "fields": [
                        {
                            "field": "Citation",
                            "old": old_citation,
                            "new": old_citation.replace(
                                "Peptides in the laboratory.",
                                "Peptides in the laboratory and the clinic.",
                            ),
                        },
                    ],
                },
            ],
        },
    ]


def test_identical_documents_have_no_differences_even_after_a_json_round_trip(demo):
    for compound in Compound.objects.all():
        monograph = document(compound)
        assert diff_monographs(monograph, json.loads(json.dumps(monograph))) == []
    assert diff_monographs(None, None) == []


def test_a_first_publication_lists_everything_as_added(demo):
    monograph = document(Compound.objects.get(slug="cerebrolysin"))

    sections = diff_monographs(None, monograph)

    assert [section["title"] for section in sections] == [
        "Compound",
        "Regulatory status",
        "Reviews",
        "Outcomes",
        "Guideline recommendations",
        "Regimens",
        "Safety notes",
        "Comparisons",
        "FAQ",
        "References",
        "Site-wide wording",
    ]
    compound_fields = {change["field"]: change for change in sections[0]["changes"]}
    assert compound_fields["Name"] == {"field": "Name", "old": None, "new": "Cerebrolysin"}
    assert compound_fields["Research use only"]["new"] == "Yes"
    assert "Sequence" not in compound_fields  # blank on both sides: nothing to read
    for section in sections[1:-1]:
        for change in section["changes"]:
            assert change["kind"] == "added"
            assert all(field["old"] is None for field in change["fields"])
    outcomes = {change["key"]: change["fields"] for change in sections[3]["changes"]}
    assert {"field": "Estimate", "old": None, "new": "1.10"} in outcomes[
        "Chen et al., 2013 · general cognition (mini-mental state examination)"
    ]
    assert {"field": "Review", "old": None, "new": "Ziganshina et al., 2023"} in outcomes[
        "Ziganshina et al., 2023 · all-cause death"
    ]


def test_withdrawing_everything_lists_every_row_as_removed(compound):
    sections = diff_monographs(document(compound), None)

    assert all(change["new"] is None for change in sections[0]["changes"])
    for section in sections[1:-1]:
        for change in section["changes"]:
            assert change["kind"] == "removed"
            assert all(field["new"] is None for field in change["fields"])


def test_prose_reads_as_words_and_numbers_stay_numbers(compound):
    old = document(compound)
    review = compound.reviews.get()
    review.findings = "Deaths were *similar* [@smith2020]; see [[outcome:death]]."
    review.trials = 7
    review.save()

    [section] = diff_monographs(old, document(compound))

    assert section["title"] == "Reviews"
    assert section["changes"][0]["fields"] == [
        {"field": "Trials", "old": 5, "new": 7},
        {
            "field": "Findings",
            "old": None,
            "new": "Deaths were similar [2]; see risk ratio 0.96, 95% CI 0.80 to 1.15; "
            "moderate-certainty evidence.",
        },
    ]


def test_safety_notes_on_one_topic_are_matched_by_their_order(compound):
    SafetyNoteFactory(compound=compound, topic="adverse_effects", text="Headache.")
    second = SafetyNoteFactory(compound=compound, topic="adverse_effects", text="Nausea.")
    old = document(compound)
    second.text = "Nausea and dizziness."
    second.save()

    assert diff_monographs(old, document(compound)) == [
        {
            "title": "Safety notes",
            "changes": [
                {
                    "kind": "changed",
                    "key": "Reported adverse effects (2)",
                    "fields": [{"field": "Text", "old": "Nausea.", "new": "Nausea and dizziness."}],
                },
            ],
        },
    ]


def test_a_removed_row_keeps_its_place_among_the_rows_around_it(compound):
    FAQItemFactory(compound=compound, question="Is it safe?", answer="Unknown.")
    old = document(compound)
    compound.faq_items.get(question="Is it taken by mouth?").delete()
    FAQItemFactory(compound=compound, question="Where is it sold?", answer="Nowhere.")

    [section] = diff_monographs(old, document(compound))

    assert [(change["kind"], change["key"]) for change in section["changes"]] == [
        ("removed", "Is it taken by mouth?"),
        ("added", "Where is it sold?"),
    ]


def test_hostile_values_are_plain_text_in_the_diff_and_escaped_when_rendered(compound):
    old = document(compound)
    compound.summary = HOSTILE
    compound.short_answer = HOSTILE
    compound.save()

    sections = diff_monographs(old, document(compound))
    html = render_diff(sections)

    assert sections[0]["changes"] == [
        {"field": "Summary", "old": "A test compound.", "new": HOSTILE},
        {"field": "Short answer", "old": "Testpeptide is studied in stroke.", "new": HOSTILE},
    ]
    assert "<script" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


def test_the_diff_renders_as_tables_with_badges_and_classes(compound):
    old = document(compound)
    compound.short_answer = "Changed."
    compound.save()
    compound.faq_items.get(question="Is it approved?").delete()
    FAQItemFactory(compound=compound, question="Is it safe?", answer="Unknown.")

    html = render_diff(diff_monographs(old, document(compound)))

    assert html.count('<th scope="col" class="diff-field">Field</th>') == 2
    assert '<th scope="col">Before</th>' in html
    assert '<th scope="col">After</th>' in html
    assert '<tr class="diff-changed">' in html
    assert '<span class="diff-badge diff-badge--added">Added</span>' in html
    assert '<span class="diff-badge diff-badge--removed">Removed</span>' in html
    assert 'class="diff-row diff-removed"' in html
    assert "No differences" not in html
    assert "style=" not in html


def test_no_differences_says_so():
    assert "No differences" in render_diff([])


@pytest.mark.parametrize("field", prose_fields(Compound))
def test_every_prose_field_of_the_compound_shows_under_the_label_it_is_edited_under(db, field):
    compound = CompoundFactory()
    before = document(compound)
    setattr(compound, field, "Wording the reviewer must see.")
    compound.save()

    [section] = diff_monographs(before, document(compound))

    label = capfirst(Compound._meta.get_field(field).verbose_name)
    assert section["title"] == "Compound"
    assert [change["field"] for change in section["changes"]] == [label]
    assert section["changes"][0]["new"] == "Wording the reviewer must see."
