"""The admin's ways of giving a user a role, made to ask mediation.grants first.

Wagtail's user create and edit forms, and the "Assign role" bulk action, have no setting a plugin can hook a
form rule into; their `before_*` hooks can answer for the view. On a POST, the hook answers with the same view
(same class, same arguments) whose `form_valid` first asks whether the form adds a mediation role, and refuses
with a Danish message on the groups field, keeping what was typed, when the user is not a mediation lead.
Otherwise it saves as usual, acting as the request's user, so mediation.grants logs and mails the grant.
"""

from django.shortcuts import redirect
from wagtail.admin import messages

from mediation import grants

GUARDED = "_mediation_role_guarded"


class GrantGuardedFormMixin:
    def form_valid(self, form):
        user = self.request.user
        adds_a_role = grants.adds_a_mediation_role(user=form.instance, groups=form.cleaned_data.get("groups"))
        if adds_a_role and not grants.may_grant(user):
            form.add_error("groups", grants.refusal_message())
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        with grants.acting_as(user):
            return super().form_valid(form)


def answer_user_form(request):
    """before_create_user / before_edit_user: serve a POST through the guarded copy of the resolved view."""
    if request.method != "POST" or getattr(request, GUARDED, False):
        return None
    match = request.resolver_match
    view_class = getattr(match.func, "view_class", None) if match else None
    if view_class is None:
        return None
    setattr(request, GUARDED, True)
    guarded = type(f"GrantGuarded{view_class.__name__}", (GrantGuardedFormMixin, view_class), {})
    return guarded.as_view(**match.func.view_initkwargs)(request, *match.args, **match.kwargs)


def before_role_bulk_action(request, action_type, objects, action_class_instance):
    """The "Assign role" bulk action on users: refused with a message for a mediation role unless by a lead;
    a lead's grant is made acting as them (until the after hook, or the end of the request)."""
    if action_type != "assign_role":
        return None
    role = action_class_instance.cleaned_form.cleaned_data.get("role")
    if role is None or not any(grants.adds_a_mediation_role(user=user, groups=[role]) for user in objects):
        return None
    if not grants.may_grant(request.user):
        messages.error(request, grants.refusal_message())
        return redirect(action_class_instance.next_url)
    grants.enter_request_actor(request.user)
    return None


def after_role_bulk_action(request, action_type, objects, action_class_instance):
    if action_type == "assign_role":
        grants.enter_request_actor(None)
    return None
