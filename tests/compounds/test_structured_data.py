"""What machines read of a page: JSON-LD on live monographs that says only what the page shows,
and canonical, Open Graph and Twitter meta on every public page."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from compounds.workflow.publishing import preview_token
from compounds.workflow.revisions import record_revision
from tests.factories import (
    CompoundFactory,
    FAQItemFactory,
    RegulatoryStatusFactory,
    ResearchAreaFactory,
)
from tests.pages import Page, is_absolute, live_compound
from tests.publishing import publish, staff_user

HOSTILE = "</script><script>alert(1)</script><!--<script>"


def graph(page):
    structured = page.json_ld()
    assert structured["@context"] == "https://schema.org"
    return {node["@type"]: node for node in structured["@graph"]}


@pytest.fixture
def cerebrolysin(client, demo):
    return Page(client.get("/compounds/cerebrolysin/"))


def test_demo_monograph_graph_is_a_reviewed_page_about_a_drug_with_its_faq(cerebrolysin):
    assert [node["@type"] for node in cerebrolysin.json_ld()["@graph"]] == [
        "MedicalWebPage",
        "Drug",
        "FAQPage",
    ]
    nodes = graph(cerebrolysin)
    page, drug = nodes["MedicalWebPage"], nodes["Drug"]
    assert page["url"] == cerebrolysin.canonical()
    assert page["name"] == cerebrolysin.one("h1").text
    assert page["about"] == {"@id": drug["@id"]}
    assert drug["name"] == "Cerebrolysin"
    statuses = cerebrolysin.texts("li", inside=cerebrolysin.one("ul", class_="statuses"))
    assert drug["legalStatus"] == statuses


def test_review_date_reviewer_and_author_are_the_ones_the_page_shows(cerebrolysin):
    page = graph(cerebrolysin)["MedicalWebPage"]
    review = cerebrolysin.one("p", class_="monograph__review")
    reviewed_on = cerebrolysin.all("time", inside=review)[0]
    credits = cerebrolysin.one("p", class_="monograph__credits").text

    assert page["lastReviewed"] == reviewed_on["datetime"]
    assert review.text.startswith(f"Last reviewed on {reviewed_on.text} by ")
    assert f" by {page['reviewedBy']['name']}." in review.text
    assert page["reviewedBy"]["name"] == "Reviewer (demo)"
    assert credits.startswith(f"Written by {page['author']['name']}.")


def identifiers(citations, scheme):
    return {
        identifier["value"]
        for citation in citations
        for identifier in citation["identifier"]
        if identifier["propertyID"] == scheme
    }


def test_citations_are_exactly_the_references_listed_with_their_doi_and_pmid(cerebrolysin):
    citations = graph(cerebrolysin)["MedicalWebPage"]["citation"]
    references = cerebrolysin.one("ol", class_="references")
    links = cerebrolysin.texts("a", inside=references, class_="ref-link")
    shown_dois = {link.removeprefix("doi:") for link in links if link.startswith("doi:")}
    shown_pmids = {link.removeprefix("PMID ") for link in links if link.startswith("PMID ")}

    assert len(citations) == len(cerebrolysin.all("li", inside=references)) == 4
    assert identifiers(citations, "DOI") == shown_dois
    assert identifiers(citations, "PMID") == shown_pmids
    assert len(shown_dois) == 4
    assert len(shown_pmids) == 2
    titles = [citation["name"] for citation in citations]
    for title, item in zip(titles, cerebrolysin.all("li", inside=references), strict=True):
        assert title in item.text


def test_faq_questions_and_answers_are_the_ones_the_page_shows(cerebrolysin):
    faq = graph(cerebrolysin)["FAQPage"]
    shown = cerebrolysin.one("dl", class_="faq")

    assert [question["name"] for question in faq["mainEntity"]] == cerebrolysin.texts(
        "dt", inside=shown
    )
    assert [question["acceptedAnswer"]["text"] for question in faq["mainEntity"]] == (
        cerebrolysin.texts("dd", inside=shown)
    )
    assert len(faq["mainEntity"]) == 4


def test_last_reviewed_is_the_date_shown_in_the_sites_time_zone(client, db, settings):
    """Near midnight the review date differs between UTC and the site's zone: both the page and
    the structured data use the site's."""
    utc_today = timezone.now().date()
    settings.TIME_ZONE = next(
        zone
        for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago")  # UTC+14, UTC-11
        if datetime.now(ZoneInfo(zone)).date() != utc_today
    )
    compound = live_compound()

    page = Page(client.get(compound.get_absolute_url()))
    review = page.one("p", class_="monograph__review")

    assert graph(page)["MedicalWebPage"]["lastReviewed"] == review_date(page, review)
    assert graph(page)["MedicalWebPage"]["lastReviewed"] != utc_today.isoformat()


def review_date(page, review):
    return page.all("time", inside=review)[0]["datetime"]


@pytest.mark.parametrize(
    ("statuses", "kind"),
    [
        ([], "ChemicalSubstance"),
        (["not_approved", "research_only"], "ChemicalSubstance"),
        (["not_approved", "approved"], "Drug"),
        (["registered"], "Drug"),
        (["research_only", "clinical_use"], "Drug"),
    ],
)
def test_a_compound_is_a_drug_only_where_some_status_makes_it_a_medicine(
    client, db, statuses, kind
):
    compound = CompoundFactory(composition="A synthetic heptapeptide", routes="Intranasal")
    for status in statuses:
        RegulatoryStatusFactory(compound=compound, status=status)
    publish(compound)

    nodes = graph(Page(client.get(compound.get_absolute_url())))

    assert set(nodes) == {"MedicalWebPage", kind}  # no FAQ on the page, so no FAQPage
    if kind == "Drug":
        assert nodes["Drug"]["administrationRoute"] == "Intranasal"
    else:
        assert nodes["ChemicalSubstance"]["chemicalComposition"] == "A synthetic heptapeptide"


def test_hostile_text_in_a_name_or_faq_cannot_end_the_script_element(client, db):
    compound = CompoundFactory(name=f"Name {HOSTILE}", title=f"Title {HOSTILE}", synonyms=HOSTILE)
    FAQItemFactory(compound=compound, question=f"Question {HOSTILE}?", answer="An answer.")
    publish(compound)

    page = Page(client.get(compound.get_absolute_url()))

    assert len(page.all("script")) == 1
    assert "<script>alert" not in page.html
    nodes = graph(page)
    substance = nodes["ChemicalSubstance"]
    assert substance["name"] == f"Name {HOSTILE}"
    assert substance["alternateName"] == [HOSTILE]
    assert nodes["MedicalWebPage"]["name"] == f"Title {HOSTILE}"
    assert nodes["FAQPage"]["mainEntity"][0]["name"] == f"Question {HOSTILE}?"
    assert page.one("h1").text == f"Title {HOSTILE}"


def test_previews_carry_no_structured_data_and_are_not_indexed(client, editor_client, editor):
    compound = CompoundFactory(short_answer="Approved wording.")
    publish(compound)
    compound.short_answer = "Draft wording."
    compound.save()
    revision = record_revision(compound, staff_user("test-author", "Content staff"), "Draft")
    previews = {
        f"/admin/compounds/compound/{compound.pk}/preview/{revision.number}/": editor_client,
        f"/preview/{preview_token(revision, editor)}/": Client(),
    }

    for path, viewer in previews.items():
        response = viewer.get(path)
        page = Page(response)
        assert "Draft wording." in page.html
        assert page.all("script", type="application/ld+json") == []
        assert page.meta("robots") == "noindex, nofollow"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert page.canonical() is None


@pytest.fixture
def site(db):
    area = ResearchAreaFactory(slug="stroke")
    first = live_compound(area, name="Firstpeptide", slug="firstpeptide")
    live_compound(area, name="Secondpeptide", slug="secondpeptide")
    FAQItemFactory(compound=first)
    publish(first)


PAGES = {
    "home": ("/?utm_source=x", "/"),
    "monograph": ("/compounds/firstpeptide/?utm_source=x", "/compounds/firstpeptide/"),
    "change log": ("/compounds/firstpeptide/changes/", "/compounds/firstpeptide/changes/"),
    "research area": ("/research-areas/stroke/?utm_source=x", "/research-areas/stroke/"),
    "compare": (
        "/compare/?compounds=SECONDPEPTIDE,%20firstpeptide,Secondpeptide",
        "/compare/?compounds=secondpeptide,firstpeptide",
    ),
    "empty compare": ("/compare/", "/compare/"),
}


@pytest.mark.parametrize(("path", "canonical"), PAGES.values(), ids=PAGES.keys())
def test_every_public_page_names_its_absolute_canonical_address_as_og_url(
    client, site, path, canonical
):
    page = Page(client.get(path))

    assert is_absolute(page.canonical())
    assert page.canonical() == settings.SITE_URL + canonical
    assert page.meta("og:url") == page.canonical()


@pytest.mark.parametrize("path", [path for path, _ in PAGES.values()], ids=PAGES.keys())
def test_every_public_page_has_open_graph_and_twitter_titles_and_descriptions(client, site, path):
    page = Page(client.get(path))
    title = page.one("title", inside=page.one("head")).text

    assert page.meta("og:title") == page.meta("twitter:title") == title
    description = page.meta("description")
    assert description
    assert page.meta("og:description") == page.meta("twitter:description") == description
    assert page.meta("og:type") in ("website", "article")
    assert page.meta("og:site_name")
    assert page.meta("twitter:card") == "summary"


def test_only_live_monograph_pages_carry_structured_data(client, site):
    for path, _ in PAGES.values():
        page = Page(client.get(path))
        scripts = page.all("script", type="application/ld+json")
        assert len(scripts) == (1 if re.match(r"^/compounds/[^/]+/(\?|$)", path) else 0), path
