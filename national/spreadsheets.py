"""A national report as a spreadsheet, one row per provision, for states that collect it offline:
downloaded with the report's answers so far, filled in, and imported back with the same all-or-nothing
preview as the matrix import (workplan.services)."""

import tablib
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from workplan.services import ERROR, UPDATED, MatrixImportResult, RowResult
from workplan.spreadsheets import MAX_CELL_CHARACTERS, cell_text, columns_problem, headers_of, neutralise

from . import services
from .models import ProvisionEntry

NUMBER, PROVISION = "Number", "Provision"
# The answers' columns, in the order of the form, by the model's own labels.
ANSWER_COLUMNS = {name: str(ProvisionEntry._meta.get_field(name).verbose_name).capitalize() for name in ProvisionEntry.ANSWERS}
COLUMNS = [NUMBER, PROVISION, *ANSWER_COLUMNS.values()]
CHOICES = {"status": ProvisionEntry.Status, "assistance_theme": ProvisionEntry.Assistance}


def report_dataset(report):
    """The report's answers so far, one row per provision in the plan's order, choices by their labels."""
    dataset = tablib.Dataset(headers=COLUMNS, title="National report")
    for entry in report.entries.in_plan_order().select_related("provision"):
        answers = [getattr(entry, f"get_{name}_display")() if name in CHOICES else neutralise(getattr(entry, name))
                   for name in ProvisionEntry.ANSWERS]
        dataset.append([entry.provision.number, neutralise(entry.provision.text), *answers])
    return dataset


def _choice(name, cell, row, column):
    """A choice cell: its label as the form shows it (any case) or its stored value; empty is no answer."""
    if not cell:
        return ""
    choices = CHOICES[name]
    by_label = {str(label).lower(): value for value, label in choices.choices}
    value = by_label.get(cell.lower(), cell if cell in choices.values else None)
    if value is None:
        row.error(column, _("“%(cell)s” is not one of: %(labels)s") % {
            "cell": cell[:80], "labels": ", ".join(str(label) for label in choices.labels)})
        return ""
    return value


def import_national_report(*, report, user, dataset, expected_version, dry_run=True) -> MatrixImportResult:
    """Check and (unless `dry_run`) write the answers of a spreadsheet into `report`; nothing is written
    if any row is wrong. Rows are matched on the provision's number; provisions the file leaves out
    keep their answers. An imported answer is the state's answer of this year: no longer carried forward."""
    result = MatrixImportResult(dry_run=dry_run)
    if not report.is_editable_by(user):
        raise PermissionDenied(_("This report cannot be edited now."))
    headers = headers_of(dataset)
    problem = columns_problem(headers, COLUMNS, _("a national report's spreadsheet"))
    if problem:
        result.file_errors.append(problem)
        return result
    entries = {entry.provision.number: entry for entry in report.entries.select_related("provision")}
    changes, seen = {}, {}
    for index, raw in enumerate(dataset, start=2):
        cells = {header: cell_text(value) for header, value in zip(headers, raw)}
        if not any(cells.values()):
            continue
        row = RowResult(number=index, action_line=cells[NUMBER])
        result.rows.append(row)
        entry = entries.get(cells[NUMBER])
        if entry is None:
            row.error(NUMBER, _("“%(number)s” is not a %(label)s of the %(plan)s") % {
                "number": cells[NUMBER][:20], "label": report.cycle.plan.provision_label, "plan": report.cycle.plan})
            continue
        if cells[NUMBER] in seen:
            row.error(NUMBER, _("%(number)s is already on row %(row)d: a duplicate row") % {"number": cells[NUMBER], "row": seen[cells[NUMBER]]})
            continue
        seen[cells[NUMBER]] = index
        values = {}
        for name, column in ANSWER_COLUMNS.items():
            cell = cells[column]
            if len(cell) > MAX_CELL_CHARACTERS:
                row.error(column, _("a cell holds at most %(limit)s characters") % {"limit": f"{MAX_CELL_CHARACTERS:,}"})
            values[name] = _choice(name, cell, row, column) if name in CHOICES else cell
        for name, message in ProvisionEntry.assistance_problems(values["assistance_needed"], values["assistance_theme"]).items():
            row.error(ANSWER_COLUMNS[name], message)
        if row.status == ERROR:
            continue
        if any(getattr(entry, name) != value for name, value in values.items()) or entry.carried_forward:
            row.status, row.summary = UPDATED, _("answers changed") if not entry.carried_forward else _("answers confirmed")
            changes[entry.pk] = {**values, "carried_forward": False}
    if not result.rows:
        result.file_errors.append(_("The file has a header row but no %(label)ss.") % {"label": report.cycle.plan.provision_label})
    if not (dry_run or result.has_errors):
        services.update_entries(report=report, user=user, expected_version=expected_version, entries=changes)
    return result
