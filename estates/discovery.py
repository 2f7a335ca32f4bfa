"""Find a named module (`demo`, `schedules`, `reminders`) in every installed app, in INSTALLED_APPS order.

Looked for once per process and name: looking for a module an app does not have costs a search of the import
path, and a page (the reminders log, an API answer) asks several times. Found again when INSTALLED_APPS changes
(tests override it)."""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.signals import setting_changed


@cache
def app_modules(module_name: str) -> tuple[ModuleType, ...]:
    found = []
    for app_config in apps.get_app_configs():
        dotted = f"{app_config.name}.{module_name}"
        try:
            found.append(import_module(dotted))
        except ModuleNotFoundError as error:
            if error.name != dotted:
                raise
    return tuple(found)


def _forget_app_modules(*, setting, **kwargs) -> None:
    if setting == "INSTALLED_APPS":
        app_modules.cache_clear()


setting_changed.connect(_forget_app_modules, dispatch_uid="boligsocial_forget_app_modules")
