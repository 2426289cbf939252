"""The form renderer of the site: Django's, with the drop-down list drawn in Python.

Django draws a <select> by rendering a template for the list and one more for each of its options:
a filter form of cycles, areas and bodies, or a report form's lists, costs milliseconds of CPU on
every page that shows one. This renderer writes the same markup, character for character (see
django/forms/widgets/select.html and select_option.html), without the template engine; any other
widget, or a list whose options use a template of their own, is drawn by Django as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value):
    # `{{ value|stringformat:'s' }}`: a safe string stays as it is, anything else is escaped.
    return str(value) if isinstance(value, SafeData) else conditional_escape("%s" % (value,))


def _attrs(attrs):
    # django/forms/widgets/attrs.html
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget):
    """The HTML of a select widget's context, or None if one of its options has a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n'
            )  # the option's template ends with a line break
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
