"""The public monograph page and its JSON render the canonical document of published compounds."""

import pytest

from compounds.monograph import build_monograph, monograph_queryset
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


# The compound; its regulatory statuses, reviews (with references and research areas), outcomes,
# guidelines, regimens, safety notes, comparisons and FAQ items; references cited in prose;
# the site settings.
MONOGRAPH_QUERIES = 11


@pytest.mark.parametrize("suffix", ["/", ".json"])
def test_query_count_does_not_grow_with_outcomes_regimens_or_references(
    client, db, django_assert_num_queries, suffix
):
    small, large = monograph_with(1), monograph_with(25)
    client.get(f"/compounds/{small.slug}{suffix}")  # creates the site settings row once

    for compound in (small, large):
        with django_assert_num_queries(MONOGRAPH_QUERIES):
            assert client.get(f"/compounds/{compound.slug}{suffix}").status_code == 200


def test_unpublished_compounds_answer_404_as_page_and_json(client, db):
    draft = CompoundFactory(is_published=False)
    assert client.get(f"/compounds/{draft.slug}/").status_code == 404
    assert client.get(f"/compounds/{draft.slug}.json").status_code == 404


def test_index_lists_published_compounds_only(client, db):
    published = CompoundFactory(name="Publishedpeptide")
    CompoundFactory(name="Draftpeptide", is_published=False)
    page = client.get("/").text
    assert published.name in page
    assert published.get_absolute_url() in page
    assert "Draftpeptide" not in page


def test_json_is_the_document_the_page_renders(client, db):
    compound = monograph_with(2)
    expected = build_monograph(monograph_queryset().get(pk=compound.pk))
    assert client.get(f"/compounds/{compound.slug}.json").json() == expected


def test_page_renders_only_the_document(client, db, monkeypatch):
    compound = CompoundFactory(short_answer="Stored wording.")
    document = build_monograph(monograph_queryset().get(pk=compound.pk))
    document["short_answer_html"] = "<p>Wording from the document.</p>"
    monkeypatch.setattr("compounds.views.build_monograph", lambda _compound: document)

    page = client.get(compound.get_absolute_url()).text
    assert "Wording from the document." in page
    assert "Stored wording." not in page


def test_comparison_links_to_the_other_monograph(client, db):
    comparison = ComparisonFactory()
    page = client.get(comparison.compound.get_absolute_url()).text
    assert f'href="{comparison.other.get_absolute_url()}"' in page
