"""Demo accounts for the editorial screenshots: one user per group, and a page in review.

`python manage.py shell < scripts/editorial_users.py` after `make demo`. For a local demo
only: the password is in this file.
"""

import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from editorial.models import Person
from procedures.models import ProcedurePage

PASSWORD = "demo-password-123"  # noqa: S105 - local demo accounts only
USERS = {
    "writer": ("Medical writers", "Wendy", "Writer"),
    "reviewer": ("Clinical reviewers", "Rhea", "Reviewer"),
    "editor": ("Editors", "Ed", "Editor"),
}
User = get_user_model()
users = {}
for username, (group, first, last) in USERS.items():
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=group))
    users[username] = user
Person.objects.filter(name="Demo Clinical Reviewer").update(user=users["reviewer"])

page = ProcedurePage.objects.get(slug="kyphoplasty")
if not page.workflow_in_progress:
    page.save_revision(user=users["writer"])
    page.get_workflow().start(page, users["writer"])
sys.stdout.write("users ready; kyphoplasty is in review\n")
