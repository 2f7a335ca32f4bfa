"""The roles of the permission matrix (ARCHITECTURE.md) as Django groups, and what each may do.

Every app's permissions are declared here, in one table, so the matrix can be read in one place.
`sync_role_permissions` grants the model permissions that exist; each app's data migration calls it
after its models exist, and it is idempotent. Page and image rights are granted by
`manage.py boligsocial_setup` (estates/install.py) on the plugin's own pages and collection only, never
on the host's root page or root collection. The plugin grants nothing on the host's own models.
"""

from django.contrib.auth.management import create_permissions

STAFF = "Boligsociale medarbejdere"
MEDIATORS = "Mæglere"
MEDIATION_LEADS = "Mæglingsledere"
PARTNERS = "Partnere"

ALL_ROLES = (STAFF, MEDIATORS, MEDIATION_LEADS, PARTNERS)
# Everyone who works as social-housing staff: mediators are staff too (see estates.access).
STAFF_ROLES = (STAFF, MEDIATORS, MEDIATION_LEADS)
# Who works in mediation (row rules: mediation.managers and mediation.policy).
MEDIATION_ROLES = (MEDIATORS, MEDIATION_LEADS)


def _crud(app_label: str, *models: str) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in ("add", "change", "delete", "view")]


# Images and documents: granted as model permissions and on the plugin's own collection (estates/install.py).
COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)

# What staff do: the public site, walks, findings, activities. Mediators are staff too.
_STAFF_WORK = [
    "wagtailadmin.access_admin",
    *_crud("estates", "housingarea", "organisation", "membership"),
    *_crud(
        "safety_walks",
        "finding",
        "findingcategory",
        "responsibility",
        "findingupdate",
        "thememeeting",
        "followupmeeting",
    ),
    *_crud("community", "attendance"),
    *COLLECTION_PERMISSIONS,
    # Translating pages and categories with wagtail-localize, where the host has it (granted only if it exists).
    "wagtail_localize.submit_translation",
]
# Mediators work their assigned cases (consent is recorded on the referral); row-level rules live in
# mediation/policy.py. Only mediation leads delete cases.
_MEDIATION_WORK = [
    *[p for p in _crud("mediation", "case") if p != "mediation.delete_case"],
    *_crud("mediation", "party", "meeting", "agreement", "referral"),
    "mediation.view_outreachcontact",
    "mediation.view_conflicttype",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    STAFF: _STAFF_WORK,
    MEDIATORS: [*_STAFF_WORK, *_MEDIATION_WORK],
    MEDIATION_LEADS: [
        *_STAFF_WORK,
        *_MEDIATION_WORK,
        "mediation.delete_case",
        *_crud("mediation", "outreachcontact"),
        "mediation.view_statistics",
        "mediation.view_caseaccesslog",
    ],
    # Partners see their own items only; row-level rules live in each app's permission policy.
    PARTNERS: [
        "wagtailadmin.access_admin",
        "safety_walks.view_finding",
        "safety_walks.add_findingupdate",
    ],
}

# Roles that edit the plugin's pages (walk reports, activities, statistics) and use its image collection.
PAGE_EDITORS = STAFF_ROLES
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def sync_role_permissions(apps) -> None:
    """Create the role groups and grant every permission of the matrix that exists so far."""
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module; historical apps have none.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = {tuple(name.split(".", 1)) for name in names}
        existing = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        ).select_related("content_type")
        group.permissions.add(*[p for p in existing if (p.content_type.app_label, p.codename) in wanted])
