import re

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The matrix refers to other action lines by number: "(in line with 1.8)", "(in line with 3.4 and
# 3.5)", "(in line with community resilience in 1.3)", "(same as under 1.3)", "researchers (1.9 and
# 1.10)". Only numbers in such a phrase are linked, never a bare "1.5" (as in "Track 1.5 Dialogue").
CROSS_REFERENCE = re.compile(
    r"(?:in line with|same as under)[^()]*?(?P<refs>\b[1-4]\.[0-9]{1,2}\b(?:\s*(?:,|and|&)\s*[1-4]\.[0-9]{1,2}\b)*)"
    r"|\((?P<bare>[1-4]\.[0-9]{1,2}(?:\s*(?:,|and|&)\s*[1-4]\.[0-9]{1,2})*)\)",
    re.I,
)
ACTION_LINE_NUMBER = re.compile(r"\b([1-4])\.([0-9]{1,2})\b")


def _link_numbers(refs, plan_slug):
    def link(match):
        number = f"{match.group(1)}.{match.group(2)}"
        url = reverse("workplan:action_line", kwargs={"plan": plan_slug, "number": number})
        return format_html('<a href="{}" class="xref">{}</a>', url, number)

    return ACTION_LINE_NUMBER.sub(link, refs)


@register.filter(needs_autoescape=True)
def link_action_lines(text, plan_slug="", autoescape=True):
    """Escape the text and turn its cross-references to action lines of the plan into links."""
    escaped = conditional_escape(text) if autoescape else text
    if not plan_slug:
        return mark_safe(escaped)

    def link(match):
        group = "refs" if match.group("refs") else "bare"
        start, end = match.start(group) - match.start(0), match.end(group) - match.start(0)
        whole = match.group(0)
        return whole[:start] + _link_numbers(match.group(group), plan_slug) + whole[end:]

    return mark_safe(CROSS_REFERENCE.sub(link, escaped))


@register.inclusion_tag("workplan/includes/_bodies.html")
def body_links(bodies):
    return {"bodies": bodies}
