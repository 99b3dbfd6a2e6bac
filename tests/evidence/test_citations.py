"""Inline citations are numbered in order of first use and resolve to a generated reference list."""

import pytest
from django.utils.html import strip_tags

from tests.factories import (
    CompoundFactory,
    FAQItemFactory,
    OutcomeFactory,
    ReferenceFactory,
    RegimenFactory,
    ReviewFactory,
)
from tests.publishing import publish


def monograph_json(client, compound):
    publish(compound)
    response = client.get(f"/compounds/{compound.slug}.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def references(db):
    return {key: ReferenceFactory(key=key) for key in ("alpha2001", "beta2002", "gamma2003")}


def test_citations_are_numbered_in_order_of_first_use(client, references):
    compound = CompoundFactory(
        short_answer="First [@gamma2003], then [@alpha2001].",
        mechanism_detail="Again [@gamma2003] and [@beta2002].",
    )
    document = monograph_json(client, compound)

    assert [ref["key"] for ref in document["references"]] == ["gamma2003", "alpha2001", "beta2002"]
    assert [ref["number"] for ref in document["references"]] == [1, 2, 3]
    assert 'href="#ref-1">1</a>' in document["short_answer_html"]
    assert 'href="#ref-2">2</a>' in document["short_answer_html"]


def test_a_reused_citation_keeps_its_first_number(client, references):
    compound = CompoundFactory(
        short_answer="[@beta2002]",
        identity_detail="[@alpha2001]",
        mechanism_detail="Back to the first source [@beta2002].",
    )
    document = monograph_json(client, compound)

    assert 'href="#ref-1">1</a>' in document["mechanism"]["detail_html"]
    assert len(document["references"]) == 2


def test_grouped_citations_render_each_number(client, references):
    compound = CompoundFactory(short_answer="Both [@alpha2001; @beta2002].")
    html = monograph_json(client, compound)["short_answer_html"]

    assert '[<a href="#ref-1"' in html
    assert '>1</a>,<a href="#ref-2"' in html


def test_structured_rows_cite_their_sources_in_page_order(client, references):
    compound = CompoundFactory(short_answer="Prose cites [@gamma2003].")
    RegimenFactory(compound=compound, source=references["alpha2001"])
    FAQItemFactory(compound=compound, answer="See [@beta2002].")
    document = monograph_json(client, compound)

    assert document["dosing"]["regimens"][0]["citation"] == 2
    assert [ref["key"] for ref in document["references"]] == ["gamma2003", "alpha2001", "beta2002"]


def test_an_uncited_reference_is_not_listed(client, references):
    compound = CompoundFactory(short_answer="Only [@alpha2001].")
    assert [ref["key"] for ref in monograph_json(client, compound)["references"]] == ["alpha2001"]


def test_reference_list_is_in_ama_style_with_doi_and_pubmed_links(client, db):
    ReferenceFactory(
        key="chen2013",
        authors="Chen N, Yang M, Guo J, Zhou M, Zhu C, He L",
        title="Cerebrolysin for vascular dementia",
        journal="Cochrane Database of Systematic Reviews",
        year=2013,
        volume="",
        issue="1",
        pages="CD008900",
        doi="10.1002/14651858.cd008900.pub2",
        pmid="23440834",
    )
    compound = CompoundFactory(short_answer="[@chen2013]")
    reference = monograph_json(client, compound)["references"][0]

    assert reference["text"] == (
        "Chen N, Yang M, Guo J, Zhou M, Zhu C, He L. Cerebrolysin for vascular dementia. "
        "Cochrane Database of Systematic Reviews. 2013;(1):CD008900."
    )
    assert reference["doi_url"] == "https://doi.org/10.1002/14651858.cd008900.pub2"
    assert reference["pubmed_url"] == "https://pubmed.ncbi.nlm.nih.gov/23440834/"


def test_a_newer_version_names_the_reference_it_updates(client, db):
    earlier = ReferenceFactory(key="chen2013", year=2013)
    ReferenceFactory(key="cui2019", year=2019, updates=earlier)
    compound = CompoundFactory(short_answer="[@chen2013] then [@cui2019].")
    references = monograph_json(client, compound)["references"]

    assert references[1]["updates"]["number"] == 1


def test_an_embedded_outcome_renders_its_stored_numbers(client, db):
    review = ReviewFactory()
    OutcomeFactory(
        review=review,
        tag="sae",
        measure="RR",
        estimate="2.39",
        ci_lower="1.10",
        ci_upper="5.23",
        certainty="moderate",
    )
    compound = review.compound
    compound.safety_answer = "Higher with treatment ([[outcome:sae]])."
    compound.save()
    html = monograph_json(client, compound)["safety"]["answer_html"]

    assert "risk ratio 2.39, 95% CI 1.10 to 5.23; moderate-certainty evidence" in html


def test_an_embedded_statement_follows_the_stored_certainty(client, db):
    outcome = OutcomeFactory(tag="death", name="all-cause death", certainty="low")
    compound = outcome.compound
    compound.evidence_answer = "[[statement:death]]."
    compound.save()
    assert f"{compound.name} may reduce all-cause death." in strip_tags(
        monograph_json(client, compound)["evidence"]["answer_html"]
    )

    outcome.certainty = "moderate"
    outcome.save()
    assert f"{compound.name} probably reduces all-cause death." in strip_tags(
        monograph_json(client, compound)["evidence"]["answer_html"]
    )
