"""Demo content: housing areas, partner organisations and one user per role (dev settings only)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from estates import roles
from estates.access import forget_roles
from estates.models import HousingArea, Membership, Organisation

DEMO_PASSWORD = "Tryghed-demo-2026"

AREAS = [
    ("nordparken", "Nordparken", "Rækkehuse og tre højhuse nord for centret."),
    ("soendergaarden", "Søndergården", "Etageboliger omkring den store gård og legepladsen."),
    ("vestervang", "Vestervang", "Lave blokke ved stationen og stien til skolen."),
]

ORGANISATIONS = [
    ("Boligselskabets drift", Organisation.Kind.MAINTENANCE, "drift@boligselskab.example"),
    ("Kommunen, Teknik og Miljø", Organisation.Kind.MUNICIPALITY, "teknik@kommune.example"),
    ("Østjyllands Politi, lokalpolitiet", Organisation.Kind.POLICE, "lokalpoliti@politi.example"),
    ("Det boligsociale team", Organisation.Kind.SOCIAL_HOUSING_TEAM, "kontakt@boligsocial.example"),
    ("Afdelingsbestyrelsen", Organisation.Kind.RESIDENT_BOARD, "bestyrelsen@beboer.example"),
]

# username, name, roles, organisation name
USERS = [
    ("admin", ("Admin", "Administrator"), [], None),
    ("medarbejder", ("Sara", "Medarbejder"), [roles.STAFF], "Det boligsociale team"),
    ("maegler", ("Mikkel", "Mægler"), [roles.STAFF, roles.MEDIATORS], "Det boligsociale team"),
    ("maeglingsleder", ("Lene", "Leder"), [roles.STAFF, roles.MEDIATION_LEADS], "Det boligsociale team"),
    # One partner per organisation kind, each with items assigned in the safety-walk demo.
    ("politi", ("Peter", "Betjent"), [roles.PARTNERS], "Østjyllands Politi, lokalpolitiet"),
    ("drift", ("Dorte", "Driftschef"), [roles.PARTNERS], "Boligselskabets drift"),
    ("kommune", ("Karim", "Vejingeniør"), [roles.PARTNERS], "Kommunen, Teknik og Miljø"),
    ("bestyrelse", ("Birthe", "Formand"), [roles.PARTNERS], "Afdelingsbestyrelsen"),
]


def demo_user(
    username: str, *, first_name: str, last_name: str, groups: list[str], organisation=None, superuser: bool = False
):
    """Create or reset one demo user with the shared demo password."""
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.example",
            "is_active": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set(Group.objects.filter(name__in=groups))
    if organisation is not None:
        Membership.objects.get_or_create(organisation=organisation, user=user)
    forget_roles(user)
    return user


def load(*, stdout, parent=None) -> None:
    """Areas, organisations and users; `parent` is part of every demo loader's signature, but this app has
    no pages of its own."""
    for slug, name, description in AREAS:
        HousingArea.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})
    organisations = {}
    for name, kind, email in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "contact_email": email}
        )
    stdout.write(f"Demo-logins (adgangskode for alle: {DEMO_PASSWORD}):")
    for username, (first, last), groups, organisation_name in USERS:
        demo_user(
            username,
            first_name=first,
            last_name=last,
            groups=groups,
            organisation=organisations.get(organisation_name),
            superuser=username == "admin",
        )
        stdout.write(f"  {username:<16} {', '.join(groups) or 'superbruger'}")
