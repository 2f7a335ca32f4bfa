"""The row buttons of mediation's admin lists, built for a page of rows at a time.

Modeladmin's ButtonHelper reverses three URLs and asks the permission helper up to five times per row (the
primary button and the button list each ask again): a list of 50 cases spent more time on its buttons than
on the rest of the page. This helper asks the permission helper once per row and action, and reverses each
action's URL and button once per request, filling in each row's primary key. Which buttons show is unchanged: the
policy still decides, row by row.
"""

from wagtail_modeladmin.helpers import ButtonHelper

_PK = "mediation-row-pk"  # fits the modeladmin URL pattern ([-\w]+); no primary key looks like it


class _ReversedOnce:
    """The view's URL helper, reversing each object action once and filling in the key after."""

    def __init__(self, url_helper):
        self._url_helper = url_helper
        self._patterns: dict[str, str] = {}

    def __getattr__(self, name):
        return getattr(self._url_helper, name)

    def get_action_url(self, action, *args, **kwargs):
        if len(args) != 1 or kwargs:
            return self._url_helper.get_action_url(action, *args, **kwargs)
        if action not in self._patterns:
            self._patterns[action] = self._url_helper.get_action_url(action, _PK)
        return self._patterns[action].replace(_PK, str(args[0]))


class RowButtonHelper(ButtonHelper):
    def __init__(self, view, request):
        super().__init__(view, request)
        self.url_helper = _ReversedOnce(view.url_helper)
        self._answers: dict[tuple[str, object], bool] = {}
        self._buttons: dict[tuple, dict] = {}

    def _may(self, action: str, obj) -> bool:
        key = (action, obj.pk)
        if key not in self._answers:
            ask = getattr(self.permission_helper, f"user_can_{action}_obj")
            self._answers[key] = ask(self.request.user, obj)
        return self._answers[key]

    def _button(self, action: str, pk, classnames_add=None, classnames_exclude=None) -> dict:
        """The action's button for this row: modeladmin's button, built once per request and action (its
        label, title and classes name no row), with the row's URL."""
        key = (action, tuple(classnames_add or ()), tuple(classnames_exclude or ()))
        if key not in self._buttons:
            make = getattr(self, f"{action}_button")
            self._buttons[key] = make(_PK, classnames_add, classnames_exclude)
        button = dict(self._buttons[key])
        button["url"] = button["url"].replace(_PK, str(pk))
        return button

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = exclude or []
        return [
            self._button(action, obj.pk, classnames_add, classnames_exclude)
            for action in ("inspect", "edit", "delete")
            if action not in exclude and self._may(action, obj)
        ]

    def get_primary_button(self, obj):
        for action in ("edit", "inspect"):
            if self._may(action, obj):
                return self._button(action, obj.pk)
        return None
