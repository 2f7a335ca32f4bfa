"""`manage.py boligsocial_setup [--parent <page id>]`: the plugin's pages and the roles' rights on them."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from estates.install import install


class Command(BaseCommand):
    help = (
        "Create (or find) the plugin's pages (safety walks, activity calendar, mediation statistics) under a "
        "page, default the default Site's home page, and give the staff roles page rights on those pages only "
        "and image rights on the plugin's own collection. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--parent", type=int, help="id of the page to put the plugin's pages under")

    def handle(self, *args, parent=None, **options):
        parent_page = None
        if parent is not None:
            parent_page = Page.objects.filter(pk=parent).first()
            if parent_page is None:
                raise CommandError(f"No page has the id {parent}.")
            parent_page = parent_page.specific
        try:
            pages = install(parent=parent_page)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for page in pages:
            self.stdout.write(f"{page.title}: {page.url_path} (id {page.pk})")
        self.stdout.write(self.style.SUCCESS("The plugin's pages and rights are set up."))
