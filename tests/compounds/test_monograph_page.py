"""The public monograph page and its JSON render the canonical document of published compounds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compounds.workflow.publishing import unpublish
from compounds.working_copy.document import build_monograph, monograph_queryset
from tests.factories import (
    ComparisonFactory,
    CompoundFactory,
    FAQItemFactory,
    GuidelineFactory,
    OutcomeFactory,
    ReferenceFactory,
    RegimenFactory,
    RegulatoryStatusFactory,
    ReviewFactory,
    SafetyNoteFactory,
)
from tests.publishing import publish, staff_user


def monograph_with(rows):
    """A compound with `rows` of everything its page can show, each citing its own reference."""
    compound = CompoundFactory()
    for _ in range(rows):
        reference = ReferenceFactory()
        review = ReviewFactory(compound=compound, reference=reference)
        OutcomeFactory(review=review, compound=compound)
        GuidelineFactory(compound=compound, reference=ReferenceFactory())
        RegimenFactory(compound=compound, source=reference)
        SafetyNoteFactory(compound=compound, text=f"Cites [@{reference.key}].")
        FAQItemFactory(compound=compound, answer=f"See [@{reference.key}].")
        RegulatoryStatusFactory(compound=compound)
        ComparisonFactory(compound=compound, other=CompoundFactory())
        compound.mechanism_detail += f" [@{reference.key}]"
    compound.save()
    return compound


# The live publication of the slug; which compared compounds have live pages to link to.
PAGE_QUERIES = 2
# Building the document: the compound; its regulatory statuses, reviews (with references and
# research areas), outcomes, guidelines, regimens, safety notes, comparisons and FAQ items;
# references cited in prose; the site settings.
DOCUMENT_QUERIES = 11


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_page_query_count_does_not_grow_with_outcomes_regimens_or_references(
    client, db, django_assert_num_queries, suffix
):
    small, large = monograph_with(1), monograph_with(25)
    publish(small)
    publish(large)
    queries = PAGE_QUERIES if suffix == "/" else PAGE_QUERIES - 1  # JSON links nothing

    for compound in (small, large):
        with django_assert_num_queries(queries):
            assert client.get(f"/compounds/{compound.slug}{suffix}").status_code == 200


def test_building_the_document_costs_a_fixed_number_of_queries(db, django_assert_num_queries):
    small, large = monograph_with(1), monograph_with(25)
    build_monograph(monograph_queryset().get(pk=small.pk))  # creates the site settings row once

    for compound in (small, large):
        with django_assert_num_queries(DOCUMENT_QUERIES):
            build_monograph(monograph_queryset().get(pk=compound.pk))


def test_unpublished_compounds_answer_404_as_page_and_json(client, db):
    draft = CompoundFactory()
    assert client.get(f"/compounds/{draft.slug}/").status_code == 404
    assert client.get(f"/compounds/{draft.slug}.json").status_code == 404


def test_index_lists_published_compounds_only(client, db):
    published = CompoundFactory(name="Publishedpeptide")
    publish(published)
    CompoundFactory(name="Draftpeptide")
    page = client.get("/").text
    assert published.name in page
    assert published.get_absolute_url() in page
    assert "Draftpeptide" not in page


def test_json_is_the_approved_document(client, db):
    compound = monograph_with(2)
    publication = publish(compound)
    expected = build_monograph(monograph_queryset().get(pk=compound.pk))
    assert publication.document == expected
    assert client.get(f"/compounds/{compound.slug}.json").json() == expected


def test_page_shows_the_approved_document_not_the_working_copy(client, db):
    compound = CompoundFactory(short_answer="Approved wording.")
    publish(compound)
    compound.short_answer = "Draft wording."
    compound.save()

    page = client.get(compound.get_absolute_url()).text
    assert "Approved wording." in page
    assert "Draft wording." not in page


def test_comparison_links_to_the_other_monograph_only_when_it_is_live(client, db):
    comparison = ComparisonFactory()
    publish(comparison.compound)
    link = f'href="{comparison.other.get_absolute_url()}"'
    assert link not in client.get(comparison.compound.get_absolute_url()).text

    publish(comparison.other)
    assert link in client.get(comparison.compound.get_absolute_url()).text


def test_of_two_publications_taking_effect_at_the_same_moment_the_later_approval_shows(
    client, db, monkeypatch
):
    compound = CompoundFactory(short_answer="First approval.")
    moment = timezone.now() + timedelta(hours=1)
    publish(compound, effective_at=moment)
    compound.short_answer = "Second approval."
    compound.save()
    publish(compound, effective_at=moment)

    assert client.get(compound.get_absolute_url()).status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: moment)
    page = client.get(compound.get_absolute_url()).text
    assert "Second approval." in page
    assert "First approval." not in page


def test_comparison_links_only_to_monographs_live_now(client, db, monkeypatch):
    scheduled = ComparisonFactory()
    compound = scheduled.compound
    withdrawn = ComparisonFactory(compound=compound)
    publish(compound)
    later = timezone.now() + timedelta(hours=1)
    publish(scheduled.other, effective_at=later)
    publish(withdrawn.other)
    unpublish(withdrawn.other, staff_user("test-reviewer", "Reviewers"), "Withdrawn for the test")
    scheduled_link = f'href="{scheduled.other.get_absolute_url()}"'
    withdrawn_link = f'href="{withdrawn.other.get_absolute_url()}"'

    page = client.get(compound.get_absolute_url()).text
    assert scheduled_link not in page
    assert withdrawn_link not in page

    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(compound.get_absolute_url()).text
    assert scheduled_link in page
    assert withdrawn_link not in page
