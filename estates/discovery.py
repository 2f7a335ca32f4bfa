"""Find a named module (`demo`, `schedules`, `reminders`) in every installed app, in INSTALLED_APPS order."""

from importlib import import_module
from types import ModuleType

from django.apps import apps


def app_modules(module_name: str) -> list[ModuleType]:
    found = []
    for app_config in apps.get_app_configs():
        dotted = f"{app_config.name}.{module_name}"
        try:
            found.append(import_module(dotted))
        except ModuleNotFoundError as error:
            if error.name != dotted:
                raise
    return found
