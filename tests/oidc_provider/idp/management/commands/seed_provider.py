"""One registered client and the provider's users (user name, password,
e-mail), for the single sign-on tests."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True)
        parser.add_argument("--user", action="append", default=[], help="username:password:email")

    def handle(self, *args, **options):
        Application.objects.create(
            name="SkillGap",
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=options["redirect_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=False,
        )
        for spec in options["user"]:
            username, password, email = spec.split(":", 2)
            get_user_model().objects.create_user(username=username, password=password, email=email)
