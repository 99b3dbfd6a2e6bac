"""What one monograph is made of: the compound, the rows a version follows (MONOGRAPH_ROWS), which
of their fields are prose, and which monographs show a shared record.

Prose fields are the ProseField columns of these models, so the list of them is written nowhere
else: citations, outcome embeds and the search for monographs citing a reference all read it here.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

from evidence import prose

from .models import MONOGRAPH_ROWS, Compound


def prose_fields(model):
    """The names of a model's prose fields, in the order they are declared (page order)."""
    return tuple(
        field.name for field in model._meta.concrete_fields if isinstance(field, prose.ProseField)
    )


def _row_models():
    return {name: Compound._meta.get_field(name).related_model for name in MONOGRAPH_ROWS}


def prose_texts(compound):
    """(label, text) for every prose text of the monograph: the compound's own fields in page
    order, then its rows' (use a compound from document.monograph_queryset() to read them in a
    fixed number of queries)."""
    texts = [
        (Compound._meta.get_field(name).verbose_name, getattr(compound, name))
        for name in prose_fields(Compound)
    ]
    for related_name, model in _row_models().items():
        for name in prose_fields(model):
            label = model._meta.get_field(name).verbose_name
            texts += [
                (f"{model._meta.verbose_name} '{row}': {label}", getattr(row, name))
                for row in getattr(compound, related_name).all()
            ]
    return texts


def validate_outcome_embeds(compound):
    """Refuse a saved monograph whose prose embeds an outcome it does not have."""
    tags = set(compound.outcomes.values_list("tag", flat=True))
    problems = []
    for label, text in prose_texts(compound):
        try:
            prose.validate_outcome_embeds(text, tags)
        except ValidationError as error:
            problems += [f"{label}: {message}" for message in error.messages]
    if problems:
        raise ValidationError(problems)


def compounds_citing(reference):
    """Compounds whose page shows this reference, or a newer version that names it."""
    references = [reference, *reference.updated_by.all()]
    query = (
        Q(reviews__reference__in=references)
        | Q(guidelines__reference__in=references)
        | Q(regimens__source__in=references)
    )
    paths = [*prose_fields(Compound)]
    paths += [
        f"{related_name}__{name}"
        for related_name, model in _row_models().items()
        for name in prose_fields(model)
    ]
    for ref in references:
        for path in paths:
            query |= Q(**{f"{path}__contains": f"@{ref.key}"})
    return Compound.objects.filter(query).distinct()


def compounds_in_research_area(area):
    return Compound.objects.filter(
        Q(reviews__research_area=area)
        | Q(guidelines__research_area=area)
        | Q(regimens__research_area=area)
    ).distinct()


def compounds_comparing_with(compound):
    return Compound.objects.filter(comparisons__other=compound).distinct()
