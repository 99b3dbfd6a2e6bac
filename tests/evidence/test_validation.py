"""Every evidence rule, proved through the admin's forms and again against the database itself.

A refused save must say what is wrong on the field that is wrong, show the editor what they typed,
and leave the database exactly as it was.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Upper

from evidence.models import GuidelineRecommendation, Outcome, Reference, Regimen
from tests.admin_forms import (
    add_inline_row,
    add_url,
    admin_url,
    aggregate_snapshot,
    assert_saved,
    change_form_data,
    form_errors,
    post_change,
    refused_errors,
    rendered_value,
)
from tests.factories import (
    CompoundFactory,
    GuidelineFactory,
    OutcomeFactory,
    ReferenceFactory,
    RegimenFactory,
    ResearchAreaFactory,
    ReviewFactory,
)


@pytest.fixture
def monograph(db):
    """A compound with two reviews (2020 and 2022), an outcome, a regimen and a 2021 guideline.

    Row 0 of each inline is: outcome RR 0.80 (95% CI 0.60 to 1.05); regimen 100/300/600 µg over
    5 to 14 days; guideline of 2021 based on no review.
    """
    compound = CompoundFactory()
    review = ReviewFactory(compound=compound, reference__year=2020)
    ReviewFactory(compound=compound, reference__year=2022)
    OutcomeFactory(review=review, tag="death", name="all-cause death")
    RegimenFactory(compound=compound)
    GuidelineFactory(compound=compound, year=2021)
    return compound


# Outcomes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"ci_lower": "0.90"},
            "ci_lower",
            "The lower CI limit cannot be above the estimate.",
            id="lower-limit-above-estimate",
        ),
        pytest.param(
            {"estimate": "0.55"},
            "ci_lower",
            "The lower CI limit cannot be above the estimate.",
            id="estimate-below-interval",
        ),
        pytest.param(
            {"ci_upper": "0.70"},
            "ci_upper",
            "The upper CI limit cannot be below the estimate.",
            id="upper-limit-below-estimate",
        ),
        pytest.param(
            {"estimate": "1.20"},
            "ci_upper",
            "The upper CI limit cannot be below the estimate.",
            id="estimate-above-interval",
        ),
        pytest.param(
            {"ci_upper": ""},
            "ci_upper",
            "Give both ends of the 95% CI, or neither.",
            id="only-lower-limit",
        ),
        pytest.param(
            {"ci_lower": ""},
            "ci_lower",
            "Give both ends of the 95% CI, or neither.",
            id="only-upper-limit",
        ),
        pytest.param(
            {"estimate": "0", "ci_lower": "", "ci_upper": ""},
            "estimate",
            "risk ratio must be greater than 0.",
            id="risk-ratio-zero",
        ),
        pytest.param(
            {"measure": "OR", "estimate": "-0.5", "ci_lower": "", "ci_upper": ""},
            "estimate",
            "odds ratio must be greater than 0.",
            id="odds-ratio-negative",
        ),
        pytest.param(
            {"measure": "HR", "ci_lower": "0"},
            "ci_lower",
            "hazard ratio CI must be greater than 0.",
            id="hazard-ratio-lower-limit-zero",
        ),
        pytest.param(
            {"ci_lower": "-0.2"},
            "ci_lower",
            "risk ratio CI must be greater than 0.",
            id="risk-ratio-lower-limit-negative",
        ),
        pytest.param(
            {"certainty": "certain"},
            "certainty",
            "Select a valid choice. certain is not one of the available choices.",
            id="certainty-outside-grade",
        ),
        pytest.param(
            {"statement_override": "Cerebrolysin clearly saves lives.", "override_reason": ""},
            "override_reason",
            "Say why the generated GRADE statement is overridden.",
            id="override-without-reason",
        ),
        pytest.param(
            {"statement_override": "Cerebrolysin clearly saves lives.", "override_reason": "  "},
            "override_reason",
            "Say why the generated GRADE statement is overridden.",
            id="override-with-blank-reason",
        ),
    ],
)
def test_outcome_breaking_a_rule_is_refused_on_that_field_and_keeps_the_typed_values(
    editor_client, monograph, changes, field, message
):
    before = aggregate_snapshot(monograph)
    posted = {f"outcomes-0-{name}": value for name, value in changes.items()}

    response = post_change(editor_client, monograph, **posted)

    errors = refused_errors(response, monograph, before)
    assert any(message in error for error in errors[f"outcomes-0-{field}"]), errors
    for name, value in posted.items():
        if name != "outcomes-0-certainty":  # a select cannot show a value it does not offer
            assert rendered_value(response, name) == value


def test_outcome_with_lower_ci_above_estimate_is_refused_on_that_field_and_keeps_the_typed_values(
    editor_client, monograph
):
    url = admin_url(monograph)
    data = change_form_data(editor_client.get(url))
    data["title"] = "A title typed in the same save"
    review = monograph.reviews.first()
    add_inline_row(
        data,
        "outcomes",
        review=str(review.pk),
        tag="disability",
        name="disability",
        measure="RR",
        estimate="1.10",
        ci_lower="1.25",
        ci_upper="1.60",
        certainty="low",
        effect_size="small",
        position="1",
    )
    before = aggregate_snapshot(monograph)

    response = editor_client.post(url, data)

    errors = refused_errors(response, monograph, before)
    assert errors["outcomes-1-ci_lower"] == ["The lower CI limit cannot be above the estimate."]
    assert rendered_value(response, "outcomes-1-ci_lower") == "1.25"
    assert rendered_value(response, "outcomes-1-estimate") == "1.10"
    assert rendered_value(response, "outcomes-1-tag") == "disability"
    assert rendered_value(response, "title") == "A title typed in the same save"
    assert not Outcome.objects.filter(tag="disability").exists()


@pytest.mark.parametrize("certainty", ["high", "moderate", "low", "very_low", "not_graded"])
def test_outcome_accepts_every_grade_certainty(editor_client, monograph, certainty):
    assert_saved(post_change(editor_client, monograph, **{"outcomes-0-certainty": certainty}))
    assert monograph.outcomes.get().certainty == certainty


def test_outcome_without_a_confidence_interval_is_saved(editor_client, monograph):
    response = post_change(
        editor_client, monograph, **{"outcomes-0-ci_lower": "", "outcomes-0-ci_upper": ""}
    )

    assert_saved(response)
    outcome = monograph.outcomes.get()
    assert (outcome.estimate, outcome.ci_lower, outcome.ci_upper) == (Decimal("0.8"), None, None)


def test_outcome_interval_may_touch_the_estimate(editor_client, monograph):
    response = post_change(
        editor_client, monograph, **{"outcomes-0-ci_lower": "0.80", "outcomes-0-ci_upper": "0.80"}
    )

    assert_saved(response)
    assert monograph.outcomes.get().ci_lower == Decimal("0.8")


@pytest.mark.parametrize("measure", ["MD", "WMD", "SMD"])
def test_difference_measures_may_be_negative(editor_client, monograph, measure):
    response = post_change(
        editor_client,
        monograph,
        **{
            "outcomes-0-measure": measure,
            "outcomes-0-estimate": "-2.5",
            "outcomes-0-ci_lower": "-4.1",
            "outcomes-0-ci_upper": "-0.9",
        },
    )

    assert_saved(response)
    outcome = monograph.outcomes.get()
    assert (outcome.measure, outcome.estimate, outcome.ci_lower, outcome.ci_upper) == (
        measure,
        Decimal("-2.5"),
        Decimal("-4.1"),
        Decimal("-0.9"),
    )


def test_statement_override_with_a_reason_is_saved(editor_client, monograph):
    response = post_change(
        editor_client,
        monograph,
        **{
            "outcomes-0-statement_override": "The effect on death is uncertain.",
            "outcomes-0-override_reason": "The review authors downgraded for imprecision.",
        },
    )

    assert_saved(response)
    assert monograph.outcomes.get().statement == "The effect on death is uncertain."


def new_outcome_row(review, tag, **fields):
    return {
        "review": str(review.pk),
        "tag": tag,
        "name": tag.replace("-", " "),
        "measure": "RR",
        "estimate": "0.90",
        "ci_lower": "0.70",
        "ci_upper": "1.10",
        "certainty": "low",
        "effect_size": "small",
        "position": "5",
        **fields,
    }


def test_outcome_tag_already_used_by_the_compound_is_refused_on_the_tag(editor_client, monograph):
    url = admin_url(monograph)
    data = change_form_data(editor_client.get(url))
    add_inline_row(data, "outcomes", **new_outcome_row(monograph.reviews.last(), "death"))
    before = aggregate_snapshot(monograph)

    response = editor_client.post(url, data)

    errors = refused_errors(response, monograph, before)
    assert any("tag" in message.lower() for message in errors.get("outcomes-1-tag", [])), errors
    assert rendered_value(response, "outcomes-1-tag") == "death"


def test_outcome_tag_typed_twice_in_one_save_is_refused_on_the_tag(editor_client, monograph):
    url = admin_url(monograph)
    data = change_form_data(editor_client.get(url))
    review = monograph.reviews.last()
    add_inline_row(data, "outcomes", **new_outcome_row(review, "disability"))
    add_inline_row(data, "outcomes", **new_outcome_row(review, "disability", position="6"))
    before = aggregate_snapshot(monograph)

    response = editor_client.post(url, data)

    errors = refused_errors(response, monograph, before)
    assert any(
        "tag" in message.lower()
        for name in ("outcomes-1-tag", "outcomes-2-tag")
        for message in errors.get(name, [])
    ), errors


def test_the_same_outcome_tag_may_be_used_by_another_compound(editor_client, monograph):
    other = CompoundFactory()
    review = ReviewFactory(compound=other)
    url = admin_url(other)
    data = change_form_data(editor_client.get(url))
    add_inline_row(data, "outcomes", **new_outcome_row(review, "death"))

    assert_saved(editor_client.post(url, data))
    assert Outcome.objects.filter(tag="death").count() == 2


def test_outcome_from_a_review_of_another_compound_is_refused_on_the_review(
    editor_client, monograph
):
    foreign_review = ReviewFactory(compound=CompoundFactory())
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{"outcomes-0-review": foreign_review.pk})

    errors = refused_errors(response, monograph, before)
    assert errors["outcomes-0-review"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_new_outcome_from_a_review_of_another_compound_is_refused(editor_client, monograph):
    url = admin_url(monograph)
    data = change_form_data(editor_client.get(url))
    foreign_review = ReviewFactory(compound=CompoundFactory())
    add_inline_row(data, "outcomes", **new_outcome_row(foreign_review, "disability"))
    before = aggregate_snapshot(monograph)

    response = editor_client.post(url, data)

    errors = refused_errors(response, monograph, before)
    assert "outcomes-1-review" in errors
    assert not Outcome.objects.filter(tag="disability").exists()


# Regimens -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"amount_min": "400"},
            "amount_min",
            "The lowest amount cannot be above the typical amount.",
            id="min-above-typical",
        ),
        pytest.param(
            {"amount_typical": "", "amount_min": "700"},
            "amount_min",
            "The lowest amount cannot be above the highest amount.",
            id="min-above-max",
        ),
        pytest.param(
            {"amount_typical": "700"},
            "amount_max",
            "The highest amount cannot be below the typical amount.",
            id="typical-above-max",
        ),
        pytest.param(
            {"amount_min": "0"}, "amount_min", "An amount must be greater than 0.", id="min-zero"
        ),
        pytest.param(
            {"amount_typical": "0"},
            "amount_typical",
            "An amount must be greater than 0.",
            id="typical-zero",
        ),
        pytest.param(
            {"amount_max": "0"}, "amount_max", "An amount must be greater than 0.", id="max-zero"
        ),
        pytest.param(
            {"amount_min": "-5"},
            "amount_min",
            "An amount must be greater than 0.",
            id="min-negative",
        ),
        pytest.param(
            {"amount_min": "", "amount_typical": "-1"},
            "amount_typical",
            "An amount must be greater than 0.",
            id="typical-negative",
        ),
        pytest.param(
            {"amount_max": "-600"},
            "amount_max",
            "An amount must be greater than 0.",
            id="max-negative",
        ),
        pytest.param(
            {"amount_typical": "", "amount_max": ""},
            "amount_typical",
            "Give the typical amount, the highest amount, or both.",
            id="no-typical-or-max",
        ),
        pytest.param(
            {"course_min_days": "21", "course_max_days": "10"},
            "course_max_days",
            "The longest course cannot be shorter than the shortest.",
            id="course-reversed",
        ),
    ],
)
def test_regimen_breaking_a_rule_is_refused_on_that_field_and_keeps_the_typed_values(
    editor_client, monograph, changes, field, message
):
    before = aggregate_snapshot(monograph)
    posted = {f"regimens-0-{name}": value for name, value in changes.items()}

    response = post_change(editor_client, monograph, **posted)

    errors = refused_errors(response, monograph, before)
    assert message in errors[f"regimens-0-{field}"]
    for name, value in posted.items():
        assert rendered_value(response, name) == value


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"amount_min": "", "amount_max": ""}, id="typical-only"),
        pytest.param({"amount_min": "", "amount_typical": ""}, id="max-only"),
        pytest.param({"amount_typical": ""}, id="min-and-max"),
        pytest.param(
            {"amount_min": "0.5", "amount_typical": "0.5", "amount_max": "0.5"}, id="all-equal"
        ),
        pytest.param({"course_min_days": "10", "course_max_days": "10"}, id="one-course-length"),
        pytest.param({"course_min_days": "", "course_max_days": ""}, id="no-course"),
    ],
)
def test_regimen_within_the_rules_is_saved(editor_client, monograph, changes):
    response = post_change(
        editor_client, monograph, **{f"regimens-0-{name}": v for name, v in changes.items()}
    )

    assert_saved(response)
    regimen = monograph.regimens.get()
    for name, value in changes.items():
        assert getattr(regimen, name) == (None if value == "" else Decimal(value))


# Guidelines -----------------------------------------------------------------------------------


def test_guideline_based_on_a_review_published_after_it_is_refused_on_based_on(
    editor_client, monograph
):
    later_review = monograph.reviews.get(reference__year=2022)
    before = aggregate_snapshot(monograph)

    response = post_change(
        editor_client,
        monograph,
        **{"guidelines-0-based_on": str(later_review.pk), "guidelines-0-bodies": "Typed body"},
    )

    errors = refused_errors(response, monograph, before)
    assert errors["guidelines-0-based_on"] == [
        "A 2021 guideline cannot be based on a review published in 2022."
    ]
    assert rendered_value(response, "guidelines-0-based_on") == str(later_review.pk)
    assert rendered_value(response, "guidelines-0-bodies") == "Typed body"


def test_guideline_moved_to_a_year_before_its_review_is_refused_on_based_on(
    editor_client, monograph
):
    review = monograph.reviews.get(reference__year=2020)
    GuidelineRecommendation.objects.update(based_on=review)
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{"guidelines-0-year": "2019"})

    errors = refused_errors(response, monograph, before)
    assert errors["guidelines-0-based_on"] == [
        "A 2019 guideline cannot be based on a review published in 2020."
    ]
    assert rendered_value(response, "guidelines-0-year") == "2019"


@pytest.mark.parametrize("guideline_year", ["2020", "2024"])
def test_guideline_based_on_a_review_published_before_or_in_its_year_is_saved(
    editor_client, monograph, guideline_year
):
    review = monograph.reviews.get(reference__year=2020)

    response = post_change(
        editor_client,
        monograph,
        **{"guidelines-0-based_on": str(review.pk), "guidelines-0-year": guideline_year},
    )

    assert_saved(response)
    assert monograph.guidelines.get().based_on == review


def test_guideline_based_on_a_review_of_another_compound_is_refused(editor_client, monograph):
    foreign_review = ReviewFactory(compound=CompoundFactory(), reference__year=2010)
    before = aggregate_snapshot(monograph)

    response = post_change(
        editor_client, monograph, **{"guidelines-0-based_on": str(foreign_review.pk)}
    )

    errors = refused_errors(response, monograph, before)
    assert "guidelines-0-based_on" in errors


# References -----------------------------------------------------------------------------------


def reference_data(**fields):
    """What an editor types into an empty reference add form."""
    return {
        "key": "newman2021",
        "authors": "Newman A, Oldham B",
        "title": "A new systematic review",
        "journal": "Journal of Tests",
        "year": "2021",
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "",
        "pmid": "",
        "updates": "",
        **fields,
    }


def reference_rows():
    return list(Reference.objects.order_by("pk").values())


def add_reference(client, **fields):
    return client.post(add_url(Reference), reference_data(**fields))


def refused_reference_errors(response, before):
    assert response.status_code == 200, "the save was not refused"
    assert reference_rows() == before, "a refused save changed the references"
    errors = form_errors(response)
    assert errors
    return errors


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://doi.org/10.1002/ABC.def", "10.1002/abc.def"),
        ("http://dx.doi.org/10.1002/14651858.CD007026.pub7", "10.1002/14651858.cd007026.pub7"),
        ("doi:10.1002/X", "10.1002/x"),
        ("DOI: 10.1002/X", "10.1002/x"),
        (" 10.1002/Y ", "10.1002/y"),
        ("10.1161/strokeaha.112.000000", "10.1161/strokeaha.112.000000"),
    ],
)
def test_reference_doi_is_saved_lower_case_without_resolver_prefix(
    editor_client, db, typed, stored
):
    assert_saved(add_reference(editor_client, doi=typed))
    assert Reference.objects.get(key="newman2021").doi == stored


@pytest.mark.parametrize("typed", ["11.1002/x", "10.12/x", "not a doi", "10.1002/", "10.1002/a b"])
def test_reference_with_a_malformed_doi_is_refused_on_doi_and_keeps_the_typed_value(
    editor_client, db, typed
):
    before = reference_rows()

    response = add_reference(editor_client, doi=typed)

    errors = refused_reference_errors(response, before)
    assert errors["doi"] == ["Enter a DOI such as 10.1002/14651858.CD007026.pub7."]
    assert rendered_value(response, "doi") == typed
    assert rendered_value(response, "key") == "newman2021"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("23440834", "23440834"), ("PMID: 23440834", "23440834"), ("pmid23440834", "23440834")],
)
def test_reference_pmid_is_saved_as_digits(editor_client, db, typed, stored):
    assert_saved(add_reference(editor_client, pmid=typed))
    assert Reference.objects.get(key="newman2021").pmid == stored


@pytest.mark.parametrize("typed", ["12a4", "0123", "-123", "1234567890", "PMC3440834"])
def test_reference_with_a_pmid_that_is_not_digits_is_refused_on_pmid(editor_client, db, typed):
    before = reference_rows()

    response = add_reference(editor_client, pmid=typed)

    errors = refused_reference_errors(response, before)
    assert errors["pmid"] == ["A PMID is a number such as 23440834."]
    assert rendered_value(response, "pmid") == typed


@pytest.mark.parametrize(
    "typed",
    [
        "10.1002/abc.def",
        "10.1002/ABC.DEF",
        "https://doi.org/10.1002/Abc.Def",
        "doi:10.1002/abc.def",
    ],
)
def test_reference_with_a_doi_already_used_is_refused_on_doi(editor_client, db, typed):
    ReferenceFactory(doi="10.1002/abc.def")
    before = reference_rows()

    response = add_reference(editor_client, doi=typed)

    errors = refused_reference_errors(response, before)
    assert errors["doi"] == ["Reference with this DOI already exists."]
    assert rendered_value(response, "doi") == typed


@pytest.mark.parametrize("typed", ["23440834", "PMID: 23440834"])
def test_reference_with_a_pmid_already_used_is_refused_on_pmid(editor_client, db, typed):
    ReferenceFactory(pmid="23440834")
    before = reference_rows()

    response = add_reference(editor_client, pmid=typed)

    errors = refused_reference_errors(response, before)
    assert errors["pmid"] == ["Reference with this PMID already exists."]


def test_changing_a_reference_doi_to_one_already_used_is_refused(editor_client, db):
    ReferenceFactory(doi="10.1002/taken")
    reference = ReferenceFactory(doi="10.1002/mine", title="Original title")
    before = reference_rows()

    response = post_change(
        editor_client, reference, doi="https://doi.org/10.1002/TAKEN", title="Typed title"
    )

    errors = refused_reference_errors(response, before)
    assert errors["doi"] == ["Reference with this DOI already exists."]
    assert rendered_value(response, "title") == "Typed title"


def test_several_references_may_have_no_doi_and_no_pmid(editor_client, db):
    assert_saved(add_reference(editor_client, key="first2021"))
    assert_saved(add_reference(editor_client, key="second2021", doi="  ", pmid=" "))

    assert list(Reference.objects.order_by("key").values_list("key", "doi", "pmid")) == [
        ("first2021", None, None),
        ("second2021", None, None),
    ]


@pytest.mark.parametrize("key", ["ziganshina2023", "chen_2013-b", "2013who"])
def test_reference_with_a_well_formed_citation_key_is_saved(editor_client, db, key):
    assert_saved(add_reference(editor_client, key=key))
    assert Reference.objects.filter(key=key).exists()


@pytest.mark.parametrize("key", ["Ziganshina2023", "chen 2013", "-chen2013", "chen@2013", "é2013"])
def test_reference_with_a_malformed_citation_key_is_refused_on_key(editor_client, db, key):
    before = reference_rows()

    response = add_reference(editor_client, key=key)

    errors = refused_reference_errors(response, before)
    assert errors["key"] == [
        "Use lower-case letters, digits, '-' and '_' only, e.g. ziganshina2023."
    ]
    assert rendered_value(response, "key") == key


def test_reference_with_a_citation_key_already_used_is_refused_on_key(editor_client, db):
    ReferenceFactory(key="chen2013")
    before = reference_rows()

    response = add_reference(editor_client, key="chen2013")

    errors = refused_reference_errors(response, before)
    assert errors["key"] == ["Reference with this Citation key already exists."]


def test_reference_cannot_update_itself(editor_client, db):
    reference = ReferenceFactory()
    before = reference_rows()

    response = post_change(editor_client, reference, updates=str(reference.pk))

    errors = refused_reference_errors(response, before)
    assert errors["updates"] == ["A reference cannot update itself."]


def test_reference_cannot_update_a_newer_reference(editor_client, db):
    newer = ReferenceFactory(year=2020)
    before = reference_rows()

    response = add_reference(editor_client, year="2013", updates=str(newer.pk))

    errors = refused_reference_errors(response, before)
    assert errors["updates"] == ["The updated version must not be newer than this reference."]
    assert rendered_value(response, "year") == "2013"


@pytest.mark.parametrize("earlier_year", [2013, 2021])
def test_reference_may_update_an_earlier_version(editor_client, db, earlier_year):
    earlier = ReferenceFactory(year=earlier_year)

    assert_saved(add_reference(editor_client, year="2021", updates=str(earlier.pk)))
    assert Reference.objects.get(key="newman2021").updates == earlier


def test_reference_that_updates_another_and_has_no_year_gets_a_field_error(editor_client, db):
    earlier = ReferenceFactory(year=2013)
    before = reference_rows()

    response = add_reference(editor_client, year="", updates=str(earlier.pk))

    errors = refused_reference_errors(response, before)
    assert errors["year"] == ["This field is required."]


# The database's own constraints ---------------------------------------------------------------
# Bulk paths (create, update, imports that skip full_clean) never see the forms, so the database
# itself must refuse what the forms refuse.


def outcome_values(**bad):
    review = ReviewFactory()
    return {
        "compound": review.compound,
        "review": review,
        "tag": "death",
        "name": "death",
        "measure": "RR",
        "estimate": Decimal("0.8"),
        "ci_lower": Decimal("0.6"),
        "ci_upper": Decimal("1.05"),
        "certainty": "moderate",
        "effect_size": "moderate",
        **bad,
    }


OUTCOME_VIOLATIONS = [
    pytest.param({"ci_lower": Decimal("0.9")}, id="lower-limit-above-estimate"),
    pytest.param({"ci_upper": Decimal("0.7")}, id="upper-limit-below-estimate"),
    pytest.param({"ci_upper": None}, id="only-one-limit"),
    pytest.param({"estimate": Decimal("0"), "ci_lower": None, "ci_upper": None}, id="rr-zero"),
    pytest.param(
        {"measure": "OR", "estimate": Decimal("-1"), "ci_lower": None, "ci_upper": None},
        id="or-negative",
    ),
    pytest.param({"measure": "HR", "ci_lower": Decimal("0")}, id="hr-lower-limit-zero"),
    pytest.param({"certainty": "certain"}, id="certainty-outside-grade"),
    pytest.param({"measure": "XX"}, id="unknown-measure"),
    pytest.param({"statement_override": "Overridden."}, id="override-without-reason"),
]


@pytest.mark.parametrize("bad", OUTCOME_VIOLATIONS)
def test_database_refuses_to_create_an_outcome_that_breaks_a_rule(db, bad):
    values = outcome_values(**bad)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(**values)


@pytest.mark.parametrize("bad", OUTCOME_VIOLATIONS)
def test_database_refuses_to_update_an_outcome_so_it_breaks_a_rule(db, bad):
    outcome = Outcome.objects.create(**outcome_values())
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.filter(pk=outcome.pk).update(**bad)


def test_database_accepts_a_negative_difference_and_an_outcome_without_interval(db):
    Outcome.objects.create(
        **outcome_values(
            measure="SMD",
            estimate=Decimal("-0.4"),
            ci_lower=Decimal("-0.7"),
            ci_upper=Decimal("-0.1"),
        )
    )
    Outcome.objects.create(
        **outcome_values(tag="other", ci_lower=None, ci_upper=None, certainty="very_low")
    )
    assert Outcome.objects.count() == 2


def test_database_refuses_a_second_outcome_with_the_same_tag_in_one_compound(db):
    values = outcome_values()
    Outcome.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(**values | {"name": "another"})


REGIMEN_VIOLATIONS = [
    pytest.param({"amount_typical": None, "amount_min": Decimal("700")}, id="min-above-max"),
    pytest.param({"amount_min": Decimal("400")}, id="min-above-typical"),
    pytest.param({"amount_typical": Decimal("700")}, id="typical-above-max"),
    pytest.param({"amount_min": Decimal("0")}, id="min-zero"),
    pytest.param({"amount_typical": Decimal("-1")}, id="typical-negative"),
    pytest.param(
        {"amount_min": None, "amount_typical": None, "amount_max": Decimal("-5")},
        id="max-negative",
    ),
    pytest.param({"amount_typical": None, "amount_max": None}, id="no-typical-or-max"),
    pytest.param({"course_min_days": 21, "course_max_days": 10}, id="course-reversed"),
    pytest.param({"route": "rectal"}, id="unknown-route"),
]


@pytest.mark.parametrize("bad", REGIMEN_VIOLATIONS)
def test_database_refuses_to_create_a_regimen_that_breaks_a_rule(db, bad):
    values = {
        "compound": CompoundFactory(),
        "research_area": ResearchAreaFactory(),
        "source": ReferenceFactory(),
        "route": "intranasal",
        "amount_min": Decimal("100"),
        "amount_typical": Decimal("300"),
        "amount_max": Decimal("600"),
        "unit": "µg",
        "course_min_days": 5,
        "course_max_days": 14,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Regimen.objects.create(**values | bad)


@pytest.mark.parametrize("bad", REGIMEN_VIOLATIONS)
def test_database_refuses_to_update_a_regimen_so_it_breaks_a_rule(db, bad):
    regimen = RegimenFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Regimen.objects.filter(pk=regimen.pk).update(**bad)


REFERENCE_VIOLATIONS = [
    pytest.param({"doi": "abc"}, id="doi-not-a-doi"),
    pytest.param({"doi": "11.1002/x"}, id="doi-wrong-directory"),
    pytest.param({"pmid": "x1"}, id="pmid-letters"),
    pytest.param({"pmid": "0123"}, id="pmid-leading-zero"),
    pytest.param({"key": "Bad Key"}, id="key-malformed"),
]


@pytest.mark.parametrize("bad", REFERENCE_VIOLATIONS)
def test_database_refuses_to_create_a_reference_that_breaks_a_rule(db, bad):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(
            **{"key": "newman2021", "authors": "Newman A", "title": "T", "journal": "J"}
            | {"year": 2021, "doi": "10.1002/new", "pmid": "1234"}
            | bad
        )


@pytest.mark.parametrize("bad", REFERENCE_VIOLATIONS)
def test_database_refuses_to_update_a_reference_so_it_breaks_a_rule(db, bad):
    reference = ReferenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.filter(pk=reference.pk).update(**bad)


def test_database_refuses_an_upper_case_doi(db):
    reference = ReferenceFactory(doi="10.1002/abc")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.filter(pk=reference.pk).update(doi=Upper("doi"))


def test_database_refuses_a_reference_that_updates_itself(db):
    reference = ReferenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.filter(pk=reference.pk).update(updates=F("id"))


@pytest.mark.parametrize("field", ["doi", "pmid"])
def test_database_refuses_a_second_reference_with_the_same_identifier(db, field):
    reference = ReferenceFactory()
    other = ReferenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.filter(pk=other.pk).update(**{field: getattr(reference, field)})


def test_database_allows_many_references_without_doi_or_pmid(db):
    ReferenceFactory(doi=None, pmid=None)
    ReferenceFactory(doi=None, pmid=None)
    assert Reference.objects.filter(doi=None, pmid=None).count() == 2
