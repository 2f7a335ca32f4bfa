"""Mediation's records log to the confidential CaseAccessLog through Wagtail's own log action registry.

Registered by the `register_log_actions` hook (mediation.wagtail_hooks). Wagtail picks a model's log-entry
model by its class: registering every mediation model here sends what Wagtail's views log about them (create,
edit, delete) to the confidential log, and never to the shared ModelLogEntry. The statistics page is a
public page and keeps Wagtail's page log.
"""

from mediation.models import Agreement, Case, CaseAccessLog, ConflictType, Meeting, OutreachContact, Party, Referral

CONFIDENTIAL_MODELS = (Case, Party, Meeting, Agreement, Referral, ConflictType, OutreachContact, CaseAccessLog)


def register(actions) -> None:
    for model in CONFIDENTIAL_MODELS:
        actions.register_model(model, CaseAccessLog)
    for action, label in CaseAccessLog.Action.choices:
        actions.register_action(action, label, label)
