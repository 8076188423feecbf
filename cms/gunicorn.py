"""gunicorn settings for production: `gunicorn -c python:cms.gunicorn cms.wsgi:application`.

Every value can be changed from the environment, so one file serves a laptop, a VM
and a container. Before any worker starts, the master collects static files (unless
`COLLECTSTATIC_ON_START=false`, e.g. when an image build already did): production
stores them under hashed names listed in a manifest, and a page rendered without
that manifest is a 500, so a fresh deploy must never serve without it.

Not named `gunicorn.conf.py` at the top of the checkout on purpose: gunicorn reads
that file from its working directory unasked, and `make bench` runs its own servers.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads serve while another request waits on PostgreSQL; processes use the cores.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is a bug or an attack: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM or a HUP reload, workers finish what they are serving first.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Proxies whose X-Forwarded-* headers gunicorn trusts (nginx on the same host).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# "-" is standard output; empty turns the access log off (the proxy keeps one).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None


def on_starting(server):
    """Collect static files once, in the master, before the workers load the site."""
    if os.environ.get("COLLECTSTATIC_ON_START", "true").lower() != "true":
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", "--noinput", verbosity=0)
    server.log.info("Static files collected.")
