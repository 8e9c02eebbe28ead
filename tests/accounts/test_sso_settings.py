"""Single sign-on from the environment (config/settings.py): OIDC_* make the
provider and let the sign-in form's answer redirect to it (CSP form-action);
without them there is no provider and forms go to this site alone. The
browser journeys against a real provider are in tests/e2e/test_sso_journey.py."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps("
    "[s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], s.SOCIALACCOUNT_PROVIDERS]))"
)


def settings_with(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=Path(settings.BASE_DIR),
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_oidc_provider_comes_from_the_environment_and_forms_may_go_on_to_it():
    form_action, providers = settings_with(
        OIDC_SERVER_URL="https://id.example.org/realms/eng",
        OIDC_CLIENT_ID="skillgap",
        OIDC_CLIENT_SECRET="s3cret",
    )
    assert form_action == ["'self'", "https://id.example.org"]
    (app,) = providers["openid_connect"]["APPS"]
    assert app["client_id"] == "skillgap"
    assert app["settings"]["server_url"] == "https://id.example.org/realms/eng"


def test_without_oidc_settings_there_is_no_provider_and_forms_stay_here():
    form_action, providers = settings_with()
    assert form_action == ["'self'"]
    assert providers == {}
