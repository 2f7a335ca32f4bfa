"""Sign-up links that work without a login (mounted by estates/urls.py under `boligsocial/tilmelding/`)."""

app_name = "signups"
urlpatterns = []
