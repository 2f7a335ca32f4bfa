"""Where a case lives in the admin: the one address screens link to and reminders send."""

from django.urls import reverse


def case_admin_path(case) -> str:
    """The path of the case's own screen (modeladmin's inspect view)."""
    return reverse("mediation_case_modeladmin_inspect", args=[case.pk])
