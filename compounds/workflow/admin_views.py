"""The editorial workflow in the admin: history, compare, preview, submit, approve, publish.

Views here only gather what a page shows and call the verbs in publishing.py, which check
permissions and the four-eyes rule on every path.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from . import publishing
from .diff import diff_monographs
from .forms import RollBackForm, SubmitForm, UnpublishForm
from .models import Publication
from .pages import render_monograph
from .revisions import latest_revision


def message_for(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You may not do that."


class MonographWorkflowViews:
    """History, compare, preview and workflow actions for CompoundAdmin."""

    def get_urls(self):
        def view(function, name):
            return self.admin_site.admin_view(function), f"compounds_compound_{name}"

        routes = [
            ("compare/", self.compare_view, "compare"),
            ("preview/<int:number>/", self.preview_view, "preview"),
            ("preview-link/<int:number>/", self.preview_link_view, "preview_link"),
            ("submit/", self.submit_view, "submit"),
            ("restore/<int:number>/", self.restore_view, "restore"),
            ("unpublish/", self.unpublish_view, "unpublish"),
            ("roll-back/<int:publication_id>/", self.roll_back_view, "roll_back"),
        ]
        workflow = []
        for route, function, name in routes:
            wrapped, url_name = view(function, name)
            workflow.append(path(f"<path:object_id>/{route}", wrapped, name=url_name))
        return workflow + super().get_urls()

    def _compound(self, request, object_id):
        compound = self.get_object(request, object_id)
        if compound is None or not self.has_view_permission(request, compound):
            raise Http404("No such compound.")
        return compound

    def _redirect(self, compound, name="change"):
        return HttpResponseRedirect(reverse(f"admin:compounds_compound_{name}", args=[compound.pk]))

    def _render(self, request, template, compound, title, **context):
        return TemplateResponse(
            request,
            f"admin/compounds/compound/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": compound,
                "title": title,
                **context,
            },
        )

    def history_view(self, request, object_id, extra_context=None):
        return self._history(request, self._compound(request, object_id))

    def _history(self, request, compound, unpublish_form=None, refused_roll_back=None):
        """The history page; a refused unpublish or roll-back shows its bound form's errors."""
        revisions = list(
            compound.revisions.defer("document")
            .select_related("revision__user")
            .order_by("-number")
        )
        publications = list(
            compound.publications.marked_shown()
            .defer("document")
            .select_related("monograph_revision", "published_by")
        )
        live = Publication.objects.current().filter(compound=compound).defer("document").first()
        target, bound = refused_roll_back or (None, None)
        roll_backs = {
            publication.pk: bound
            if publication == target
            else RollBackForm(auto_id=f"rollback-{publication.pk}-%s")
            for publication in publications
            if publication.was_shown and publication != live
        }
        return self._render(
            request,
            "history.html",
            compound,
            f"History of {compound.name}",
            revisions=revisions,
            publications=[(p, roll_backs.get(p.pk)) for p in publications],
            live=live,
            pending=publishing.pending_submission(compound),
            can_edit=publishing.can_edit(request.user),
            can_approve=publishing.can_approve(request.user),
            can_publish=publishing.can_publish(request.user),
            unpublish_form=unpublish_form or UnpublishForm(),
            roll_back_form=bound,
            roll_back_target=target,
        )

    def _document(self, compound, choice, live):
        if choice == "live":
            return (live.document if live else None), "What is live"
        revision = get_object_or_404(compound.revisions, number=int(choice))
        return revision.document, f"Revision {revision.number}"

    def compare_view(self, request, object_id):
        compound = self._compound(request, object_id)
        live = Publication.objects.current().filter(compound=compound).first()
        latest = latest_revision(compound)
        before = request.GET.get("from") or "live"
        after = request.GET.get("to") or (str(latest.number) if latest else "live")
        try:
            old, old_label = self._document(compound, before, live)
            new, new_label = self._document(compound, after, live)
        except ValueError as error:
            raise Http404("Choose revisions by number, or 'live'.") from error
        return self._render(
            request,
            "compare.html",
            compound,
            f"{compound.name}: {old_label} compared with {new_label}",
            diff=diff_monographs(old, new),
            old_label=old_label,
            new_label=new_label,
            choices=compound.revisions.values_list("number", flat=True).order_by("-number"),
            before=before,
            after=after,
        )

    def preview_view(self, request, object_id, number):
        compound = self._compound(request, object_id)
        revision = get_object_or_404(compound.revisions.select_related("revision"), number=number)
        response = render_monograph(
            request, revision.document, preview={"revision": revision, "signed": False}
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response

    def preview_link_view(self, request, object_id, number):
        compound = self._compound(request, object_id)
        revision = get_object_or_404(compound.revisions, number=number)
        if request.method != "POST":
            return self._redirect(compound, "history")
        try:
            token = publishing.preview_token(revision, request.user)
        except PermissionDenied as error:
            messages.error(request, message_for(error))
            return self._redirect(compound, "history")
        link = request.build_absolute_uri(reverse("compounds:signed_preview", args=[token]))
        return self._render(
            request,
            "preview_link.html",
            compound,
            f"Preview link for revision {revision.number} of {compound.name}",
            link=link,
            revision=revision,
            expires=timezone.now() + timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE),
        )

    def submit_view(self, request, object_id):
        compound = self._compound(request, object_id)
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                submission = publishing.submit(compound, request.user, form.cleaned_data["summary"])
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, message_for(error))
            else:
                messages.success(
                    request,
                    f"Revision {submission.monograph_revision.number} of {compound.name} is "
                    "waiting for a reviewer's approval.",
                )
                return self._redirect(compound)
        live = Publication.objects.current().filter(compound=compound).first()
        latest = latest_revision(compound)
        return self._render(
            request,
            "submit.html",
            compound,
            f"Submit {compound.name} for approval",
            form=form,
            latest=latest,
            diff=diff_monographs(
                live.document if live else None, latest.document if latest else None
            ),
        )

    def _post_action(self, request, compound, action, success):
        if request.method != "POST":
            return self._redirect(compound, "history")
        try:
            result = action()
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, message_for(error))
        else:
            messages.success(request, success(result))
        return self._redirect(compound, "history")

    def restore_view(self, request, object_id, number):
        compound = self._compound(request, object_id)
        revision = get_object_or_404(compound.revisions, number=number)
        return self._post_action(
            request,
            compound,
            lambda: publishing.restore(revision, request.user),
            lambda restored: (
                f"Revision {number} is the working copy again, recorded as revision "
                f"{restored.number}. Submit it for approval to publish it."
                if restored
                else f"The working copy already matches revision {number}."
            ),
        )

    @staticmethod
    def _refused_on_the_form(request, form):
        """Whether a reviewer's unpublish or roll-back lacks its reason or confirmation (others
        are refused by the verb, whatever they posted)."""
        return form.is_bound and publishing.can_publish(request.user) and not form.is_valid()

    @staticmethod
    def _reason(form):
        return form.cleaned_data["comment"] if form.is_bound and form.is_valid() else ""

    def unpublish_view(self, request, object_id):
        compound = self._compound(request, object_id)
        form = UnpublishForm(request.POST if request.method == "POST" else None)
        if self._refused_on_the_form(request, form):
            return self._history(request, compound, unpublish_form=form)
        return self._post_action(
            request,
            compound,
            lambda: publishing.unpublish(compound, request.user, self._reason(form)),
            lambda _: f"{compound.name} is no longer public.",
        )

    def roll_back_view(self, request, object_id, publication_id):
        compound = self._compound(request, object_id)
        publication = get_object_or_404(compound.publications, pk=publication_id)
        form = RollBackForm(
            request.POST if request.method == "POST" else None,
            auto_id=f"rollback-{publication.pk}-%s",
        )
        if self._refused_on_the_form(request, form):
            return self._history(request, compound, refused_roll_back=(publication, form))
        return self._post_action(
            request,
            compound,
            lambda: publishing.roll_back(publication, request.user, self._reason(form)),
            lambda _: (
                f"{compound.name} is public again as approved on "
                f"{publication.approved_at:%d %b %Y}."
            ),
        )
