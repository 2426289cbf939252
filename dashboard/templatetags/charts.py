"""Charts drawn on the server as SVG: no script, nothing from a CDN, and every segment is a link."""

from django import template

register = template.Library()


@register.inclusion_tag("dashboard/includes/_bar.html")
def stacked_bar(segments, href, title=""):
    """A horizontal bar of (key, label, count) segments, each a link to `href` + key."""
    total = sum(count for _, _, count in segments)
    bars, x = [], 0.0
    for key, label, count in segments:
        width = 100 * count / total if total else 0
        bars.append({"key": key, "label": label, "count": count, "x": round(x, 3), "width": round(width, 3), "href": f"{href}{key}"})
        x += width
    return {"bars": [bar for bar in bars if bar["count"]], "total": total, "title": title}


@register.simple_tag
def percent(part, whole):
    return f"{100 * part / whole:.0f}%" if whole else "–"
