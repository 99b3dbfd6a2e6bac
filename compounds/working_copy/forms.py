"""The compound page's forms: every prose field checked for outcome embeds the compound will have
once the page is saved, decimals shown as typed."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from evidence.numbers import format_decimal
from evidence.prose import validate_outcome_embeds

from .aggregate import prose_fields

OUTCOMES_PREFIX = "outcomes"  # the outcome inline's formset prefix


def outcome_tags_in_submission(request):
    """Outcome tags the compound will have once this POST is saved (kept rows plus new ones).

    The compound form and its inlines are validated before any row is saved, so prose that embeds
    an outcome added in the same save is checked against the submitted outcome forms.
    """
    if request.method != "POST":
        return None
    data = request.POST
    try:
        total = int(data.get(f"{OUTCOMES_PREFIX}-TOTAL_FORMS", 0))
    except ValueError:
        return set()
    return {
        data.get(f"{OUTCOMES_PREFIX}-{index}-tag", "").strip()
        for index in range(total)
        if not data.get(f"{OUTCOMES_PREFIX}-{index}-DELETE")
    } - {""}


class OutcomeEmbedsForm(forms.ModelForm):
    """Puts an error on each prose field that embeds an outcome the compound will not have."""

    outcome_tags = None  # set per request by the admin: tags after this save

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # show 1.1, not the stored 1.1000
            if isinstance(field, forms.DecimalField) and self.initial.get(name) is not None:
                self.initial[name] = Decimal(format_decimal(self.initial[name], min_places=0))

    def clean(self):
        cleaned_data = super().clean()
        if self.outcome_tags is None:
            return cleaned_data
        for name in prose_fields(self._meta.model):
            try:
                validate_outcome_embeds(cleaned_data.get(name) or "", self.outcome_tags)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned_data


class OutcomeFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Name a repeated tag on the tag field itself, not only in a general message."""
        seen = set()
        for form in self.forms:
            tag = form.cleaned_data.get("tag") if form.is_valid() else None
            if not tag or self.can_delete and self._should_delete_form(form):
                continue
            if tag in seen:
                form.add_error("tag", f"This compound already has an outcome tagged '{tag}'.")
            seen.add(tag)
        super().clean()
