"""Forms of the editorial workflow: the versioned compound page, submission, decisions, roll-back
and unpublishing."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from compounds.working_copy.forms import OutcomeEmbedsForm
from compounds.working_copy.models import Compound

from .publishing import display_name
from .revisions import latest_revision


class CompoundVersionForm(OutcomeEmbedsForm):
    """The compound page as a version: a change note, and refused when it was opened on a version
    that is no longer the latest."""

    change_note = forms.CharField(
        max_length=300,
        required=False,
        help_text="What you changed and why; kept with this version in the history.",
        widget=forms.TextInput(attrs={"size": 80}),
    )
    based_on_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            latest = latest_revision(self.instance)
            self.initial["based_on_revision"] = latest.number if latest else 0

    @property
    def changed_data(self):
        """What changed on the monograph: the note and the version marker are not content."""
        bookkeeping = {"change_note", "based_on_revision"}
        return [name for name in super().changed_data if name not in bookkeeping]

    def clean(self):
        """Refuse to overwrite a version saved by someone else since this form was opened."""
        cleaned_data = super().clean()
        if self.instance.pk:
            Compound.objects.select_for_update().filter(pk=self.instance.pk).first()
            latest = latest_revision(self.instance)
            opened_at = cleaned_data.get("based_on_revision") or 0
            if latest and latest.number != opened_at:
                who = display_name(latest.author) if latest.author else "Someone"
                raise ValidationError(
                    f"{who} saved a newer version of this monograph (revision {latest.number}, "
                    f"{timezone.localtime(latest.created_at):%d %b %Y at %H:%M}) while you were "
                    "editing. Nothing you typed was saved and it is still in the form below: "
                    "open the history to see their change, then reload this page and apply "
                    "yours again.",
                    code="stale",
                )
        return cleaned_data


class ApproveForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Kept with the publication and in the audit log.",
    )
    effective_at = forms.DateTimeField(
        label="Go live at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=f"Leave empty to publish now; a later time ({settings.TIME_ZONE}) schedules "
        "the publication.",
    )


class CommentForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(forms.Form):
    summary = forms.CharField(
        label="Change summary",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="What changed and why, for the reviewer and the public change log.",
    )


class UnpublishForm(forms.Form):
    comment = forms.CharField(
        label="Reason for unpublishing",
        max_length=1000,
        widget=forms.TextInput(attrs={"size": 60}),
        error_messages={"required": "Give the reason for unpublishing: the audit log keeps it."},
    )
    confirm = forms.BooleanField(
        label='Visitors will get "not found" at this address until a revision is published again',
        error_messages={"required": "Tick the box to confirm that visitors lose this page."},
    )


class RollBackForm(forms.Form):
    comment = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.TextInput(attrs={"placeholder": "Reason"}),
        error_messages={"required": "Give the reason for rolling back: the audit log keeps it."},
    )
    confirm = forms.BooleanField(
        label="Show visitors this version again, from now on",
        error_messages={"required": "Tick the box to confirm the roll-back."},
    )
