"""The error summary at the top of every form, as GOV.UK's design system shows it: each error once,
linking to its field, where it also appears beside the field. Loaded with `{% load forms %}`."""

from django import forms, template
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


def _anchor(bound_field):
    # A group of checkboxes or radios has no element of its own id: link to its first box.
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


def summary_items(*forms_or_formsets, item_label=""):
    """(href or None, message) for every error of the forms, in the order of their fields."""
    items = []
    for form in forms_or_formsets:
        if isinstance(form, forms.BaseFormSet):
            items += [(None, error) for error in form.non_form_errors()]
            for number, member in enumerate(form.forms, start=1):
                items += summary_items(member, item_label=f"{item_label} {number}".strip())
            continue
        if not form.is_bound:
            continue
        items += [(None, error) for error in form.errors.get(NON_FIELD_ERRORS, ())]
        for bound_field in form:
            prefix = f"{item_label}, {bound_field.label}" if item_label else bound_field.label
            items += [(f"#{_anchor(bound_field)}", f"{prefix}: {error}") for error in bound_field.errors]
    return items


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(*forms_or_formsets, title="There is a problem", item_label=""):
    return {"items": summary_items(*forms_or_formsets, item_label=item_label), "title": title}
