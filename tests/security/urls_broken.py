"""A URLconf with one view that always fails, for the test that the fuzzer notices a 5xx."""

from django.urls import path


def broken(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("broken/", broken)]
