"""What production needs from its environment, checked all at once.

An operator who deploys with a missing database URL, a placeholder secret key and a
wildcard host should read one message listing the three, not fix them one restart
at a time. `production_problems` returns every problem; `cms.settings.production`
refuses to start when there is any. Kept apart from the settings module so a test
can check the rules without starting Django.
"""

import logging
from urllib.parse import urlsplit

# Django's own deploy check (security.W009) calls a key weak below these sizes.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
# Keys that come from templates and tutorials, however long they are.
PLACEHOLDER_SECRET_KEY_PREFIXES = ("django-insecure", "dev-only", "test-only", "changeme")
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
# A relay that stops answering must not hold the request that sent the mail (an
# approval) until gunicorn's worker timeout kills it.
EMAIL_TIMEOUT_DEFAULT = 10
EMAIL_FLAGS = ("EMAIL_USE_TLS", "EMAIL_USE_SSL")
EMAIL_NUMBERS = ("EMAIL_PORT", "EMAIL_TIMEOUT")


class ProductionEnvironmentError(Exception):
    """Raised at start-up with every problem of the environment, one per line."""

    def __init__(self, problems):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(
            f"Production settings cannot start; fix these environment variables:\n{lines}"
        )


def production_problems(environ):
    """Every reason `environ` is not safe to serve production traffic with."""
    problems = []
    secret_key = environ.get("SECRET_KEY", "").strip()
    if not secret_key:
        problems.append("SECRET_KEY is required.")
    elif (
        len(secret_key) < SECRET_KEY_MIN_LENGTH
        or len(set(secret_key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or secret_key.lower().startswith(PLACEHOLDER_SECRET_KEY_PREFIXES)
    ):
        problems.append(
            f"SECRET_KEY is unsafe: use at least {SECRET_KEY_MIN_LENGTH} random characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), not a placeholder.'
        )

    hosts = split_list(environ.get("ALLOWED_HOSTS", ""))
    if not hosts:
        problems.append("ALLOWED_HOSTS is required: the public host names, comma-separated.")
    elif "*" in hosts:
        problems.append(
            "ALLOWED_HOSTS must not contain '*': name the hosts (a leading dot allows subdomains)."
        )

    database_url = environ.get("DATABASE_URL", "").strip()
    if not database_url:
        problems.append("DATABASE_URL is required (postgres://user:password@host:port/name).")
    elif urlsplit(database_url).scheme not in POSTGRES_SCHEMES:
        problems.append("DATABASE_URL must point at PostgreSQL; SQLite is for development only.")

    base_url = urlsplit(environ.get("PUBLIC_BASE_URL", "").strip())
    if base_url.geturl() and (base_url.scheme not in {"http", "https"} or not base_url.netloc):
        problems.append("PUBLIC_BASE_URL must be an absolute URL such as https://www.example.org.")
    return problems + email_problems(environ)


def email_problems(environ):
    """Email settings that could never send: refused at start-up like the rest."""
    problems = []
    for name in EMAIL_FLAGS:
        value = environ.get(name, "").strip()
        if value.lower() not in {"", "true", "false"}:
            problems.append(f"{name} must be true or false, not {value!r}.")
    for name in EMAIL_NUMBERS:
        value = environ.get(name, "").strip()
        if value and not (value.isascii() and value.isdigit()):
            problems.append(f"{name} must be a whole number, not {value!r}.")
    if all(_flag(environ, name) for name in EMAIL_FLAGS):
        problems.append(
            "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: TLS is STARTTLS (usually "
            "port 587), SSL is TLS from the first byte (usually port 465)."
        )
    return problems


def production_warnings(environ):
    """What production can run without but an operator should know: logged at start-up
    (`log_production_warnings`), never a refusal to start."""
    warnings = []
    if not environ.get("EMAIL_HOST", "").strip():
        warnings.append(
            "EMAIL_HOST is not set: mail (Clinical review notifications, password resets) "
            "goes to an SMTP server on localhost:25 and is skipped when there is none. Set "
            "EMAIL_HOST and DEFAULT_FROM_EMAIL (docs/deployment.md#email)."
        )
    elif not environ.get("DEFAULT_FROM_EMAIL", "").strip():
        warnings.append(
            "DEFAULT_FROM_EMAIL is not set: mail is sent from webmaster@localhost, which most "
            "mail servers refuse (docs/deployment.md#email)."
        )
    return warnings


def log_production_warnings(warnings):
    """Log each warning once logging is configured: the WSGI and ASGI entry points call
    this after Django starts, so every server process says it at start-up."""
    logger = logging.getLogger("cms.settings")
    for warning in warnings:
        logger.warning(warning)


def email_settings(environ):
    """Django's email settings from the environment (docs/deployment.md#email), as
    production uses them; `email_problems` has refused values that cannot work."""
    use_tls, use_ssl = (_flag(environ, name) for name in EMAIL_FLAGS)
    port = environ.get("EMAIL_PORT", "").strip()
    timeout = environ.get("EMAIL_TIMEOUT", "").strip()
    sender = environ.get("DEFAULT_FROM_EMAIL", "").strip() or "webmaster@localhost"
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": environ.get("EMAIL_HOST", "").strip() or "localhost",
        "EMAIL_PORT": int(port) if port else 465 if use_ssl else 587 if use_tls else 25,
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", "").strip(),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": int(timeout) if timeout else EMAIL_TIMEOUT_DEFAULT,
        "DEFAULT_FROM_EMAIL": sender,
        # Django's error mails to ADMINS; Wagtail's notifications use DEFAULT_FROM_EMAIL.
        "SERVER_EMAIL": environ.get("SERVER_EMAIL", "").strip() or sender,
    }


def _flag(environ, name):
    return environ.get(name, "").strip().lower() == "true"


def split_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]
