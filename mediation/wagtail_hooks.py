"""Registers the mediation screens: the menu (shown to mediators only), the admin URLs."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from mediation import urls
from mediation.admin import MediationAdminGroup

modeladmin_register(MediationAdminGroup)


@hooks.register("register_admin_urls")
def register_mediation_urls():
    return [path("mediation/", include(urls, namespace="mediation"))]
