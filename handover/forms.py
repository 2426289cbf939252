import re

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.models import ActionLine, FocusArea

from .models import CarryOverKind

# "1.2" names a line of the successor, "1.2 / 1" its first focus area; what follows is the picker's words.
TARGET = re.compile(r"^\s*(?P<line>\d{1,2}\.\d{1,2})(?:\s*/\s*(?P<focus>\d{1,3}))?(?:\s|$|·)")


def target_options(successor, *, lines_only=False):
    """The successor's lines, and in a work plan their focus areas (unless `lines_only`), as the picker
    offers them: the plan's own numbers, then the words, so that typing either finds them."""
    options = []
    lines = ActionLine.objects.filter(plan=successor).order_by("priority_area__number", "position")
    focus_areas = {}
    if successor.is_work_plan and not lines_only:
        for focus_area in FocusArea.objects.filter(action_line__plan=successor).order_by("position"):
            focus_areas.setdefault(focus_area.action_line_id, []).append(focus_area)
    for line in lines:
        options.append(f"{line.number} · {(line.matrix_text or line.text)[:90]}")
        options += [f"{line.number} / {area.position} · {area.text[:90]}" for area in focus_areas.get(line.pk, [])]
    return options


class CarryOverForm(forms.Form):
    """Where in the successor an open item goes: typed or picked from the successor's lines (no script
    needed: the browser's own list, `datalist`, searches them as one types)."""

    to = forms.CharField(max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Why it goes there, or what the successor should do about it."))

    def __init__(self, *args, successor, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.successor, self.kind = successor, kind
        field = self.fields["to"]
        if kind == CarryOverKind.ACTIVITY:
            field.label = _("Into which focus area of the %(plan)s") % {"plan": successor}
            field.help_text = _("Type a line's number and a focus area's, e.g. 1.2 / 1, or words of it, and pick it from the list.")
        elif kind == CarryOverKind.ASSISTANCE:
            field.label = _("Into which %(provision)s of the %(plan)s") % {
                "provision": successor.provision_label, "plan": successor}
            field.help_text = _("Type its number, e.g. 1.2, or words of it, and pick it from the list.")
        else:
            field.label = _("Into which %(provision)s or focus area of the %(plan)s") % {
                "provision": successor.provision_label, "plan": successor}
            field.help_text = _("Type its number, e.g. 1.2 (or 1.2 / 1 for a focus area), or words of it, and pick it from the list.")
        field.widget.attrs.update(list="successor-lines", autocomplete="off")

    def clean_to(self):
        match = TARGET.match(self.cleaned_data["to"] + " ")
        if not match:
            raise forms.ValidationError(_("Pick a line of the %(plan)s from the list, or type its number, e.g. 1.2.")
                                        % {"plan": self.successor})
        line = ActionLine.objects.filter(plan=self.successor, number=match["line"]).first()
        if line is None:
            raise forms.ValidationError(_("The %(plan)s has no line %(number)s.")
                                        % {"plan": self.successor, "number": match["line"]})
        if match["focus"] and self.kind == CarryOverKind.ASSISTANCE:
            raise forms.ValidationError(_("A request for assistance goes into a %(provision)s: type %(number)s alone.")
                                        % {"provision": self.successor.provision_label, "number": line.number})
        if match["focus"]:
            focus_area = FocusArea.objects.filter(action_line=line, position=match["focus"]).first()
            if focus_area is None:
                raise forms.ValidationError(_("Line %(number)s of the %(plan)s has no focus area %(position)s.")
                                            % {"number": line.number, "plan": self.successor, "position": match["focus"]})
            return focus_area
        if self.kind == CarryOverKind.ACTIVITY:
            focus_areas = list(FocusArea.objects.filter(action_line=line).order_by("position"))
            if len(focus_areas) == 1:
                return focus_areas[0]
            raise forms.ValidationError(
                _("An activity goes into a focus area: line %(number)s has %(choices)s.")
                % {"number": line.number,
                   "choices": ", ".join(f"{line.number} / {area.position}" for area in focus_areas) or _("none yet")})
        return line
