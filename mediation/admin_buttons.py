"""The row buttons of mediation's admin lists, built for a page of rows at a time.

Modeladmin's ButtonHelper reverses three URLs and asks the permission helper up to five times per row (the
primary button and the button list each ask again): a list of 50 cases spent more time on its buttons than
on the rest of the page. This helper asks the permission helper once per row and action, and reverses each
action's URL once per request, filling in each row's primary key. Which buttons show is unchanged: the
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

    def _may(self, action: str, obj) -> bool:
        key = (action, obj.pk)
        if key not in self._answers:
            ask = getattr(self.permission_helper, f"user_can_{action}_obj")
            self._answers[key] = ask(self.request.user, obj)
        return self._answers[key]

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = exclude or []
        makers = (("inspect", self.inspect_button), ("edit", self.edit_button), ("delete", self.delete_button))
        return [
            make(obj.pk, classnames_add, classnames_exclude)
            for action, make in makers
            if action not in exclude and self._may(action, obj)
        ]

    def get_primary_button(self, obj):
        for action, make in (("edit", self.edit_button), ("inspect", self.inspect_button)):
            if self._may(action, obj):
                return make(obj.pk)
        return None
