"""A record of every import, so editors can see what changed the directory and when,
and of the indexes an initial load deferred (`importers.deferred_indexes`)."""

from django.db import models


class ImportRun(models.Model):
    """One run of an importer: the file, its checksum, and what it did.

    Counts are updated in the same transaction as each committed batch, so after an
    interruption they describe exactly what is in the database, and
    ``committed_offset`` / ``committed_line`` say where `--resume` can pick up
    (``committed_rejects_offset``: where the reject file's committed part ends).
    """

    class Kind(models.TextChoices):
        NPPES = "nppes", "NPPES providers"
        NUCC = "nucc", "NUCC taxonomy"
        VOLUME = "volume", "Procedure volume"
        DEACTIVATIONS = "deactivations", "NPPES deactivation report"
        # The Medicare payment files the `costs` app imports (one data year each).
        PFS_RVU = "pfs_rvu", "Physician fee schedule RVUs (PPRRVU)"
        PFS_GPCI = "pfs_gpci", "Physician fee schedule GPCIs"
        PFS_LOCALITY = "pfs_locality", "Payment localities and counties"
        OPPS = "opps", "Hospital outpatient rates (OPPS Addendum B)"
        ASC = "asc", "Surgery center rates (ASC Addendum AA)"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        DRY_RUN = "dry_run", "Dry run (nothing saved)"
        INTERRUPTED = "interrupted", "Interrupted"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=13, choices=Kind.choices)
    file_name = models.CharField(max_length=500)
    file_size = models.BigIntegerField(default=0)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    inserted = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    deactivated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    committed_line = models.PositiveIntegerField(default=0)
    committed_offset = models.BigIntegerField(default=0)
    # The reject file's length when the last batch committed: rows parsed after it may
    # have been rejected already, so `--resume` cuts the file back to here, then appends.
    committed_rejects_offset = models.BigIntegerField(default=0)
    # The importing process, to tell a run that is still working from one whose
    # process died (SQLite; PostgreSQL uses an advisory lock, see importers/liveness.py).
    pid = models.PositiveIntegerField(null=True, blank=True)
    hostname = models.CharField(max_length=255, blank=True)
    message = models.TextField(blank=True)
    # The date NPPES published a deactivation report (from its title row or file name).
    report_date = models.DateField(null=True, blank=True)
    # The year of data a file describes (Medicare files: one year per import).
    data_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["kind", "file_name", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.file_name} ({self.get_status_display()})"

    @property
    def duration(self):
        if self.finished_at:
            return self.finished_at - self.started_at
        return None


class DeferredIndex(models.Model):
    """An index an initial bulk load dropped, to build again once the load ends.

    Kept in the database, not in the importing process, so that an import killed
    before its end leaves the definition for the next one (or for
    `manage.py rebuild_directory_indexes`) to build. See `deferred_indexes`.
    """

    table = models.CharField(max_length=63)
    name = models.CharField(max_length=63, unique=True)
    definition = models.TextField()
    dropped_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.table}.{self.name}"
