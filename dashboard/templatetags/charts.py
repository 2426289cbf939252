"""Charts drawn on the server as SVG: no script, nothing from a CDN, and every segment is a link.

Built as one string per bar rather than through a template: the dashboard draws a few hundred bars
and the template engine would spend most of the page's time on them.
"""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def stacked_bar(segments, href, title=""):
    """A horizontal bar of (key, label, count) segments, each a link to `href` + key.

    A labelled group rather than an image: an image cannot hold links, and each segment is one, named
    by its label and count for screen readers and keyboards."""
    total = sum(count for _, _, count in segments)
    parts, x, summary = [], 0.0, []
    for key, label, count in segments:
        if not count:
            continue
        width = 100 * count / total
        parts.append(
            f'<a href="{escape(href)}{escape(key)}" aria-label="{escape(label)}: {count}"><rect class="seg-{escape(key)}" x="{x:.3f}" y="0" '
            f'width="{width:.3f}" height="6"><title>{escape(label)}: {count}</title></rect></a>'
        )
        summary.append(f"{label} {count}")
        x += width
    if not parts:
        parts.append('<rect class="seg-empty" x="0" y="0" width="100" height="6"><title>Nothing to show</title></rect>')
    label = format_html("{}{}", f"{title}: " if title else "", "; ".join(summary) or "nothing to show")
    return mark_safe(
        f'<svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="group" aria-label="{label}">'
        + "".join(parts)
        + "</svg>"
    )


@register.simple_tag
def percent(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "–"
