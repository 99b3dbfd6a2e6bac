"""Drive the admin's change forms as a browser would: read the form, change fields, post it."""

from html.parser import HTMLParser

from django.core import serializers
from django.urls import reverse
from reversion.models import Version


def _field_value(bound_field):
    value = bound_field.value()
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def _form_data(form, data):
    for name in form.fields:
        value = _field_value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value


def change_form_data(response):
    """The POST data the admin change form in `response` would submit unchanged."""
    data = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(_field_value(management[name]) or 0)
        for form in formset.forms:
            _form_data(form, data)
    return data


def admin_url(obj, action="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


def add_url(model):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def post_change(client, obj, **changes):
    """Open obj's change form, apply field changes (by posted name), submit; return the response."""
    url = admin_url(obj)
    data = change_form_data(client.get(url))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(url, data)


def add_inline_row(data, prefix, **fields):
    """Append one new row to the inline formset `prefix` in posted data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def form_errors(response):
    """{posted field name: [messages]} for the compound form and every inline form."""
    errors = {}
    context = response.context
    if context is None or "adminform" not in context:
        return errors
    for name, messages in context["adminform"].form.errors.items():
        errors[name] = list(messages)
    for inline in context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            for name, messages in form.errors.items():
                errors[form.add_prefix(name)] = list(messages)
        if inline.formset.non_form_errors():
            errors[f"{inline.formset.prefix}-__all__"] = list(inline.formset.non_form_errors())
    return errors


class _RenderedValues(HTMLParser):
    """Collects what the page shows in the form control(s) posted under one name."""

    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.values = []
        self._textarea = None
        self._in_select = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        named = attrs.get("name") == self.name
        if tag == "input" and named:
            if attrs.get("type") in ("checkbox", "radio"):
                self.values.append("on" if "checked" in attrs else None)
            else:
                self.values.append(attrs.get("value", ""))
        elif tag == "textarea" and named:
            self._textarea = []
        elif tag == "select" and named:
            self._in_select = True
        elif tag == "option" and self._in_select and "selected" in attrs:
            self.values.append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Django writes a newline after <textarea>; HTML drops it, so do we.
            self.values.append("".join(self._textarea).removeprefix("\n"))
            self._textarea = None
        elif tag == "select":
            self._in_select = False


def rendered_value(response, name):
    """The value the HTML form in `response` shows for the control posted as `name`."""
    parser = _RenderedValues(name)
    parser.feed(response.content.decode())
    assert len(parser.values) == 1, f"{name!r} is rendered {len(parser.values)} times"
    return parser.values[0]


def aggregate_snapshot(compound):
    """Every stored value of a compound and of its monograph rows, to compare before and after."""
    from compounds.models import MONOGRAPH_ROWS

    compound = type(compound).objects.get(pk=compound.pk)
    rows = [compound]
    for name in MONOGRAPH_ROWS:
        rows += getattr(compound, name).order_by("pk")
    return serializers.serialize("python", rows)


def refused_errors(response, compound, before):
    """The field errors of a refused compound save, once it is clear nothing was saved."""
    assert response.status_code == 200, "the save was not refused"
    assert aggregate_snapshot(compound) == before, "a refused save changed the database"
    assert not Version.objects.get_for_object(compound).exists(), "a refused save made a version"
    errors = form_errors(response)
    assert errors
    return errors


def assert_saved(response):
    assert response.status_code == 302, form_errors(response)
