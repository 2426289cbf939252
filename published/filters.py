from monitoring.filters import ReportFilter


class PublishedReportFilter(ReportFilter):
    """The report lists' filters, less what the public cannot see: every published report is accepted, and
    which Member States took part is not a public fact."""

    state = None
    member_state = None

    class Meta(ReportFilter.Meta):
        fields = ["cycle", "priority_area", "action_line", "body", "status", "achievement"]
