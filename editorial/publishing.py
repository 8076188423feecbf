"""What happens when a workflow is approved: `WAGTAIL_FINISH_WORKFLOW_ACTION`.

Wagtail's default publishes the approved page *as the approver*, checking the
approver's publish permission. Clinical reviewers hold none: their job is to approve
or request changes, not to publish at will (they could otherwise publish any draft
from the page listing). So a workflow whose approving task says it publishes on
approval (`ClinicalReviewTask.publishes_on_approval`) publishes without that check:
membership of the task's group is the authority, and the approval is logged with the
reviewer's name. Any other workflow keeps Wagtail's behaviour.

Wagtail imports this function while its own models load, so this module imports no
models.
"""


def publish_approved(workflow_state, user=None):
    task_state = workflow_state.current_task_state
    task = task_state.task.specific if task_state is not None else None
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(
        user=user, skip_permission_checks=getattr(task, "publishes_on_approval", False)
    )
