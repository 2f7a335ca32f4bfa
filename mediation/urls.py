"""Admin URLs of mediation's own screens (registered under /admin/mediation/ by wagtail_hooks)."""

from django.urls import path

from mediation import views

app_name = "mediation"

urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("party/<int:pk>/", views.PartyDataView.as_view(), name="party_data"),
    path("party/<int:pk>/export/", views.PartyExportView.as_view(), name="party_export"),
    path("party/<int:pk>/erase/", views.PartyEraseView.as_view(), name="party_erase"),
]
