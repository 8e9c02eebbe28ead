"""The signed-in user read through the shared cache (AUTH_USER_CACHE_SECONDS, on
with REDIS_URL): no query for the user on most requests, and every change to
the user counts at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

BACKEND = "accounts.backends.DemoAwareModelBackend"


@pytest.fixture(autouse=True)
def _user_cache(settings):
    settings.AUTH_USER_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def user_queries(client, path="/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    table = f'FROM "{User._meta.db_table}" WHERE "{User._meta.db_table}"."id" ='
    return response, [q["sql"] for q in captured.captured_queries if table in q["sql"]]


def test_the_signed_in_user_is_read_once_then_from_the_cache(client, engineer):
    client.force_login(engineer, backend=BACKEND)
    first, queries = user_queries(client)
    assert first.status_code == 200 and len(queries) == 1
    second, queries = user_queries(client)
    assert second.status_code == 200 and queries == []
    assert second.context["user"] == engineer


def test_without_the_setting_the_user_is_read_on_every_request(client, engineer, settings):
    settings.AUTH_USER_CACHE_SECONDS = 0
    client.force_login(engineer, backend=BACKEND)
    user_queries(client)
    _response, queries = user_queries(client)
    assert len(queries) == 1


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, engineer):
    client.force_login(engineer, backend=BACKEND)
    assert client.get("/").status_code == 200
    engineer.is_active = False
    engineer.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_password_ends_the_other_sessions(client, engineer):
    client.force_login(engineer, backend=BACKEND)
    assert client.get("/").status_code == 200
    engineer.set_password("a-new-password-for-eko-2026")
    engineer.save()
    assert client.get("/").status_code == 302


def test_a_saved_language_shows_on_the_next_page(client, engineer):
    client.force_login(engineer, backend=BACKEND)
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    other = User.objects.get(pk=engineer.pk)
    other.language = "id"
    other.save(update_fields=["language"])
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "id"


def test_a_deleted_user_is_signed_out(client, outsider):
    client.force_login(outsider, backend=BACKEND)
    assert client.get("/").status_code == 200
    outsider.delete()
    assert client.get("/").status_code == 302


def test_signing_in_with_a_password_then_reading_from_the_cache(client, engineer, password):
    response = client.post("/accounts/login/", {"login": "engineer", "password": password})
    assert response.status_code == 302
    user_queries(client)
    response, queries = user_queries(client)
    assert response.status_code == 200 and queries == []
    assert response.context["user"].pk == engineer.pk


class BrokenCache:
    """A cache server that cannot be reached (Django's Redis backend raises)."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        return fail


def test_a_cache_outage_costs_speed_not_the_page(client, engineer, password, monkeypatch):
    response = client.post("/accounts/login/", {"login": "engineer", "password": password})
    assert response.status_code == 302
    monkeypatch.setattr("core.cache.cache", BrokenCache())
    response, queries = user_queries(client)
    assert response.status_code == 200 and len(queries) == 1  # read from the database
    engineer.first_name = "Eka"
    engineer.save()  # clearing the cache fails quietly; the save stands
    assert User.objects.get(pk=engineer.pk).first_name == "Eka"
