"""/compare/ puts live monographs side by side, chosen by slug, name or synonym in any case, and
answers any input, however hostile, with a normal page that says what it could not match."""

import pytest

from compounds.site.compare import MAX_COMPARED
from tests.factories import (
    ComparisonFactory,
    CompoundFactory,
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
from tests.publishing import publish

# The listing cards of the current publications; the chosen current publications' documents;
# the approved site wording.
COMPARE_QUERIES = 3


@pytest.fixture
def three(db):
    """Cerebrolysin (also FPF-1070), Semax and Dihexa, live."""
    return [
        live_compound(name="Cerebrolysin", slug="cerebrolysin", synonyms="FPF-1070, Cerebrolysate"),
        live_compound(name="Semax", slug="semax"),
        live_compound(name="Dihexa", slug="dihexa", synonyms="PNB-0408"),
    ]


def compare(client, terms):
    return Page(client.get("/compare/", {"compounds": terms}))


def compared(page):
    """The compounds the comparison table shows, left to right."""
    return page.texts("th", scope="col")


def errors(page):
    """The error messages shown above the comparison."""
    boxes = page.all("div", class_="form-errors")
    return [item for box in boxes for item in page.all("li", inside=box)]


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ("semax,dihexa", ["Semax", "Dihexa"]),
        ("dihexa, CEREBROLYSIN , sEmAx", ["Dihexa", "Cerebrolysin", "Semax"]),
        ("fpf-1070,pnb-0408", ["Cerebrolysin", "Dihexa"]),
        ("Cerebrolysate,DIHEXA,semax", ["Cerebrolysin", "Dihexa", "Semax"]),
    ],
    ids=["slugs", "names in any case", "synonyms", "mixed"],
)
def test_compare_finds_compounds_by_slug_name_or_synonym_in_any_case_in_the_order_given(
    client, three, terms, expected
):
    page = compare(client, terms)
    assert compared(page) == expected
    assert errors(page) == []


def test_compare_shows_each_compound_once_however_often_it_is_named(client, three):
    page = compare(client, "semax, Semax,SEMAX, dihexa, PNB-0408, semax")
    assert compared(page) == ["Semax", "Dihexa"]
    assert errors(page) == []


def test_compare_never_shows_draft_withdrawn_or_scheduled_compounds(client, three):
    hidden_compounds(ResearchAreaFactory())
    edit_without_approval(three[1], **DRAFT_EDIT)

    page = compare(client, "semax")
    for word in HIDDEN_WORDS:
        assert word not in page.html

    page = compare(
        client, "draftonlypeptide,Withdrawnpeptide,scheduledpeptide,Renamed in a draft,dihexa"
    )
    assert compared(page) == ["Dihexa"]
    assert [error.text for error in errors(page)] == [
        "No published monograph matches “draftonlypeptide”.",
        "No published monograph matches “Withdrawnpeptide”.",
        "No published monograph matches “scheduledpeptide”.",
        "No published monograph matches “Renamed in a draft”.",
    ]
    assert sorted(option["value"] for option in page.all("option")) == [
        "Cerebrolysin",
        "Dihexa",
        "Semax",
    ]


def test_an_unknown_term_gets_a_clear_error_and_a_near_miss_a_suggestion(client, three):
    page = compare(client, "semax, cerebrolisin, zzzzzz")

    assert compared(page) == ["Semax"]
    near_miss, unknown = errors(page)
    assert near_miss.text.startswith("No published monograph matches “cerebrolisin”. Did you mean")
    [suggestion] = page.all("a", inside=near_miss)
    assert "cerebrolysin" in suggestion["href"]
    assert "Cerebrolysin" in Page(client.get(suggestion["href"])).html
    assert unknown.text == "No published monograph matches “zzzzzz”."
    assert page.meta("robots") == "noindex"


def test_nothing_to_compare_asks_for_compounds_and_is_not_indexed(client, three):
    page = compare(client, "")
    assert compared(page) == []
    assert errors(page) == []
    assert page.meta("robots") == "noindex"
    assert page.one("input", name="compounds")["value"] == ""


def test_more_than_six_compounds_shows_the_first_six_and_says_so(client, db):
    names = [f"Peptide {letter}" for letter in "GFEDCBA"]
    for name in names:
        live_compound(name=name)

    page = compare(client, ",".join(names))

    assert compared(page) == names[:MAX_COMPARED]
    [message] = errors(page)
    assert message.text.startswith("Up to 6 compounds can be compared at once")


@pytest.mark.parametrize(
    "terms",
    [
        "x" * 10_000,
        "semax," * 2_000,
        "a," * 5_000,
        ",,,,,,",
        " , , ",
        '"semax\', "dihexa"',
        "<script>alert(1)</script>,semax",
        '"><script>alert(1)</script>',
        "semax\x00,\x00dihexa",
        "\x00",
        "%00,%2C,&amp;,&#0;",
        "\u202esemax,\ufeffdihexa,\U0001f600",
    ],
    ids=[
        "10000 characters",
        "one name 2000 times",
        "5000 terms",
        "commas only",
        "blank terms",
        "quotes",
        "script",
        "attribute break-out",
        "NUL inside terms",
        "NUL alone",
        "encoded",
        "odd unicode",
    ],
)
def test_hostile_input_gets_a_normal_page_with_the_text_escaped(client, three, terms):
    page = compare(client, terms)  # asserts 200

    assert "<script>alert" not in page.html
    assert len(page.all("script")) == 0
    assert "\x00" not in page.html
    assert len(page.one("input", name="compounds")["value"]) <= 1000
    assert (
        len(errors(page) if page.all("div", class_="form-errors") else []) <= 2 * MAX_COMPARED + 1
    )
    if "<script>" in terms:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.html


def test_the_monograph_links_to_compare_only_with_live_compounds(client, db):
    main = CompoundFactory(name="Mainpeptide", slug="mainpeptide")
    live_other = live_compound(name="Liveother", slug="liveother")
    draft, withdrawn, scheduled = hidden_compounds(ResearchAreaFactory())
    for other in (draft, live_other, withdrawn, scheduled):
        ComparisonFactory(compound=main, other=other)
    publish(main)

    monograph = Page(client.get("/compounds/mainpeptide/"))
    [link] = [href for href in monograph.links() if href.startswith("/compare/?")]

    assert link == "/compare/?compounds=mainpeptide,liveother"
    assert compared(Page(client.get(link))) == ["Mainpeptide", "Liveother"]


def test_a_monograph_compared_only_with_unpublished_compounds_has_no_compare_link(client, db):
    main = CompoundFactory(slug="mainpeptide")
    for other in hidden_compounds(ResearchAreaFactory()):
        ComparisonFactory(compound=main, other=other)
    publish(main)

    monograph = Page(client.get("/compounds/mainpeptide/"))
    assert not [href for href in monograph.links() if href.startswith("/compare/?")]


def test_compare_query_count_does_not_grow_with_compounds(client, db, django_assert_num_queries):
    compounds = []
    for _ in range(MAX_COMPARED):
        compound = CompoundFactory()
        OutcomeFactory.create_batch(3, review=ReviewFactory(compound=compound))
        publish(compound)
        compounds.append(compound)

    for chosen in (compounds[:2], compounds):
        with django_assert_num_queries(COMPARE_QUERIES):
            page = compare(client, ",".join(compound.slug for compound in chosen))
        assert len(compared(page)) == len(chosen)


def test_control_characters_in_names_are_ignored(client, three):
    page = compare(client, "se\x00max,\x07dihexa\x1f")
    assert compared(page) == ["Semax", "Dihexa"]
    assert errors(page) == []
