"""The cast of every test: an engineer, a teammate, their manager, a manager of
another team, an outsider and an administrator; the framework is loaded once."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from roles.models import Competency
from tests.factories import PASSWORD, TeamFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_framework", verbosity=0)


@pytest.fixture
def framework(db):
    """The default framework, also for transactional tests (which flush the database)."""
    if not Competency.objects.exists():
        call_command("load_framework", verbosity=0)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.LANGUAGE_CODE = "en"
    # A fast hasher: the tests check who may sign in, not how hard hashes are.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Second factors are required of managers and administrators in
    # tests/accounts/test_mfa.py and the browser journeys, which turn this on;
    # elsewhere the cast signs in with a password alone.
    settings.MFA_REQUIRED = False
    # PDF renders per user and minute: limited in tests/security/test_review_findings.py;
    # elsewhere tests render as many as they check.
    settings.PDF_RENDERS_PER_MINUTE = 0
    # API requests per token and minute: limited in tests/api/test_bad_input.py.
    settings.API_REQUESTS_PER_MINUTE = 0


@pytest.fixture
def password():
    return PASSWORD


def _cast_member(username, **fields):
    """A fixture for one user of the cast (the framework loaded first)."""

    @pytest.fixture
    def member(framework):
        return UserFactory(username=username, **fields)

    return member


engineer = _cast_member("engineer", first_name="Eko", last_name="Engineer")
teammate = _cast_member("teammate")
manager = _cast_member("manager", first_name="Maya", last_name="Manager")
other_manager = _cast_member("othermanager")
outsider = _cast_member("outsider")


@pytest.fixture
def staff(framework):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


@pytest.fixture
def team(engineer, teammate, manager):
    team = TeamFactory(name="Platform AI")
    team.managers.add(manager)
    team.members.add(engineer, teammate)
    return team


@pytest.fixture
def other_team(other_manager, outsider):
    team = TeamFactory(name="Other team")
    team.managers.add(other_manager)
    team.members.add(outsider)
    return team


@pytest.fixture
def empty_cache():
    """An empty cache before and after the test (no PDF or page left over)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
