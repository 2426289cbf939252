"""An import's writes are batched: the queries it runs do not grow with its number of new activities."""

import pytest

from tests.factories import ActionLineFactory, SectoralBodyFactory, WorkPlanFactory, bali
from tests.workplan.test_import import as_xlsx
from workplan import spreadsheets as sheet
from workplan.models import Activity
from workplan.services import import_matrix
from workplan.spreadsheets import read_dataset

pytestmark = pytest.mark.django_db


def new_activities(line, count):
    rows = [sheet.MATRIX_COLUMNS]
    for n in range(count):
        values = {
            sheet.PRIORITY_AREA: f"{line.priority_area.number}. {line.priority_area.title}",
            sheet.ACTION_LINE: f"{line.number}. {line.matrix_text}",
            sheet.RELEVANT_BODIES: "SOMTC",
            sheet.FOCUS_AREA: f"Focus area {n % 2 + 1}",
            sheet.ACTIVITY: f"Regional workshop {n}",
            sheet.OUTPUTS: f"Report of workshop {n}\nRecommendations of workshop {n}",
            sheet.LEAD_BODIES: "SOMTC, AICHR",
        }
        rows.append([values.get(column, "") for column in sheet.MATRIX_COLUMNS])
    return read_dataset(content=as_xlsx(rows), filename="new.xlsx")


@pytest.mark.parametrize("count", [3, 60])
def test_importing_new_activities_runs_the_same_queries_for_3_or_60(count, django_assert_max_num_queries):
    SectoralBodyFactory(abbreviation="SOMTC")
    SectoralBodyFactory(abbreviation="AICHR")
    WorkPlanFactory()
    line = ActionLineFactory()
    dataset = new_activities(line, count)
    # 19 writes and reads, 1 whether the plan has indicators the file might withdraw, and 9 of the matrix's history: the 4 that look for rows without one (none here), the
    # new activities', their outputs' and lead bodies' (in bulk), and the two new focus areas'; and 1 that
    # reads which relevant bodies the line has before adding them: with a listener of m2m_changed (the kept
    # matrix page's, workplan.page_cache), Django cannot add them blind.
    with django_assert_max_num_queries(30):
        result = import_matrix(plan=bali(), dataset=dataset, dry_run=False)
    assert result.totals["new"] == count, result.error_messages()
    activity = Activity.objects.get(text="Regional workshop 2")
    assert [o.text for o in activity.outputs.order_by("position")] == ["Report of workshop 2", "Recommendations of workshop 2"]
    assert sorted(b.abbreviation for b in activity.lead_bodies.all()) == ["AICHR", "SOMTC"]
    assert activity.code == f"{line.number}.3" and activity.position == 2
