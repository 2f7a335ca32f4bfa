"""Registers the mediation screens: the menu (shown to mediators only), the admin URLs, the confidential log."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from mediation import log_actions, role_forms, urls
from mediation.admin import MediationAdminGroup

modeladmin_register(MediationAdminGroup)


@hooks.register("register_admin_urls")
def register_mediation_urls():
    return [path("mediation/", include(urls, namespace="mediation"))]


@hooks.register("register_log_actions")
def register_confidential_log(actions):
    log_actions.register(actions)


# Mediation roles are granted by mediation leads only (mediation.grants, mediation.role_forms).
hooks.register("before_create_user", role_forms.answer_user_form)
hooks.register("before_edit_user", lambda request, user: role_forms.answer_user_form(request))
hooks.register("before_bulk_action", role_forms.before_role_bulk_action)
hooks.register("after_bulk_action", role_forms.after_role_bulk_action)
