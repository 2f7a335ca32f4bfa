"""The public report form, receipt and private status link (mounted under `boligsocial/meld/`)."""

app_name = "reports"
urlpatterns = []
