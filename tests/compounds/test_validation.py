"""Compound rules and the version every admin save records, proved through the admin's forms."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction
from django.db.models import F
from reversion.models import Version

from compounds.models import (
    Comparison,
    Compound,
    RegulatoryStatus,
)
from compounds.working_copy.aggregate import prose_fields
from evidence.models import Outcome
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

MONOGRAPH_PROSE_FIELDS = prose_fields(Compound)


@pytest.fixture
def monograph(db):
    """A compound with one row of every kind; its short answer cites its review and embeds 'death'.

    Row 0 of each inline belongs to it; its comparison is with another compound.
    """
    compound = CompoundFactory(name="Testorelin", slug="testorelin")
    review = ReviewFactory(compound=compound, reference__key="chen2013", reference__year=2013)
    compound.short_answer = "It probably does not reduce death ([[outcome:death]]) [@chen2013]."
    compound.save()
    OutcomeFactory(review=review, tag="death", name="all-cause death")
    RegulatoryStatusFactory(compound=compound)
    GuidelineFactory(compound=compound)
    RegimenFactory(compound=compound)
    SafetyNoteFactory(compound=compound)
    ComparisonFactory(compound=compound, other=CompoundFactory(name="Semax", slug="semax"))
    FAQItemFactory(compound=compound)
    return compound


def add_form_data(client, **fields):
    """What an editor types into the empty compound add form."""
    data = change_form_data(client.get(add_url(Compound)))
    data.update(
        name="Dihexa",
        slug="dihexa",
        title="Dihexa: Mechanism, Research Evidence, and Safety",
        summary="An angiotensin IV analogue.",
        kind="peptide_analogue",
        composition="A hexapeptide analogue",
        human_evidence="preclinical_only",
        mechanism_tier="proposed_preclinical",
        short_answer="Studied only in animals.",
    )
    data.update(fields)
    return data


# Unique name and slug -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"name": "Semax", "slug": "semax-2"}, "name", "Compound with this Name already exists."),
        ({"name": "Semax 2", "slug": "semax"}, "slug", "Compound with this Slug already exists."),
    ],
)
def test_new_compound_with_a_name_or_slug_already_used_is_refused_on_that_field(
    editor_client, db, typed, field, message
):
    CompoundFactory(name="Semax", slug="semax")
    data = add_form_data(editor_client, **typed)

    response = editor_client.post(add_url(Compound), data)

    assert response.status_code == 200
    assert form_errors(response)[field] == [message]
    assert rendered_value(response, field) == typed[field]
    assert rendered_value(response, "short_answer") == "Studied only in animals."
    assert Compound.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "Compound with this Name already exists."),
        ("slug", "Compound with this Slug already exists."),
    ],
)
def test_renaming_a_compound_to_a_name_or_slug_already_used_is_refused_on_that_field(
    editor_client, monograph, field, message
):
    before = aggregate_snapshot(monograph)

    response = post_change(
        editor_client, monograph, **{field: getattr(monograph.comparisons.get().other, field)}
    )

    errors = refused_errors(response, monograph, before)
    assert errors[field] == [message]


def test_new_compound_with_a_fresh_name_and_slug_is_saved(editor_client, db):
    CompoundFactory(name="Semax", slug="semax")

    assert_saved(editor_client.post(add_url(Compound), add_form_data(editor_client)))
    assert Compound.objects.filter(name="Dihexa", slug="dihexa").exists()


# Citations in prose ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", MONOGRAPH_PROSE_FIELDS)
def test_prose_citing_an_unknown_key_is_refused_on_that_field_naming_the_key(
    editor_client, monograph, field
):
    typed = "Shown in one trial [@nobody1999]."
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{field: typed})

    errors = refused_errors(response, monograph, before)
    assert errors[field] == [
        "Unknown citation key: [@nobody1999]. Add the reference first or correct the key."
    ]
    assert rendered_value(response, field) == typed


def test_prose_citing_several_unknown_keys_names_each_of_them(editor_client, monograph):
    before = aggregate_snapshot(monograph)

    response = post_change(
        editor_client, monograph, evidence_answer="See [@chen2013; @nobody1999; @Bad Key]."
    )

    errors = refused_errors(response, monograph, before)
    [message] = errors["evidence_answer"]
    assert "[@nobody1999]" in message
    assert "[@Bad Key]" in message
    assert "[@chen2013]" not in message


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("faq_items-0-answer", "It was studied [@nobody1999]."),
        ("safety_notes-0-text", "Headache [@nobody1999]."),
        ("comparisons-0-note", "Semax differs [@nobody1999]."),
        ("reviews-0-findings", "The review found little [@nobody1999]."),
        ("reviews-0-conclusion", "Authors were unsure [@nobody1999]."),
    ],
)
def test_row_prose_citing_an_unknown_key_is_refused_on_that_field(
    editor_client, monograph, field, typed
):
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{field: typed})

    errors = refused_errors(response, monograph, before)
    assert errors[field] == [
        "Unknown citation key: [@nobody1999]. Add the reference first or correct the key."
    ]
    assert rendered_value(response, field) == typed


def test_prose_citing_known_references_is_saved(editor_client, monograph):
    ReferenceFactory(key="who2020")
    typed = "Guidelines differ [@who2020; @chen2013]."

    assert_saved(post_change(editor_client, monograph, evidence_detail=typed))
    monograph.refresh_from_db()
    assert monograph.evidence_detail == typed


# Outcomes embedded in prose -------------------------------------------------------------------


@pytest.mark.parametrize("embed", ["[[outcome:missing]]", "[[statement:missing]]"])
@pytest.mark.parametrize("field", ["short_answer", "evidence_answer", "safety_detail"])
def test_prose_embedding_an_outcome_the_compound_does_not_have_is_refused_on_that_field(
    editor_client, monograph, field, embed
):
    typed = f"The effect was {embed}."
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{field: typed})

    errors = refused_errors(response, monograph, before)
    assert errors[field] == [
        "No outcome of this compound has the tag [[outcome:missing]]. "
        "Add the outcome or correct the tag."
    ]
    assert rendered_value(response, field) == typed


@pytest.mark.parametrize("field", ["faq_items-0-answer", "safety_notes-0-text"])
def test_row_prose_embedding_an_outcome_the_compound_does_not_have_is_refused(
    editor_client, monograph, field
):
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{field: "Rates: [[outcome:missing]]."})

    errors = refused_errors(response, monograph, before)
    assert "[[outcome:missing]]" in " ".join(errors[field])


def test_prose_embedding_an_outcome_of_another_compound_is_refused(editor_client, monograph):
    OutcomeFactory(tag="cognition")  # of some other compound
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, evidence_answer="[[outcome:cognition]]")

    errors = refused_errors(response, monograph, before)
    assert "[[outcome:cognition]]" in " ".join(errors["evidence_answer"])


def test_prose_embedding_an_outcome_added_in_the_same_save_is_accepted(editor_client, monograph):
    url = admin_url(monograph)
    data = change_form_data(editor_client.get(url))
    data["evidence_answer"] = "Disability: [[outcome:disability]]; [[statement:disability]]."
    data["faq_items-0-answer"] = "See [[outcome:disability]]."
    add_inline_row(
        data,
        "outcomes",
        review=str(monograph.reviews.get().pk),
        tag="disability",
        name="disability",
        measure="OR",
        estimate="1.20",
        ci_lower="0.90",
        ci_upper="1.60",
        certainty="low",
        effect_size="small",
        position="1",
    )

    assert_saved(editor_client.post(url, data))
    monograph.refresh_from_db()
    assert "[[outcome:disability]]" in monograph.evidence_answer
    assert monograph.outcomes.filter(tag="disability").exists()


def test_deleting_an_outcome_that_prose_embeds_is_refused_on_the_prose(editor_client, monograph):
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{"outcomes-0-DELETE": "on"})

    errors = refused_errors(response, monograph, before)
    assert "[[outcome:death]]" in " ".join(errors["short_answer"])
    assert Outcome.objects.filter(compound=monograph, tag="death").exists()


def test_retagging_an_outcome_that_prose_embeds_is_refused_on_the_prose(editor_client, monograph):
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{"outcomes-0-tag": "mortality"})

    errors = refused_errors(response, monograph, before)
    assert "[[outcome:death]]" in " ".join(errors["short_answer"])
    assert rendered_value(response, "outcomes-0-tag") == "mortality"


def test_retagging_an_outcome_together_with_its_embeds_is_accepted(editor_client, monograph):
    response = post_change(
        editor_client,
        monograph,
        short_answer="It probably does not reduce death ([[outcome:mortality]]).",
        **{"outcomes-0-tag": "mortality"},
    )

    assert_saved(response)
    assert monograph.outcomes.get().tag == "mortality"


# Comparisons ----------------------------------------------------------------------------------


def test_comparison_of_a_compound_with_itself_is_refused_on_the_other_compound(
    editor_client, monograph
):
    before = aggregate_snapshot(monograph)

    response = post_change(editor_client, monograph, **{"comparisons-0-other": str(monograph.pk)})

    errors = refused_errors(response, monograph, before)
    assert "A compound cannot be compared with itself." in errors["comparisons-0-other"]


def test_new_comparison_of_a_compound_with_itself_is_refused(editor_client, monograph):
    url = admin_url(monograph)
    data = change_form_data(editor_client.get(url))
    add_inline_row(data, "comparisons", other=str(monograph.pk), note="Typed note", position="1")
    before = aggregate_snapshot(monograph)

    response = editor_client.post(url, data)

    errors = refused_errors(response, monograph, before)
    assert "A compound cannot be compared with itself." in errors["comparisons-1-other"]
    assert rendered_value(response, "comparisons-1-note") == "Typed note"


def test_comparison_with_another_compound_is_saved(editor_client, monograph):
    dihexa = CompoundFactory(name="Dihexa", slug="dihexa")

    assert_saved(post_change(editor_client, monograph, **{"comparisons-0-other": str(dihexa.pk)}))
    assert monograph.comparisons.get().other == dihexa


# A refused save loses nothing -----------------------------------------------------------------


def test_refused_save_shows_every_typed_value_and_saves_none_of_them(editor_client, monograph):
    before = aggregate_snapshot(monograph)
    typed = {
        "change_note": "Tightened the wording",
        "title": "A retyped title",
        "short_answer": "A retyped short answer [@nobody1999].",
        "outcomes-0-estimate": "0.75",
        "regimens-0-frequency": "daily, typed",
        "faq_items-0-question": "A retyped question?",
    }

    response = post_change(editor_client, monograph, **typed)

    errors = refused_errors(response, monograph, before)
    assert list(errors) == ["short_answer"]
    for name, value in typed.items():
        assert rendered_value(response, name) == value


# Versions -------------------------------------------------------------------------------------


# Spelled out rather than read from compounds.models, so the test notices a row type left out.
MONOGRAPH_ROW_RELATIONS = (
    "regulatory_statuses",
    "reviews",
    "outcomes",
    "guidelines",
    "regimens",
    "safety_notes",
    "comparisons",
    "faq_items",
)


def monograph_objects(compound):
    """(model, pk) of the compound and every row of its monograph as stored now."""
    objects = {(Compound, str(compound.pk))}
    for name in MONOGRAPH_ROW_RELATIONS:
        rows = getattr(compound, name).all()
        assert rows, f"the fixture has no {name}"
        objects |= {(type(row), str(row.pk)) for row in rows}
    return objects


def revision_objects(revision):
    return {
        (version.content_type.model_class(), version.object_id)
        for version in revision.version_set.all()
    }


def test_each_admin_save_records_one_version_of_the_whole_monograph_with_editor_and_note(
    editor_client, editor, monograph
):
    assert_saved(post_change(editor_client, monograph, change_note="First pass"))
    count = Version.objects.get_for_object(monograph).count()

    response = post_change(
        editor_client,
        monograph,
        change_note="Corrected the death estimate from the 2023 update",
        **{"outcomes-0-estimate": "0.85"},
    )

    assert_saved(response)
    versions = Version.objects.get_for_object(monograph)
    assert versions.count() == count + 1
    revision = versions.first().revision
    assert revision.user == editor
    assert revision.comment == "Corrected the death estimate from the 2023 update"
    assert monograph_objects(monograph) <= revision_objects(revision)
    outcome_version = Version.objects.get_for_object(monograph.outcomes.get()).first()
    assert outcome_version.revision == revision
    assert outcome_version.field_dict["estimate"] == Decimal("0.85")


def test_version_of_a_compound_edit_includes_the_rows_it_did_not_touch(
    editor_client, editor, monograph
):
    assert_saved(post_change(editor_client, monograph, title="Only the title changes"))

    revision = Version.objects.get_for_object(monograph).get().revision
    assert monograph_objects(monograph) <= revision_objects(revision)


def test_admin_save_without_a_note_keeps_djangos_change_message_of_what_changed(
    editor_client, monograph
):
    assert_saved(post_change(editor_client, monograph, title="A better title"))

    revision = Version.objects.get_for_object(monograph).get().revision
    entry = LogEntry.objects.filter(object_id=str(monograph.pk)).latest("action_time")
    assert revision.comment == entry.get_change_message()
    assert revision.comment == "Changed Page title."  # untouched rows are not reported


def test_adding_a_compound_records_its_first_version_with_the_note(editor_client, editor, db):
    data = add_form_data(editor_client, change_note="New monograph from the 2024 review")

    assert_saved(editor_client.post(add_url(Compound), data))

    compound = Compound.objects.get(slug="dihexa")
    revision = Version.objects.get_for_object(compound).get().revision
    assert (revision.user, revision.comment) == (editor, "New monograph from the 2024 review")


# The database's own constraints ---------------------------------------------------------------


def test_database_refuses_a_comparison_of_a_compound_with_itself(db):
    compound = CompoundFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.create(compound=compound, other=compound, note="Itself.")
    comparison = ComparisonFactory(compound=compound)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comparison.objects.filter(pk=comparison.pk).update(other=F("compound"))


@pytest.mark.parametrize(
    "bad",
    [{"kind": "tincture"}, {"human_evidence": "anecdotes"}, {"mechanism_tier": "magic"}],
)
def test_database_refuses_a_compound_outside_its_choices(db, bad):
    compound = CompoundFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Compound.objects.filter(pk=compound.pk).update(**bad)


@pytest.mark.parametrize("field", ["name", "slug"])
def test_database_refuses_a_second_compound_with_the_same_name_or_slug(db, field):
    compound = CompoundFactory()
    other = CompoundFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Compound.objects.filter(pk=other.pk).update(**{field: getattr(compound, field)})


def test_database_refuses_a_regulatory_status_outside_its_choices(db):
    status = RegulatoryStatusFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegulatoryStatus.objects.filter(pk=status.pk).update(status="legal-ish")
