"""An editor in its own process, for the fault scenarios: publishes and saves drafts.

``python -m ops.editor publish PAGE_ID FIRST LAST --interval 0.5 --out LOG.json``
publishes editions FIRST..LAST of a procedure page: each puts the marker
``ops-edition-N`` in two fields (summary and also-known-as), so a reader can tell
an entirely old page from an entirely new one from a mix.

``python -m ops.editor write PAGE_ID --seconds 20 --out LOG.json`` saves draft
revisions (marker ``ops-write-N``) for that long, through a PostgreSQL restart,
recording each as committed or refused.

``python -m ops.editor verify PAGE_ID LOG.json`` checks what the writes left.

Each write is what the admin's edit view does, in its transaction:
``page.save_revision(user=..., log_action=True)``, then ``revision.publish()`` to
publish. It runs with the app servers' production settings (the caller's
environment), so it writes to the same database and triggers the same signals.
"""

import argparse
import json
import sys
import time

import django

EDITION = "ops-edition-{}"
WRITE = "ops-write-{}"


def setup():
    django.setup()


def editor_user():
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="ops-editor", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def procedure(page_id):
    from procedures.models import ProcedurePage

    return ProcedurePage.objects.get(pk=page_id)


def publish(page_id, first, last, interval):
    from django.db import transaction

    user = editor_user()
    log = []
    for n in range(first, last + 1):
        page = procedure(page_id).get_latest_revision_as_object()
        marker = EDITION.format(n)
        page.summary = f"{marker}: what the procedure is, in two sentences."
        page.also_known_as = f"{marker} alias"
        started = time.time()
        with transaction.atomic():
            revision = page.save_revision(user=user, log_action=True)
            revision.publish(user=user)
        log.append({"edition": n, "started": started, "committed": time.time()})
        time.sleep(interval)
    return log


def write(page_id, seconds):
    """Save drafts until `seconds` have passed; each is committed or refused, never half."""
    from django.db import DatabaseError, close_old_connections, transaction

    log = []
    user = editor_user()
    sys.stdout.write("ready\n")  # the caller starts the clock now
    sys.stdout.flush()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        marker = WRITE.format(n)
        started = time.time()
        try:
            # As at the start of a request: drop a connection the restart broke.
            close_old_connections()
            page = procedure(page_id).get_latest_revision_as_object()
            page.summary = f"{marker}: a draft saved during the restart."
            with transaction.atomic():
                page.save_revision(user=user, log_action=True)
            outcome = "committed"
        except DatabaseError as error:
            outcome = f"refused: {error.__class__.__name__}"
        log.append({"write": n, "marker": marker, "started": started, "outcome": outcome})
        time.sleep(0.1)
    return log


def verify(page_id, log):
    """What the writes left: every committed one intact, no refused one half there."""
    from wagtail.models import Revision

    page = procedure(page_id)
    revisions = list(Revision.page_revisions.filter(object_id=str(page_id)).order_by("pk"))
    by_marker = {}
    unreadable = 0
    for revision in revisions:
        try:
            summary = revision.as_object().summary
        except Exception:
            unreadable += 1
            continue
        marker = summary.split(":")[0]
        by_marker[marker] = by_marker.get(marker, 0) + 1
    committed = [w for w in log if w["outcome"] == "committed"]
    refused = [w for w in log if w["outcome"] != "committed"]
    return {
        "writes": len(log),
        "committed": len(committed),
        "refused": len(refused),
        "committed_missing": [w["write"] for w in committed if w["marker"] not in by_marker],
        "committed_twice": [w["write"] for w in committed if by_marker.get(w["marker"], 0) > 1],
        # A refused write found saved: its commit succeeded but the answer was lost
        # with the connection. Whole, not half: counted apart.
        "refused_but_saved": [w["write"] for w in refused if w["marker"] in by_marker],
        "unreadable_revisions": unreadable,
        "latest_revision_is_newest": page.latest_revision_id == revisions[-1].pk,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ops.editor", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("publish")
    p.add_argument("page_id", type=int)
    p.add_argument("first", type=int)
    p.add_argument("last", type=int)
    p.add_argument("--interval", type=float, default=0.5)
    p.add_argument("--out", required=True)
    w = commands.add_parser("write")
    w.add_argument("page_id", type=int)
    w.add_argument("--seconds", type=float, default=20)
    w.add_argument("--out", required=True)
    v = commands.add_parser("verify")
    v.add_argument("page_id", type=int)
    v.add_argument("log")
    args = parser.parse_args(argv)
    setup()
    if args.command == "publish":
        result = publish(args.page_id, args.first, args.last, args.interval)
    elif args.command == "write":
        result = write(args.page_id, args.seconds)
    else:
        with open(args.log, encoding="utf-8") as f:
            result = verify(args.page_id, json.load(f))
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
