"""The home page (A-Z index, research areas, recent updates) and the research-area pages show
live monographs only, agree with the monographs they summarise, and lead to every public page."""

import re
from collections import deque
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.urls import resolve, reverse
from django.utils import timezone

from compounds.workflow.publishing import roll_back
from tests.factories import (
    CompoundFactory,
    GuidelineFactory,
    OutcomeFactory,
    ResearchAreaFactory,
    ReviewFactory,
)
from tests.pages import (
    DRAFT_EDIT,
    HIDDEN_WORDS,
    Page,
    edit_without_approval,
    hidden_compounds,
    live_compound,
)
from tests.publishing import publish, staff_user

# The current publications (with their listing cards); the approved site wording.
HOME_QUERIES = 2
# The current publications with evidence in the area; the approved site wording.
RESEARCH_AREA_QUERIES = 2


def index_groups(page):
    """[(letter, [compound names])] in the order the A-Z index shows them."""
    groups = []
    for element in page.elements:
        if element.tag == "h3" and "letter" in element.get("class", "").split():
            groups.append((element.text, []))
        elif element.tag == "h4" and "compound-card__name" in element.get("class", ""):
            groups[-1][1].append(element.text)
    return groups


def area_counts(page):
    return page.texts("li", inside=page.one("ul", class_="areas"))


def outcome_rows(page):
    """The rows of the research-area page's table of outcomes."""
    table = page.one("table", class_="outcomes-table")
    return page.all("tr", inside=page.one("tbody", inside=table))


def cells(page, row):
    """The text of each header and data cell of a table row, in order."""
    return [
        cell.text for cell in page.elements if cell.tag in ("th", "td") and row in cell.ancestors
    ]


def test_home_and_research_area_pages_show_only_live_content(client, db):
    area = ResearchAreaFactory(name="Stroke", slug="stroke")
    live = live_compound(area, name="Livepeptide")
    hidden_compounds(area)
    edit_without_approval(live, **DRAFT_EDIT)

    for path in ("/", "/research-areas/stroke/"):
        html = Page(client.get(path)).html
        assert "Livepeptide" in html
        for word in HIDDEN_WORDS:
            assert word not in html, (path, word)
    assert area_counts(Page(client.get("/"))) == ["Stroke (1 compound)"]


def test_a_research_area_with_only_draft_withdrawn_or_scheduled_evidence_is_404(
    client, db, monkeypatch
):
    hidden_compounds(ResearchAreaFactory(name="Only here", slug="only-here"))
    live_compound(ResearchAreaFactory())

    assert client.get("/research-areas/only-here/").status_code == 404
    assert "Only here" not in client.get("/").text

    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert "Scheduledpeptide" in Page(client.get("/research-areas/only-here/")).html


def test_evidence_a_draft_adds_in_a_new_area_shows_nowhere_until_approved(client, db):
    live = live_compound(ResearchAreaFactory(), name="Livepeptide")
    OutcomeFactory(review=ReviewFactory(compound=live, research_area__slug="new-area"))
    edit_without_approval(live)

    assert client.get("/research-areas/new-area/").status_code == 404
    assert "/research-areas/new-area/" not in client.get("/").text

    publish(live)
    assert "Livepeptide" in Page(client.get("/research-areas/new-area/")).html
    assert "/research-areas/new-area/" in client.get("/").text


def test_an_unknown_research_area_is_404(client, db):
    live_compound(ResearchAreaFactory(slug="stroke"))
    assert client.get("/research-areas/no-such-area/").status_code == 404
    assert client.get("/research-areas/strok/").status_code == 404


def test_home_lists_compounds_a_to_z_ignoring_case_grouped_by_first_letter(client, db):
    for name in ("beta-3", "Alpha", "Gamma", "alpha-2", "Beta", "delta"):
        live_compound(name=name)

    page = Page(client.get("/"))

    assert index_groups(page) == [
        ("A", ["Alpha", "alpha-2"]),
        ("B", ["Beta", "beta-3"]),
        ("D", ["delta"]),
        ("G", ["Gamma"]),
    ]
    nav = page.one("nav", class_="letters")
    letter_links = [(link.text, link["href"]) for link in page.all("a", inside=nav)]
    assert [text for text, _ in letter_links] == ["A", "B", "D", "G"]
    for text, href in letter_links:
        assert href.startswith("#")
        [target] = page.by_id(href[1:])
        assert (target.tag, target.text) == ("h3", text)


def test_each_home_card_shows_summary_human_evidence_and_highest_certainty(client, db):
    area = ResearchAreaFactory()
    graded = live_compound(area, name="Gradedpeptide", summary="Graded summary.", certainty="low")
    OutcomeFactory(review=graded.reviews.get(), certainty="high")
    OutcomeFactory(review=graded.reviews.get(), certainty="very_low")
    publish(graded)
    live_compound(
        name="Ungradedpeptide", summary="Ungraded summary.", human_evidence="preclinical_only"
    )

    page = Page(client.get("/"))
    cards = {
        page.one("h4", inside=card).text: card for card in page.all("li", class_="compound-card")
    }

    def shown(name, part):
        return page.one("p", inside=cards[name], class_=f"compound-card__{part}").text

    assert shown("Gradedpeptide", "summary") == "Graded summary."
    assert shown("Gradedpeptide", "evidence") == (
        "Strength of human evidence: Systematic reviews of human trials · "
        "Highest GRADE certainty: High"
    )
    assert shown("Ungradedpeptide", "summary") == "Ungraded summary."
    assert shown("Ungradedpeptide", "evidence") == (
        "Strength of human evidence: Preclinical (animal and cell) studies only"
    )


def test_home_counts_each_live_compound_once_per_research_area(client, db):
    stroke = ResearchAreaFactory(name="Stroke", slug="stroke")
    dementia = ResearchAreaFactory(name="dementia", slug="dementia")
    first = CompoundFactory()
    for area in (stroke, stroke, dementia):  # two reviews in stroke count once
        OutcomeFactory(review=ReviewFactory(compound=first, research_area=area))
    publish(first)
    live_compound(stroke)
    hidden_compounds(dementia)

    page = Page(client.get("/"))

    assert area_counts(page) == ["dementia (1 compound)", "Stroke (2 compounds)"]
    links = [link["href"] for link in page.all("a", inside=page.one("ul", class_="areas"))]
    assert links == ["/research-areas/dementia/", "/research-areas/stroke/"]


def test_recently_updated_shows_the_five_latest_updates_newest_first(client, db):
    compounds = [live_compound(name=f"Recent {number}") for number in range(1, 8)]
    compounds[0].summary = "Updated summary."
    compounds[0].save()
    publish(compounds[0])
    hidden_compounds(ResearchAreaFactory())

    page = Page(client.get("/"))
    recent = page.texts("a", inside=page.one("ul", class_="updates"))

    assert recent == ["Recent 1", "Recent 7", "Recent 6", "Recent 5", "Recent 4"]


def test_a_roll_back_counts_as_the_latest_update(client, db):
    first = live_compound(name="First")
    live_compound(name="Second")
    roll_back(first.publications.get(), staff_user("test-reviewer", "Reviewers"), "")

    page = Page(client.get("/"))

    assert page.texts("a", inside=page.one("ul", class_="updates")) == ["First", "Second"]


def same_site_links(page):
    return [href for href in page.links() if href.startswith("/") and not href.startswith("//")]


def test_every_public_page_type_is_reachable_from_the_home_page_and_every_link_works(client, demo):
    """Follow every link from the home page: each answers 200 (no redirect), each #fragment
    names an element of its page, and each page type is reached the way a visitor would."""
    pages, links, seen, queue = {}, set(), {"/"}, deque(["/"])
    while queue:
        url = queue.popleft()
        path, _, fragment = url.partition("#")
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, url
            is_html = response["Content-Type"].startswith("text/html")
            pages[path] = page = Page(response) if is_html else None
            name = resolve(urlsplit(path).path).url_name
            for href in same_site_links(page) if is_html else []:
                target = f"{path}{href}" if href.startswith("#") else href
                links.add((name, resolve(urlsplit(target).path).url_name))
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        if fragment:
            assert pages[path] is not None, url
            assert pages[path].by_id(fragment), url

    for route in ("monograph", "research_area", "compare"):
        assert ("index", route) in links
    assert ("monograph", "changes") in links
    assert ("monograph", "compare") in links
    assert ("research_area", "monograph") in links
    assert ("index", "feed") in links


def test_search_is_reachable_from_the_home_page(client, db):
    search = reverse("compounds:search")
    live_compound()
    page = Page(client.get("/"))
    forms = [form.get("action") for form in page.all("form")]
    assert search in same_site_links(page) + forms


def test_research_area_page_shows_every_live_compound_with_evidence_there(client, db):
    area = ResearchAreaFactory(name="Vascular dementia", slug="vascular-dementia")
    beta = live_compound(area, name="beta-peptide")
    alpha = CompoundFactory(name="Alpha-peptide")
    OutcomeFactory(review=ReviewFactory(compound=alpha, research_area=area))
    GuidelineFactory(compound=alpha, research_area=area, bodies="The Dementia Society")
    OutcomeFactory(review=ReviewFactory(compound=alpha))  # in another area: not shown here
    publish(alpha)
    live_compound(ResearchAreaFactory(), name="Elsewherepeptide")
    hidden_compounds(area)

    page = Page(client.get("/research-areas/vascular-dementia/"))

    assert page.one("h1").text == "Vascular dementia"
    assert page.texts("h2") == ["Alpha-peptide", "beta-peptide"]
    assert "Elsewherepeptide" not in page.html
    assert "Guideline: The Dementia Society, 2021" in page.texts("h3")
    assert [cells(page, row)[:2] for row in outcome_rows(page)] == [
        ["Alpha-peptide", alpha.outcomes.get(review__research_area=area).name.capitalize()],
        ["beta-peptide", beta.outcomes.get().name.capitalize()],
    ]


def test_research_area_outcomes_match_their_monographs_numbers_and_certainty(client, db):
    area = ResearchAreaFactory(slug="stroke")
    first, second = CompoundFactory(), CompoundFactory()
    review = ReviewFactory(compound=first, research_area=area)
    OutcomeFactory(review=review, measure="RR", estimate=Decimal("0.96"), certainty="moderate")
    OutcomeFactory(
        review=review,
        measure="MD",
        estimate=Decimal("-1.5"),
        ci_lower=Decimal("-2.25"),
        ci_upper=Decimal("-0.7"),
        certainty="low",
        studies=5,
        participants=1234,
    )
    OutcomeFactory(
        review=ReviewFactory(compound=second, research_area=area),
        measure="SMD",
        estimate=Decimal("0.25"),
        ci_lower=None,
        ci_upper=None,
        certainty="very_low",
        studies=1,
        participants=None,
    )
    publish(first)
    publish(second)

    area_page = Page(client.get("/research-areas/stroke/"))
    shown = {}
    for row in outcome_rows(area_page):
        compound, outcome, *numbers, review = cells(area_page, row)
        shown[outcome] = numbers
    on_monographs = {}
    for compound in (first, second):
        monograph = Page(client.get(compound.get_absolute_url()))
        for table in monograph.all("table", class_="outcomes-table"):
            for row in monograph.all("tr", inside=monograph.one("tbody", inside=table)):
                outcome, *numbers, meaning = cells(monograph, row)
                on_monographs[outcome] = numbers

    assert len(shown) == 3
    assert shown == on_monographs
    assert shown[first.outcomes.get(measure="MD").name.capitalize()] == [
        "Mean difference -1.50 95% CI -2.25 to -0.70",
        "Low",
        "5 studies 1,234 participants",
    ]


def test_research_area_links_to_compare_its_compounds(client, db):
    area = ResearchAreaFactory(slug="stroke")
    names = ["Zeta-peptide", "Eta-peptide", "Theta-peptide"]
    for name in names:
        live_compound(area, name=name)
    hidden_compounds(area)

    page = Page(client.get("/research-areas/stroke/"))
    [compare_link] = [href for href in page.links() if href.startswith("/compare/?")]
    compared = Page(client.get(compare_link))

    assert compared.texts("th", scope="col") == sorted(names)


def test_research_area_with_one_compound_offers_nothing_to_compare(client, db):
    live_compound(ResearchAreaFactory(slug="stroke"))
    page = Page(client.get("/research-areas/stroke/"))
    assert not [href for href in page.links() if href.startswith("/compare/?")]


def test_home_page_query_count_does_not_grow_with_compounds(client, db, django_assert_num_queries):
    areas = ResearchAreaFactory.create_batch(3)
    for number in range(2):
        live_compound(areas[number % 3])
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200

    for number in range(2, 30):
        live_compound(areas[number % 3])
    with django_assert_num_queries(HOME_QUERIES):
        page = Page(client.get("/"))
    assert len(page.all("li", class_="compound-card")) == 30


def test_research_area_query_count_does_not_grow_with_compounds(
    client, db, django_assert_num_queries
):
    area = ResearchAreaFactory(slug="stroke")
    live_compound(area)
    with django_assert_num_queries(RESEARCH_AREA_QUERIES):
        assert client.get("/research-areas/stroke/").status_code == 200

    for _ in range(9):
        compound = CompoundFactory()
        review = ReviewFactory(compound=compound, research_area=area)
        OutcomeFactory.create_batch(3, review=review)
        GuidelineFactory(compound=compound, research_area=area)
        publish(compound)
    with django_assert_num_queries(RESEARCH_AREA_QUERIES):
        page = Page(client.get("/research-areas/stroke/"))
    assert len(page.all("section", class_="area-compound")) == 10


def test_index_letter_of_a_name_not_starting_with_a_letter_is_hash(client, db):
    live_compound(name="5-Amino peptide")
    live_compound(name="Alpha")
    assert [letter for letter, _ in index_groups(Page(client.get("/")))] == ["#", "A"]


def test_a_name_with_markup_is_shown_as_text_on_the_home_and_area_pages(client, db):
    area = ResearchAreaFactory(name="<i>Area</i>", slug="marked-up")
    live_compound(area, name='<b onmouseover="x">Bold</b>', summary="<script>alert(1)</script>")

    for path in ("/", "/research-areas/marked-up/"):
        html = client.get(path).text
        assert "<b " not in html
        assert "<script>alert" not in html
        assert "<i>Area" not in html
        assert re.search(r"&lt;b onmouseover=(&#34;|&quot;)x(&#34;|&quot;)&gt;Bold", html)
