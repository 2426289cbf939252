"""The performance indicators in a matrix spreadsheet's row (spreadsheets.INDICATOR_COLUMNS): read and
checked with the row, written after the row's activity and outputs, all or nothing with the import.

A row's indicators are what its cells say: an indicator the row no longer lists is withdrawn, one that
is as the file says is left untouched (so importing the same file twice changes nothing and adds no
history). A file without the indicator columns leaves every indicator as it is.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import spreadsheets as sheet
from .models import MEASURED_KINDS, Activity, Indicator, IndicatorKind, IndicatorTarget

KINDS = {word: kind for kind, word in sheet.KIND_WORDS.items()}
DIRECTIONS = {"higher": Indicator.Direction.HIGHER, "lower": Indicator.Direction.LOWER}
OF_OUTPUT = re.compile(r"^output\s+([0-9]{1,3})$", re.I)
TARGET = re.compile(r"^\s*(?P<when>[0-9]{4}|period)\s*:\s*(?P<value>.*?)\s*$", re.I)
FIELDS = ("text", "kind", "unit", "baseline", "baseline_year", "direction", "means_of_verification")


@dataclass
class IndicatorSpec:
    output_position: int = None  # None: the activity's own
    text: str = ""
    kind: str = ""
    unit: str = ""
    baseline: Decimal = None
    baseline_year: int = None
    direction: str = ""
    means_of_verification: str = ""
    targets: dict = field(default_factory=dict)  # year or None → value (Decimal, "yes" or a milestone's text)


def _decimal(text):
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e10") else None


def _lines(values, column, count, result):
    text = sheet.cell_text(values.get(column))
    lines = [line.strip() for line in text.split("\n")] if text else []
    if len(lines) > count:
        result.error(column, f"{len(lines)} lines, more than the {count} of “{sheet.INDICATOR_OF}”: "
                              f"write one line per indicator, “{sheet.NO_VALUE}” where it has no value")
    lines += [""] * (count - len(lines))
    return ["" if line == sheet.NO_VALUE else line for line in lines[:count]]


def parse_indicators(values, *, outputs, plan, result):
    """The indicators a row's cells give (IndicatorSpec each), checked; errors go on `result`."""
    of_text = sheet.cell_text(values.get(sheet.INDICATOR_OF))
    of_lines = [line.strip() for line in of_text.split("\n")] if of_text else []
    count = len(of_lines)
    columns = {column: _lines(values, column, count, result) for column in sheet.INDICATOR_COLUMNS[1:]}
    if not count:
        if any(any(lines) for lines in columns.values()):
            result.error(sheet.INDICATOR_OF, "say what each indicator measures: “output 1”, “output 2”… or “activity”")
        return []
    specs, seen = [], set()
    for n, of in enumerate(of_lines):
        line = f"line {n + 1}: " if count > 1 else ""
        spec = IndicatorSpec()
        match = OF_OUTPUT.match(of)
        if match:
            spec.output_position = int(match.group(1))
            if not 1 <= spec.output_position <= len(outputs):
                result.error(sheet.INDICATOR_OF, f"{line}the row has {len(outputs)} expected output(s), not an output "
                                                 f"{spec.output_position}")
                continue
        elif of.lower() != "activity":
            result.error(sheet.INDICATOR_OF, f"{line}“{of}” is neither “output N” nor “activity”")
            continue
        if spec.output_position in seen:
            result.error(sheet.INDICATOR_OF, f"{line}“{of}” has two indicators; it has one at most")
            continue
        seen.add(spec.output_position)
        cell = {column: lines[n] for column, lines in columns.items()}
        spec.text, spec.unit = cell[sheet.INDICATOR_TEXT], cell[sheet.INDICATOR_UNIT]
        spec.means_of_verification = cell[sheet.INDICATOR_VERIFICATION]
        spec.kind = KINDS.get(cell[sheet.INDICATOR_KIND].lower(), "")
        if not spec.kind:
            result.error(sheet.INDICATOR_KIND, f"{line}“{cell[sheet.INDICATOR_KIND]}” is not a kind of indicator: "
                                               f"{', '.join(KINDS)}")
            continue
        if spec.output_position is None and not spec.text:
            result.error(sheet.INDICATOR_TEXT, f"{line}say what the activity's own indicator measures")
        if len(spec.text) > 300 or len(spec.means_of_verification) > 300 or len(spec.unit) > 60:
            result.error(sheet.INDICATOR_TEXT, f"{line}too long: at most 300 characters (the unit 60)")
        measured = spec.kind in MEASURED_KINDS
        direction = cell[sheet.INDICATOR_DIRECTION].lower()
        if measured:
            spec.direction = DIRECTIONS.get(direction, "")
            if not spec.direction:
                result.error(sheet.INDICATOR_DIRECTION, f"{line}a {cell[sheet.INDICATOR_KIND]} needs its direction: "
                                                        f"“higher” or “lower” (is better)")
        elif direction:
            result.error(sheet.INDICATOR_DIRECTION, f"{line}a yes/no or a milestone has no direction: it is reached or not")
        baseline, year = cell[sheet.INDICATOR_BASELINE], cell[sheet.INDICATOR_BASELINE_YEAR]
        if baseline:
            spec.baseline = _decimal(baseline)
            if spec.baseline is None:
                result.error(sheet.INDICATOR_BASELINE, f"{line}“{baseline}” is not a number")
            elif not measured:
                result.error(sheet.INDICATOR_BASELINE, f"{line}a yes/no or a milestone has no baseline value")
        if year:
            number = _decimal(year)
            if number is None or number != number.to_integral_value() or not 1900 <= number <= 2100:
                result.error(sheet.INDICATOR_BASELINE_YEAR, f"{line}“{year}” is not a year")
            else:
                spec.baseline_year = int(number)
        if measured and (spec.baseline is None) != (spec.baseline_year is None):
            result.error(sheet.INDICATOR_BASELINE_YEAR, f"{line}give the baseline with its year, or neither")
        spec.targets = _targets(cell[sheet.INDICATOR_TARGETS], spec.kind, plan, result, line)
        specs.append(spec)
    return specs


def _targets(text, kind, plan, result, line):
    targets = {}
    for part in (p for p in text.split(";") if p.strip()):
        match = TARGET.match(part)
        if not match:
            result.error(sheet.INDICATOR_TARGETS, f"{line}“{part.strip()}” is not a target: write “2024: 20” or "
                                                  f"“period: 50”, separated by “;”")
            continue
        when, value = match.group("when").lower(), match.group("value")
        year = None if when == sheet.PERIOD else int(when)
        if year is not None and year not in plan.years:
            result.error(sheet.INDICATOR_TARGETS, f"{line}{year} is not a year of the {plan} ({plan.period})")
            continue
        if year in targets:
            result.error(sheet.INDICATOR_TARGETS, f"{line}two targets for {when}")
            continue
        if kind in MEASURED_KINDS:
            number = _decimal(value)
            if number is None:
                result.error(sheet.INDICATOR_TARGETS, f"{line}the target for {when}, “{value}”, is not a number")
                continue
            if kind == IndicatorKind.PERCENTAGE and not 0 <= number <= 100:
                result.error(sheet.INDICATOR_TARGETS, f"{line}the target for {when}, {value} %, is not between 0 and 100")
                continue
            targets[year] = number
        elif kind == IndicatorKind.YES_NO:
            if value.lower() != "yes":
                result.error(sheet.INDICATOR_TARGETS, f"{line}the target of a yes/no is “yes”, not “{value}”")
                continue
            targets[year] = "yes"
        else:
            if not value or len(value) > 300:
                result.error(sheet.INDICATOR_TARGETS, f"{line}say what the milestone for {when} is (at most 300 characters)")
                continue
            targets[year] = value
    return targets


def _current(indicator):
    values = {name: getattr(indicator, name) for name in FIELDS}
    targets = {}
    for target in indicator.targets.all():
        if indicator.kind in MEASURED_KINDS:
            targets[target.year] = target.value
        else:
            targets[target.year] = "yes" if indicator.kind == IndicatorKind.YES_NO else target.milestone
    return values, targets


def _stamp(instance, reason):
    instance._change_reason = reason
    instance.full_clean()
    instance.save()


def apply_indicators(*, plan, rows, reason):
    """Write the indicators of the parsed rows (each with `.indicators` and its activity's code in
    `.result.code`); returns the rows whose indicators changed. Raises nothing the parse has not refused."""
    touched = []
    codes = [row.result.code for row in rows if row.result.code]
    activities = {a.code: a for a in Activity.objects.filter(plan=plan, code__in=codes).prefetch_related(
        "outputs__indicator__targets", "indicator__targets")}
    for row in rows:
        activity = activities.get(row.result.code)
        if activity is None:
            continue
        outputs = {output.position: output for output in activity.outputs.all()}
        existing = {position: output.indicator for position, output in outputs.items() if hasattr(output, "indicator")}
        if hasattr(activity, "indicator"):
            existing[None] = activity.indicator
        changed = False
        wanted = {spec.output_position: spec for spec in row.indicators}
        for position, indicator in existing.items():
            if position not in wanted:
                indicator._change_reason = reason
                indicator.delete()
                changed = True
        for position, spec in wanted.items():
            indicator = existing.get(position)
            values = {name: getattr(spec, name) for name in FIELDS}
            if indicator is not None and _current(indicator) == (values, spec.targets):
                continue
            changed = True
            if indicator is None:
                owner = {"activity": activity} if position is None else {"output": outputs[position]}
                indicator = Indicator(**owner)
                old_targets = {}
            else:
                old_targets = {target.year: target for target in indicator.targets.all()}
            if indicator.pk is None or {name: getattr(indicator, name) for name in FIELDS} != values:
                for name, value in values.items():
                    setattr(indicator, name, value)
                _stamp(indicator, reason)
            for year, target in old_targets.items():
                if year not in spec.targets:
                    target._change_reason = reason
                    target.delete()
            for year, value in spec.targets.items():
                target = old_targets.get(year) or IndicatorTarget(indicator=indicator, year=year)
                new_value = value if spec.kind in MEASURED_KINDS else None
                milestone = value if spec.kind == IndicatorKind.MILESTONE else ""
                if target.pk and target.value == new_value and target.milestone == milestone:
                    continue
                target.value, target.milestone = new_value, milestone
                _stamp(target, reason)
        if changed:
            touched.append(row)
    return touched
