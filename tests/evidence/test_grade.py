"""Each outcome carries the plain-language statement of GRADE guideline 26."""

import pytest

from tests.factories import OutcomeFactory
from tests.publishing import publish


def statement_of(client, outcome):
    publish(outcome.compound)
    document = client.get(f"/compounds/{outcome.compound.slug}.json").json()
    (review,) = document["evidence"]["areas"][0]["reviews"]
    return review["outcomes"][0]["statement"]


@pytest.mark.parametrize(
    ("certainty", "effect_size", "estimate", "expected"),
    [
        ("high", "large", "0.50", "{c} results in a large reduction in stroke."),
        ("high", "moderate", "0.80", "{c} reduces stroke."),
        ("high", "small", "1.10", "{c} results in a slight increase in stroke."),
        ("high", "trivial", "0.99", "{c} results in little to no difference in stroke."),
        ("moderate", "large", "2.50", "{c} probably results in a large increase in stroke."),
        ("moderate", "moderate", "2.39", "{c} probably increases stroke."),
        ("moderate", "small", "0.90", "{c} probably results in a slight reduction in stroke."),
        (
            "moderate",
            "trivial",
            "0.96",
            "{c} probably results in little to no difference in stroke.",
        ),
        ("low", "large", "0.40", "{c} may result in a large reduction in stroke."),
        ("low", "moderate", "0.70", "{c} may reduce stroke."),
        ("low", "small", "1.20", "{c} may result in a slight increase in stroke."),
        ("low", "trivial", "1.01", "{c} may result in little to no difference in stroke."),
        (
            "very_low",
            "large",
            "0.30",
            "The evidence is very uncertain about the effect of {c} on stroke.",
        ),
        (
            "very_low",
            "trivial",
            "1.00",
            "The evidence is very uncertain about the effect of {c} on stroke.",
        ),
        (
            "not_graded",
            "moderate",
            "0.80",
            "The certainty of the evidence about the effect of {c} on stroke was not graded.",
        ),
    ],
)
def test_statement_follows_certainty_effect_size_and_direction(
    client, db, certainty, effect_size, estimate, expected
):
    outcome = OutcomeFactory(
        name="stroke",
        certainty=certainty,
        effect_size=effect_size,
        estimate=estimate,
        ci_lower=None,
        ci_upper=None,
    )
    assert statement_of(client, outcome) == expected.format(c=outcome.compound.name)


def test_difference_measures_read_direction_from_the_sign(client, db):
    outcome = OutcomeFactory(
        name="cognition score",
        measure="MD",
        estimate="-1.5",
        ci_lower="-2.5",
        ci_upper="-0.5",
        certainty="high",
        effect_size="moderate",
    )
    assert statement_of(client, outcome) == f"{outcome.compound.name} reduces cognition score."


def test_an_override_replaces_the_statement_and_keeps_its_reason(client, db):
    outcome = OutcomeFactory(
        statement_override="Reviewers judged the result unreliable.",
        override_reason="Review authors downgraded for imprecision in the text.",
    )
    publish(outcome.compound)
    document = client.get(f"/compounds/{outcome.compound.slug}.json").json()
    row = document["evidence"]["areas"][0]["reviews"][0]["outcomes"][0]

    assert row["statement"] == "Reviewers judged the result unreliable."
    assert row["statement_overridden"] is True
    assert row["override_reason"] == "Review authors downgraded for imprecision in the text."
