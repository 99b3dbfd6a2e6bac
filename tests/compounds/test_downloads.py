"""Downloads of a live monograph's data: outcomes as CSV and JSON, references as RIS and BibTeX."""

import codecs
import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings

from compounds.site.downloads import references_as_bibtex
from compounds.workflow import publishing
from compounds.workflow.revisions import record_revision
from tests.factories import CompoundFactory, OutcomeFactory, ReferenceFactory, ReviewFactory
from tests.publishing import publish, staff_user

DOWNLOADS = {
    "outcomes.csv": "text/csv; charset=utf-8",
    "outcomes.json": "application/json; charset=utf-8",
    "references.ris": "application/x-research-info-systems; charset=utf-8",
    "references.bib": "application/x-bibtex; charset=utf-8",
}
HOSTILE_NAME = 'pain, "severe"\nor worse'
HOSTILE_FORMULA = '=HYPERLINK("https://evil.example","click")'


def download(client, compound, filename):
    response = client.get(f"/compounds/{compound.slug}/{filename}")
    assert response.status_code == 200
    return response


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def cell(value):
    """How a JSON value reads in a CSV cell: empty for none."""
    return "" if value is None else str(value)


def ris_records(text):
    """Each record's lines, split at the ER line that ends it."""
    records = [block.strip("\r\n") for block in text.split("ER  - ")]
    assert records[-1] == ""
    return [record.split("\r\n") for record in records[:-1]]


def bibtex_entries(text):
    return re.findall(r"^@article\{([^,]+),$", text, flags=re.MULTILINE)


def braces_balance(text):
    """Whether every brace closes, counting escaped ones too, as BibTeX does."""
    depth = 0
    for character in text:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def monograph_with_reviews(count):
    compound = CompoundFactory()
    for _ in range(count):
        OutcomeFactory(review=ReviewFactory(compound=compound))
    return compound


@pytest.fixture
def hostile(db):
    """A live compound whose outcomes and reference carry text that breaks naive exports."""
    reference = ReferenceFactory(
        authors="O'Brien-Smith JA, de la Cruz M, World Health Organization, et al.",
        title="50% of {patients & $costs #1 under_score \\ ~ ^ newline\nER  - injected",
        pages="3883-3920",
    )
    review = ReviewFactory(reference=reference)
    OutcomeFactory(review=review, name=HOSTILE_NAME)
    OutcomeFactory(review=review, name=HOSTILE_FORMULA)
    OutcomeFactory(review=review, name="@SUM(A1)")
    OutcomeFactory(
        review=review,
        name="-1+cmd",
        measure="MD",
        estimate=Decimal("-0.31"),
        ci_lower=Decimal("-0.52"),
        ci_upper=Decimal("-0.10"),
    )
    publish(review.compound)
    return review.compound


@pytest.mark.parametrize("filename", DOWNLOADS)
def test_downloads_show_the_approved_content_not_the_edited_working_copy(client, db, filename):
    reference = ReferenceFactory(title="Approved review title")
    outcome = OutcomeFactory(
        review=ReviewFactory(reference=reference), name="approved outcome name"
    )
    compound = outcome.compound
    publish(compound)
    outcome.name = "draft outcome name"
    outcome.save()
    reference.title = "Draft review title"
    reference.save()
    record_revision(compound, staff_user("test-author", "Content staff"), "Not yet approved")

    text = download(client, compound, filename).content.decode()

    assert "Draft" not in text
    assert "draft outcome name" not in text
    assert "Approved review title" in text
    if filename.startswith("outcomes"):
        assert "approved outcome name" in text


@pytest.mark.parametrize("filename", DOWNLOADS)
def test_downloads_answer_404_unless_the_compound_is_live(client, db, filename):
    draft_only = CompoundFactory()
    withdrawn = monograph_with_reviews(1)
    publish(withdrawn)
    publishing.unpublish(withdrawn, staff_user("test-reviewer", "Reviewers"), "Withdrawn")

    for slug in ("no-such-compound", draft_only.slug, withdrawn.slug):
        assert client.get(f"/compounds/{slug}/{filename}").status_code == 404


@pytest.mark.parametrize(("filename", "content_type"), DOWNLOADS.items())
def test_downloads_are_attachments_named_after_the_compound(client, db, filename, content_type):
    compound = monograph_with_reviews(1)
    publish(compound)

    response = download(client, compound, filename)

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{compound.slug}-{filename}"'


@pytest.mark.parametrize("filename", DOWNLOADS)
def test_each_download_costs_one_query_however_large_the_monograph(
    client, db, django_assert_num_queries, filename
):
    small, large = monograph_with_reviews(1), monograph_with_reviews(25)
    publish(small)
    publish(large)

    for compound in (small, large):
        with django_assert_num_queries(1):  # the live publication of the slug
            download(client, compound, filename)


def test_cerebrolysin_csv_has_every_outcome_with_the_numbers_of_the_monograph_json(client, demo):
    document = client.get("/compounds/cerebrolysin.json").json()
    references = {reference["number"]: reference for reference in document["references"]}
    expected = [
        {
            "research_area": area["name"],
            "review_label": review["label"],
            "review_doi": references[review["citation"]]["doi"],
            "review_pmid": references[review["citation"]]["pmid"],
            "review_citation": str(review["citation"]),
            "outcome": outcome["name"],
            "measure": outcome["measure"],
            "estimate": outcome["estimate"],
            "ci_lower": cell(outcome["ci_lower"]),
            "ci_upper": cell(outcome["ci_upper"]),
            "certainty_label": outcome["certainty_label"],
            "studies": cell(outcome["studies"]),
            "participants": cell(outcome["participants"]),
            "statement": outcome["statement"],
        }
        for area in document["evidence"]["areas"]
        for review in area["reviews"]
        for outcome in review["outcomes"]
    ]

    response = client.get("/compounds/cerebrolysin/outcomes.csv")

    assert response.content.startswith(codecs.BOM_UTF8)
    rows = [{column: row[column] for column in expected[0]} for row in csv_rows(response)]
    assert rows == expected
    assert len(rows) == 3


def test_outcomes_json_says_whose_approval_it_carries(client, db):
    compound = monograph_with_reviews(2)
    publication = publish(compound)

    payload = download(client, compound, "outcomes.json").json()

    assert payload["schema_version"] == 1
    assert payload["compound"] == compound.name
    assert payload["slug"] == compound.slug
    assert payload["url"] == f"{settings.SITE_URL}/compounds/{compound.slug}/"
    assert datetime.datetime.fromisoformat(payload["reviewed_at"]) == publication.approved_at
    assert payload["reviewed_by"] == publication.approver_name
    assert [row["outcome"] for row in payload["outcomes"]] == [
        outcome.name for outcome in compound.outcomes.order_by("position", "id")
    ]


def test_outcomes_json_has_the_csv_rows_with_text_left_as_written(client, hostile):
    payload = download(client, hostile, "outcomes.json").json()
    rows = csv_rows(download(client, hostile, "outcomes.csv"))

    as_cells = [
        {column: cell(value) for column, value in row.items()} for row in payload["outcomes"]
    ]
    assert as_cells[0] == rows[0]
    assert as_cells[3] == rows[3] | {"outcome": "-1+cmd"}
    assert payload["outcomes"][1]["outcome"] == HOSTILE_FORMULA  # JSON is not a spreadsheet


def test_csv_round_trips_commas_quotes_and_newlines(client, hostile):
    rows = csv_rows(download(client, hostile, "outcomes.csv"))

    assert rows[0]["outcome"] == HOSTILE_NAME
    assert HOSTILE_NAME in rows[0]["statement"]


def test_csv_neutralises_formulas_but_keeps_negative_numbers_numeric(client, hostile):
    rows = csv_rows(download(client, hostile, "outcomes.csv"))

    assert [row["outcome"] for row in rows[1:]] == [f"'{HOSTILE_FORMULA}", "'@SUM(A1)", "'-1+cmd"]
    assert (rows[3]["estimate"], rows[3]["ci_lower"], rows[3]["ci_upper"]) == (
        "-0.31",
        "-0.52",
        "-0.1",
    )
    assert not any(
        cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row.values()
    )


def test_ris_has_one_record_per_reference_with_one_author_line_per_author(client, demo):
    references = client.get("/compounds/cerebrolysin.json").json()["references"]

    text = client.get("/compounds/cerebrolysin/references.ris").content.decode()

    records = ris_records(text)
    assert len(records) == len(references) == 4
    assert all(record[0] == "TY  - JOUR" for record in records)
    authors = [[line for line in record if line.startswith("AU  - ")] for record in records]
    by_key = dict(zip([reference["key"] for reference in references], authors, strict=True))
    assert by_key["ziganshina2023"] == [
        "AU  - Ziganshina, L.E.",
        "AU  - Abakumova, T.",
        "AU  - Nurkhametova, D.",
        "AU  - Ivanchenko, K.",
    ]
    assert len(by_key["chen2013"]) == 6
    assert len(by_key["quinn2021"]) == 3  # "et al." is not an author
    quinn = records[[reference["key"] for reference in references].index("quinn2021")]
    for line in (
        "T2  - European Journal of Neurology",
        "PY  - 2021",
        "VL  - 28",
        "IS  - 12",
        "SP  - 3883",
        "EP  - 3920",
        "DO  - 10.1111/ene.15068",
        "AN  - 34476868",
        "UR  - https://doi.org/10.1111/ene.15068",
    ):
        assert line in quinn
    assert "\n" not in text.replace("\r\n", "")


def test_ris_keeps_each_hostile_value_on_its_own_line(client, hostile):
    records = ris_records(download(client, hostile, "references.ris").content.decode())

    assert len(records) == 1
    assert [line for line in records[0] if line.startswith("AU  - ")] == [
        "AU  - O'Brien-Smith, J.A.",
        "AU  - de la Cruz, M.",
        "AU  - World Health Organization",
    ]
    assert (
        "TI  - 50% of {patients & $costs #1 under_score \\ ~ ^ newline ER - injected"
        in (records[0])
    )


def test_bibtex_escapes_special_characters_and_balances_braces(client, hostile):
    text = download(client, hostile, "references.bib").content.decode()

    assert braces_balance(text)
    assert (
        r"title = {{50\% of \textbraceleft{}patients \& \$costs \#1 under\_score "
        r"\textbackslash{} \textasciitilde{} \textasciicircum{} newline ER - injected}},"
    ) in text
    assert (
        "author = {O'Brien-Smith, J. A. and de la Cruz, M. and {World Health Organization} "
        "and others},"
    ) in text
    assert "pages = {3883--3920}," in text


def test_bibtex_has_one_entry_per_reference_with_doi_and_pmid(client, demo):
    references = client.get("/compounds/cerebrolysin.json").json()["references"]

    text = client.get("/compounds/cerebrolysin/references.bib").content.decode()

    assert bibtex_entries(text) == [reference["key"] for reference in references]
    assert braces_balance(text)
    assert "  doi = {10.1111/ene.15068},\n  pmid = {34476868}\n}" in text
    assert "  doi = {10.1002/14651858.cd007026.pub7}\n}" in text


def test_bibtex_keys_stay_unique_when_sanitised_keys_collide():
    # Reference keys are validated slugs, so only a document from outside can collide.
    document = {
        "references": [
            {"number": number, "key": key, "authors": "", "title": "T", "journal": "J"}
            | {"year": 2020}
            | dict.fromkeys(("volume", "issue", "pages", "doi", "pmid"), "")
            for number, key in enumerate(
                ("smith2020", "Smith 2020", "smith{2020}", "", "smith2020-2"), start=1
            )
        ]
    }

    keys = bibtex_entries(references_as_bibtex(document))

    assert len({key.lower() for key in keys}) == 5
    assert keys[:4] == ["smith2020", "Smith2020-2", "smith2020-3", "ref4"]
    assert all(re.fullmatch(r"[\w:.-]+", key, flags=re.ASCII) for key in keys)
