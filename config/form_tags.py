"""The error summary at the top of every form, as GOV.UK's design system shows it: each error once,
linking to its field, where it also appears beside the field. Loaded with `{% load forms %}`."""

from django import forms, template
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


def _anchor(bound_field):
    # A group of checkboxes or radios has no element of its own id: link to its first box.
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


def summary_items(*forms_or_formsets, item_label=""):
    """(href or None, message) for every error of the forms, in the order of their fields; the fields of
    a formset's forms named after `item_label` and their number ("Output 2, Achievement: …"): the
    number the form gives as `summary_number` (a provision's "2.3"), else its place in the formset."""
    items = []
    for form in forms_or_formsets:
        if isinstance(form, forms.BaseFormSet):
            items += [(None, error) for error in form.non_form_errors()]
            for number, member in enumerate(form.forms, start=1):
                number = getattr(member, "summary_number", number)
                items += _form_items(member, prefix=f"{item_label} {number}".strip())
        else:
            items += _form_items(form)
    return items


def _form_items(form, prefix=""):
    # An unbound form has no errors, unless the page flagged some (what a submission still needs).
    items = [(None, error) for error in form.errors.get(NON_FIELD_ERRORS, ())]
    for bound_field in form:
        label = f"{prefix}, {bound_field.label}" if prefix else bound_field.label
        items += [(f"#{_anchor(bound_field)}", f"{label}: {error}") for error in bound_field.errors]
    return items


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(*forms_or_formsets, title="There is a problem", item_label=""):
    return {"items": summary_items(*forms_or_formsets, item_label=item_label), "title": title}
