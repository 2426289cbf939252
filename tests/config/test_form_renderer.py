"""The site's form renderer draws drop-down lists as Django's templates do, character for character."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from bodies.models import SectoralBody
from config.form_renderer import FormRenderer
from tests.factories import SectoralBodyFactory


class Lists(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("x<y", 'A & "B"'), (3, 3)], required=False)
    grouped = forms.ChoiceField(choices=[("G1", [("1", "one"), ("2", "two")]), ("G<2", [("3", mark_safe("<b>t</b>"))]), ("4", "four")])
    several = forms.MultipleChoiceField(
        choices=[("1", "one"), ("2", "two")],
        widget=forms.SelectMultiple(attrs={"class": "wide", "data-q": 'a"b', "disabled": True, "hidden": False}),
    )
    answer = forms.NullBooleanField()
    body = forms.ModelChoiceField(queryset=SectoralBody.objects.order_by("pk"), required=False)
    bodies = forms.ModelMultipleChoiceField(queryset=SectoralBody.objects.order_by("pk"), required=False)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"plain": "x<y", "grouped": "3", "several": ["1", "2"], "answer": "true"}, {"plain": "nonsense"}])
def test_lists_are_drawn_as_djangos_templates_draw_them(data):
    first, second = SectoralBodyFactory.create_batch(2, name="Bodies & <Organs>")
    if data:
        data = {**data, "body": str(first.pk), "bodies": [str(first.pk), str(second.pk)]}
    djangos, ours = Lists(data, renderer=DjangoTemplates()), Lists(data, renderer=FormRenderer())
    for name in Lists.base_fields:
        assert str(ours[name]) == str(djangos[name]), name


def test_other_widgets_are_left_to_django():
    class Other(forms.Form):
        when = forms.DateField()
        choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    djangos, ours = Other(renderer=DjangoTemplates()), Other(renderer=FormRenderer())
    assert str(ours["when"]) == str(djangos["when"]) and str(ours["choice"]) == str(djangos["choice"])


def test_the_site_draws_its_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "config.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
