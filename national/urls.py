from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("start/", views.home, name="home"),
    # A plan of action's Member States' reporting.
    path("plans/<slug:plan>/national-reports/", views.report_list, name="reports"),
    path("plans/<slug:plan>/national-reports/<int:year>/<str:code>/start/", views.start_report, name="start_report"),
    path("plans/<slug:plan>/national-reports/summary/", views.summary, name="summary"),
    path("plans/<slug:plan>/national-reports/acknowledge/", views.acknowledge_reports, name="acknowledge_reports"),
    path("plans/<slug:plan>/national-reports/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<slug:plan>/national-reports/entries/", views.entries, name="entries"),
    path("plans/<slug:plan>/contacts/", views.contacts, name="contacts"),
    # Requests for assistance followed to delivery: a plan's, one state's, one request.
    path("plans/<slug:plan>/assistance/", views.assistance_list, name="assistance_list"),
    path("plans/<slug:plan>/assistance/<str:code>/", views.assistance_list, name="assistance_of_state"),
    path("assistance/<int:pk>/", views.assistance_detail, name="assistance"),
    path("assistance/<int:pk>/step/", views.assistance_step, name="assistance_step"),
    path("plans/<slug:plan>/reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/edit/", views.edit_review, name="edit_review"),
    path("reviews/<int:pk>/submit/", views.review_step, {"step": "submit"}, name="submit_review"),
    path("reviews/<int:pk>/endorse/", views.review_step, {"step": "endorse"}, name="endorse_review"),
    # A national report, whichever plan it is of.
    path("national-reports/<int:pk>/", views.report_detail, name="report"),
    path("national-reports/<int:pk>/edit/", views.edit_report, name="edit_report"),
    path("national-reports/<int:pk>/areas/<int:number>/", views.edit_area, name="edit_area"),
    path("national-reports/<int:pk>/areas/<int:number>/confirm/", views.confirm_area, name="confirm_area"),
    path("national-reports/<int:pk>/import/", views.import_report, name="import_report"),
    path("national-reports/<int:pk>/submit/", views.submit_report, name="submit_report"),
    path("national-reports/<int:pk>/acknowledge/", views.review_report, {"decision": "acknowledge"}, name="acknowledge_report"),
    path("national-reports/<int:pk>/return/", views.review_report, {"decision": "return"}, name="return_report"),
    path("national-reports/<int:pk>/reopen/", views.reopen_report, name="reopen_report"),
    path("national-reports/<int:pk>/comment/", views.comment_report, name="comment_report"),
    path("national-reports/<int:pk>/share/", views.share_report, name="share_report"),
    path("national-reports/documents/<int:pk>/", views.document, name="document"),
    path("national-reports/documents/<int:pk>/remove/", views.remove_document, name="remove_document"),
    path("national-reports/documents/<int:pk>/mark/", views.mark_document, name="mark_document"),
]
