"""SkillGap settings: one module, read from the environment.

SQLite by default, so a checkout runs with nothing installed; ``DATABASE_URL``
switches to PostgreSQL. ``DJANGO_ENV=production`` turns on the hardened
settings that ``manage.py check --deploy`` expects.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core.mail import email_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = envbool("DEBUG", "False" if PRODUCTION else "True")
# With DEBUG the product's own 404 and 500 pages still show (config/middleware.py);
# DEBUG_ERROR_PAGES=true shows Django's technical pages instead.
DEBUG_ERROR_PAGES = envbool("DEBUG_ERROR_PAGES", "False")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "development-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# Demo accounts (seed_demo) sign in only in development, or when explicitly allowed.
ALLOW_DEMO_ACCOUNTS = envbool("ALLOW_DEMO_ACCOUNTS", "True" if DEBUG else "False")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin
    "config.admin.AdminConfig",  # django.contrib.admin with SkillGap's landing page
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS and JS as static files
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "roles",
    "org",
    "assessments",
    "teams",
    "pages",
    "cycles",
    "privacy",
    "demo",
    "ninja",  # django-ninja: its Swagger UI from static files (no CDN)
    "api",
    "webhooks",
    "scim",
]

MIDDLEWARE = [
    "accounts.middleware.TrustedProxyMiddleware",
    "accounts.middleware.RequestCharsetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "config.middleware.ProductErrorPagesMiddleware",  # DEBUG only: the product's 404/500
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.HtmxLoginRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "core.middleware.RateLimitedMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite inside the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "600"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
# On PostgreSQL: server-side parameters and prepared statements, so a query a
# connection repeats is planned once, not on every request (an autosave costs a
# third less database CPU: docs/benchmarks.md). Set DATABASE_PREPARED_STATEMENTS=0
# behind a transaction-pooling pgbouncer older than 1.21, or one without
# max_prepared_statements, which cannot keep prepared statements.
if (
    envbool("DATABASE_PREPARED_STATEMENTS", "True")
    and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
):
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.DemoAwareModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Accounts (django-allauth): sign-in by username, no self sign-up, password
# reset by e-mail through Django's mail framework (EMAIL_BACKEND,
# DEFAULT_FROM_EMAIL). Signing in always shows the form and replaces whatever
# session the browser had (no redirect of a signed-in visitor).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm"}
# Sign-in failures are counted by django-axes alone (below); allauth's own
# limits stay on for password resets, password changes and the like.
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": None}
# Multi-factor authentication (allauth.mfa): TOTP with recovery codes, and
# security keys and passkeys (WebAuthn) as a second factor. Required for
# managers and administrators (accounts.middleware.MfaRequiredMiddleware).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# WebAuthn needs a secure origin; http://localhost is one, a plain-http
# development address (http://127.0.0.1:8000) only with DEBUG.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# allauth refuses a second factor to an account with an unverified address
# (against someone signing up with another's address first). Nobody signs
# up here: administrators, provisioning and single sign-on make accounts, and
# addresses are not verified by mail (ACCOUNT_EMAIL_VERIFICATION = "none").
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "SkillGap"
MFA_REQUIRED = envbool("MFA_REQUIRED", "True")
# Demo accounts may skip enrolment only with DEBUG on (SPEC §16).
MFA_DEMO_EXEMPT = DEBUG
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SkillGap <skillgap@localhost>")
# Single sign-on through OpenID Connect, when OIDC_SERVER_URL is set: users
# are matched by a verified e-mail; nobody new signs up unless OIDC_ALLOW_SIGNUP.
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_NAME = os.environ.get("OIDC_NAME", "Single sign-on")
OIDC_ALLOW_SIGNUP = envbool("OIDC_ALLOW_SIGNUP")
SOCIALACCOUNT_PROVIDERS = (
    {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "oidc",
                    "name": OIDC_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ],
        }
    }
    if OIDC_SERVER_URL
    else {}
)
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True

# Sessions and cache. With REDIS_URL every worker of every server shares one
# cache: sessions are read through it (cached_db) and the signed-in user is kept
# in it (accounts.backends), so neither costs a query on most requests; a change
# to a user or a sign-out reaches every worker at once. Without it the cache is
# local to each process; that is one process in development, but gunicorn's
# workers would each keep their own copy of a session (a sign-out in one would
# not end it in the others), so production reads sessions from the database.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(60 * 60 * 12))
REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis through core.cache.ResilientRedisCache: an outage or a stall (short
# socket timeouts) costs speed only; sessions fall back to the database.
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends." + (
    "cached_db" if REDIS_URL or not PRODUCTION else "db"
)
# Seconds the signed-in user is kept in the cache (0: read on every request).
# Every save of a user clears it; this bounds what that cannot catch: a change
# made without a save (a bulk update in a shell), or a request that read the
# user just before a change committed and put the old row back.
AUTH_USER_CACHE_SECONDS = envint("AUTH_USER_CACHE_SECONDS", "60" if REDIS_URL else "0")

# Background tasks (django-tasks): the PDF of a team bigger than
# TEAM_PDF_INLINE_MEMBERS is made off the request, and its page polls until it
# is ready. TASKS_BACKEND=database queues them in the database for
# `manage.py db_worker` (production: run one beside the web servers); the
# default runs them at once, inside the request (development, one process).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}
# Webhooks (docs/api.md): deliveries to loopback, private, link-local or
# reserved addresses only when allowed (development); seconds a receiver has
# to connect and to answer.
WEBHOOKS_ALLOW_PRIVATE = envbool("WEBHOOKS_ALLOW_PRIVATE", "False" if PRODUCTION else "True")
WEBHOOKS_TIMEOUT = envint("WEBHOOKS_TIMEOUT", "5")
TEAM_PDF_INLINE_MEMBERS = envint("TEAM_PDF_INLINE_MEMBERS", "100")

# E-mail (core/mail.py): EMAIL_URL names the transport, e.g. smtp://host:25,
# submission://user:password@host:587 (STARTTLS) or console:// (printed, the
# default in development). Sending is a background task (cycles.tasks); links
# in e-mails start with SITE_URL.
EMAIL_URL = os.environ.get("EMAIL_URL", "smtp://localhost:25" if PRODUCTION else "console://")
vars().update(email_settings(EMAIL_URL))
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SkillGap <skillgap@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Internationalisation: Indonesian and English.
LANGUAGE_CODE = "en"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["config.formats"]  # one date format per language
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "id")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "id")


def _language_label(verbose_name, lang):
    """A translated field's label names its language: "name (English)"."""
    return f"{verbose_name} ({ {'en': 'English', 'ind': 'Bahasa Indonesia'}.get(lang, lang) })"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _language_label

# Static files: collected for WhiteNoise in production.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy: no inline script anywhere; htmx is told not to inject
# its indicator styles (see templates/base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],  # no <base> anywhere; ASVS 3.4.3
        "object-src": ["'none'"],
    }
}
# Single sign-on posts a form whose answer redirects to the provider, and the
# browser holds form-action to that redirect too.
if OIDC_SERVER_URL:
    _oidc = urlsplit(OIDC_SERVER_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_oidc.scheme}://{_oidc.netloc}")

# Sign-in throttling (django-axes): per username and address, per address
# across usernames (password spraying) and per username across addresses,
# each with a cool-off (accounts.throttle).
AXES_HANDLER = "accounts.throttle.ThrottleHandler"
AXES_USERNAME_CALLABLE = "accounts.throttle.attempted_username"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", "20")
AXES_USERNAME_FAILURE_LIMIT = envint("AXES_USERNAME_FAILURE_LIMIT", "50")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Reverse proxies in front of the app (a load balancer: 1); the client address
# is read from X-Forwarded-For counting that many entries from the right.
# They are believed only when the request comes from one of TRUSTED_PROXIES
# (addresses or networks): a client reaching gunicorn directly cannot forge
# X-Forwarded-For or X-Forwarded-Proto.
PROXY_COUNT = envint("PROXY_COUNT", "0")
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "127.0.0.1,::1")
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_ip"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# PDF renders (not cached copies) per user and minute: one user cannot keep
# the workers busy for everyone else.
PDF_RENDERS_PER_MINUTE = envint("PDF_RENDERS_PER_MINUTE", "6")
# The API (api/): requests per token per minute, and the largest body it reads.
API_REQUESTS_PER_MINUTE = envint("API_REQUESTS_PER_MINUTE", "120")
API_MAX_BODY = 64 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
