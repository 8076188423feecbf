"""What production needs from its environment, checked all at once.

An operator who deploys with a missing database URL, a placeholder secret key and a
wildcard host should read one message listing the three, not fix them one restart
at a time. `production_problems` returns every problem; `cms.settings.production`
refuses to start when there is any. Kept apart from the settings module so a test
can check the rules without starting Django.
"""

from urllib.parse import urlsplit

# Django's own deploy check (security.W009) calls a key weak below these sizes.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
# Keys that come from templates and tutorials, however long they are.
PLACEHOLDER_SECRET_KEY_PREFIXES = ("django-insecure", "dev-only", "test-only", "changeme")
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}


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
    return problems


def split_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]
