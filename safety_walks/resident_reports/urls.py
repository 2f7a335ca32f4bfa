"""The public report form, receipt and private status link (mounted under `boligsocial/meld/`)."""

from django.urls import path

from safety_walks.resident_reports import views

app_name = "reports"
urlpatterns = [
    path("", views.choose_area, name="choose_area"),
    path("tak/", views.thanks, name="thanks"),
    path("tak/<str:token>/", views.receipt, name="receipt"),
    path("status/<str:token>/", views.status, name="status"),
    path("<slug:area_slug>/", views.report_form, name="form"),
]
