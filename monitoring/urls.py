from django.urls import path

from workplan.urls import ActivityCodeConverter  # noqa: F401  (registers the "activity" converter)

from . import indicator_views, views

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", views.home, name="home"),
    # A plan's reporting: its cycles, its activities and their reports.
    path("plans/<slug:plan>/my-activities/", views.my_activities, name="my_activities"),
    path(
        "plans/<slug:plan>/cycles/<int:year>/activities/<activity:code>/<str:body>/start/",
        views.start_report,
        name="start_report",
    ),
    path("plans/<slug:plan>/reports/", views.report_list, name="reports"),
    path("plans/<slug:plan>/review/", views.review_queue, name="review"),
    path("plans/<slug:plan>/participation/", views.participation, name="participation"),
    # A report, whichever plan it is of: its number is unique in the tracker.
    path("monitoring/reports/<int:pk>/", views.report_detail, name="report"),
    path("monitoring/reports/<int:pk>/edit/", views.edit_report, name="edit_report"),
    path("monitoring/reports/<int:pk>/submit/", views.submit_report, name="submit_report"),
    path("monitoring/reports/<int:pk>/accept/", views.review_report, {"decision": "accept"}, name="accept_report"),
    path("monitoring/reports/<int:pk>/return/", views.review_report, {"decision": "return"}, name="return_report"),
    path("monitoring/reports/<int:pk>/reopen/", views.reopen_report, name="reopen_report"),
    path("monitoring/reports/<int:pk>/comments/", views.comment_report, name="comment_report"),
    path("monitoring/reports/<int:pk>/public-parts/", views.public_parts, name="public_parts"),
    path("plans/<slug:plan>/review/accept/", views.accept_reports, name="accept_reports"),
    path("monitoring/documents/<int:pk>/", views.document, name="document"),
    path("monitoring/documents/<int:pk>/remove/", views.remove_document, name="remove_document"),
    path("monitoring/documents/<int:pk>/mark/", views.mark_document, name="mark_document"),
    # The register of partners, and what the reports say each supported.
    path("partners/", views.partner_list, name="partners"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner"),
]

# The performance indicators: set and adjusted from an activity's page; their table by plan.
urlpatterns += [
    path("plans/<slug:plan>/indicators/", indicator_views.indicator_table, name="indicators"),
    path("plans/<slug:plan>/activities/<activity:code>/indicators/", indicator_views.activity_indicators,
         name="activity_indicators"),
    path("plans/<slug:plan>/activities/<activity:code>/indicators/<str:subject>/", indicator_views.set_indicator,
         name="set_indicator"),
    path("plans/<slug:plan>/activities/<activity:code>/indicators/<str:subject>/target/", indicator_views.set_target,
         name="set_target"),
]
