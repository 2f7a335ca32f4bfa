"""Registers the mediation screens: the menu (shown to mediators only), the admin URLs, the confidential log."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from mediation import log_actions, urls
from mediation.admin import MediationAdminGroup

modeladmin_register(MediationAdminGroup)


@hooks.register("register_admin_urls")
def register_mediation_urls():
    return [path("mediation/", include(urls, namespace="mediation"))]


@hooks.register("register_log_actions")
def register_confidential_log(actions):
    log_actions.register(actions)
