"""The files of an official document's final version, built by the worker and kept on the version:
one PDF and one Word builder per registered kind (builds knows no kind of document)."""

from django import forms

from builds.registry import Builder, register

from .models import Version


def _version(kind, plan, params):
    return (Version.objects.final().select_related("document__plan")
            .filter(document__kind=kind.slug, document__plan=plan, document__year=params.get("cycle"),
                    number=params.get("version")).order_by("-document__pk").first())


def register_builders(kind):
    from . import services

    def check(plan, params):
        if params.get("version") is None or params.get("priority_area") or params.get("body") or \
                _version(kind, plan, params) is None:
            raise forms.ValidationError(f"No such signed version of the {kind.slug.replace('-', ' ')}.")

    def may_have(user, build):
        if build is None:
            return user.is_authenticated  # which version is checked once known: check() and the download
        version = _version(kind, build.plan, build.params)
        return version is not None and kind.may_read_full(user, build.plan)

    for extension, label in (("pdf", "PDF"), ("docx", "Word")):
        def build(document_build, extension=extension):
            version = _version(kind, document_build.plan, document_build.params)
            if version is None:
                raise ValueError("No such signed version.")
            return services.version_file(version, extension)

        register(services.builder_kind(kind.slug, extension),
                 Builder(f"{kind.slug.replace('-', ' ').capitalize()} as signed ({label})", build, may_have, check))
