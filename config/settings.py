"""Settings for 同心, read from the environment (every variable is in docs/configuration.md)."""

import hashlib
import importlib.util
import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "sheets",
    "ledgers",
    "casework",
    "campaigns",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.PageGZipMiddleware",
    "core.middleware.NoNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.PasswordChangeMiddleware",
    "core.middleware.ConflictMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.navigation.navigation",
                "core.notices.context.notices",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL through DATABASE_URL (postgres://user@host:port/name).
# With DEBUG off the database must be named: a shell or cron job that missed the environment
# file would otherwise migrate, and create accounts in, a new SQLite file beside the code.
if not DEBUG and not env_str("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set when DEBUG is off (load the environment file first, "
        "see docs/deployment.md)"
    )
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work during a write; IMMEDIATE takes the write lock at BEGIN, so a staff
    # edit during a long import waits (up to the timeout) instead of failing with "database is
    # locked" halfway through its transaction.
    _db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must start with sqlite:/// or postgres://")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.passwords.CharacterClassValidator"},
]

# Days after which a password must be changed (0: never). A password an administrator set must
# be changed at the next sign-in whatever this says.
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0)
if PASSWORD_MAX_AGE_DAYS < 0:
    raise ImproperlyConfigured("PASSWORD_MAX_AGE_DAYS must be 0 (never) or a number of days")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after SESSION_IDLE_MINUTES without a request; every request starts the clock again.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock the username (an office shares one IP) after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ledgers.areas.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
# axes.W006 asks for the IP address in the lockout key; offices share one address, so locking by
# IP would lock out a whole office. The username alone is the key, which no header can change.
# models.W040: SQLite keeps no non-key columns in an index; the resident list's covering index
# (ledgers 0027) carries them on PostgreSQL, where the size they serve lives, and is a plain
# index on SQLite.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Where `manage.py backup` writes its archives unless given --to (docs/deployment.md).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))
# Uploaded files go only through Django's storage API (tests/test_storage.py), so more than one
# app host can share them: MEDIA_ROOT on a shared NFS mount, or MEDIA_STORAGE=s3 for
# S3-compatible object storage (django-storages, the `s3` extra; docs/deployment.md).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")


def media_storage() -> dict[str, Any]:
    """The default storage's entry in STORAGES, from MEDIA_STORAGE and the S3_* variables."""
    if MEDIA_STORAGE == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if MEDIA_STORAGE != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, got {MEDIA_STORAGE!r}")
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages: pip install -e '.[s3]' (the s3 extra)"
        )
    bucket = env_str("S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Private objects, read only through the app (photos show people); names are never
        # reused, and an existing object is never overwritten.
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": env_str("S3_ADDRESSING_STYLE", "path"),
    }
    for option, name in [
        ("endpoint_url", "S3_ENDPOINT_URL"),
        ("region_name", "S3_REGION"),
        ("access_key", "S3_ACCESS_KEY"),
        ("secret_key", "S3_SECRET_KEY"),
        ("location", "S3_PREFIX"),
    ]:
        if env_str(name):
            options[option] = env_str(name)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": media_storage(),
    # Production serves hashed, compressed files (run collectstatic); development and tests
    # serve the files where they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

FILTERS_EMPTY_CHOICE_LABEL = _("All")

# Background jobs (long imports and exports): django-tasks with its database backend; run the
# worker with `manage.py db_worker` (make run starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job gives a sign of life several times within this many seconds (core.jobs);
# one silent for longer lost its worker (killed, crashed, restarted) and is marked failed.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 120)
if JOB_STALE_SECONDS < 1:
    raise ImproperlyConfigured(f"JOB_STALE_SECONDS must be 1 or more, got {JOB_STALE_SECONDS}")

# Spreadsheet imports: limits checked before a file is parsed, and the size below which an
# import is checked and applied within the request (larger ones go to the worker).
# Evidence packs and county workbooks are removed this many days after they are built
# (manage.py expire_downloads, run daily).
DOWNLOADS_KEEP_DAYS = env_int("DOWNLOADS_KEEP_DAYS", 30)
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 20)
IMPORT_MAX_UNZIPPED_MB = env_int("IMPORT_MAX_UNZIPPED_MB", 200)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_INLINE_ROWS = env_int("IMPORT_INLINE_ROWS", 2_000)
# An import can be undone this many days after it was written; then (and as long after an import
# that was never written) its uploaded file, full of ID numbers, is removed by
# manage.py remove_import_files, run daily. The batch's record and counts stay.
IMPORT_UNDO_DAYS = env_int("IMPORT_UNDO_DAYS", 30)
if IMPORT_UNDO_DAYS < 1:
    raise ImproperlyConfigured(f"IMPORT_UNDO_DAYS must be 1 or more, got {IMPORT_UNDO_DAYS}")
# The office's name, as the county workbook's 填报单位 (a one-community workbook names the
# community instead).
OFFICE_NAME = env_str("OFFICE_NAME", "城市社区党工委")
# The telephone the office answers, printed on notices posted in the communities (公示) for
# objections.
OFFICE_PHONE = env_str("OFFICE_PHONE", "")
# Files kept with an activity (sign-in sheets, slides): the largest accepted upload.
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy: this host only. No inline script or style, no third-party host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The audit log: the key of its hash chain (never in the database: whoever can write the table
# cannot forge the chain; by default derived from SECRET_KEY, set it apart in production), and how
# long entries are kept at least (the Cybersecurity Law: six months, so never below 180 days).
AUDIT_HMAC_KEY = (
    env_str("AUDIT_HMAC_KEY")
    or hashlib.sha256(f"tongxin-audit-chain:{SECRET_KEY}".encode()).hexdigest()
)
AUDIT_KEEP_DAYS = env_int("AUDIT_KEEP_DAYS", 180)
if AUDIT_KEEP_DAYS < 180:
    raise ImproperlyConfigured(
        f"AUDIT_KEEP_DAYS must be at least 180 (six months), got {AUDIT_KEEP_DAYS}"
    )

# Behind a reverse proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=1 (X-Forwarded-Proto).
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Trust X-Forwarded-For for the client address in the audit log (only behind your own proxy),
# and only when it comes from one of these addresses or networks (core.audit.client_ip).
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", False)
TRUSTED_PROXIES = [
    part.strip()
    for part in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if part.strip()
]
for _network in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_network!r} is no address") from _error

# A load balancer asks each app host for /health/ over plain HTTP on the office's network; it
# carries no data, so it answers there when SECURE_SSL_REDIRECT sends everything else to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Every line with its time, level, request id and user, to stderr (journald); LOG_FORMAT=json
# for one JSON object a line (core.logs).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "core.logs.RequestContext"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s %(user)s] %(name)s: %(message)s"
        },
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
