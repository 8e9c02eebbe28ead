"""The team report files made in the background (the teams themselves are ``org.Team``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamReportFile(models.Model):
    """A team report PDF made by a background task (a big team's takes seconds
    to render), kept under the digest of what it shows (``teams.pdf.content_key``):
    a change to the team makes a new key, so a file is never out of date."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    team = models.ForeignKey(
        "org.Team", on_delete=models.CASCADE, related_name="report_files", verbose_name=_("team")
    )
    key = models.CharField(max_length=160, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    pdf = models.BinaryField(null=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("team report file")
        verbose_name_plural = _("team report files")

    def __str__(self):
        return f"{self.team} · {self.get_status_display()}"


class AssessmentSummary(models.Model):
    """The numbers of one submitted assessment, as scoring gives them
    (``assessments.scoring.score``), kept so the organisation pages need not
    score thousands of assessments on each request. A submitted assessment's
    ratings change only while its review is in progress (the first manager
    level moves it to "in review", ``complete_review`` freezes them again), so
    a summary taken while it waited for review (``reviewed`` False) or after
    the review (``reviewed`` True) holds as long as the assessment is still in
    that state; one in review is scored on the request (``teams.summaries``)."""

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    reviewed = models.BooleanField(default=False)
    overall = models.FloatField()
    # {area code: readiness}
    areas = models.JSONField(default=dict)
    # [[competency code, area code, rating that counts, target], …] in framework order
    competencies = models.JSONField(default=list)

    class Meta:
        verbose_name = _("assessment summary")
        verbose_name_plural = _("assessment summaries")
        # The organisation's trend reads the overall readiness of every
        # assessment of its history: from this index alone, not the wide rows.
        indexes = [
            models.Index(fields=["assessment", "reviewed", "overall"], name="summary_overall")
        ]

    def __str__(self):
        return f"{self.assessment_id}: {self.overall}"


class AreaReadiness(models.Model):
    """One area's readiness in an assessment's summary, a row per area, so the
    organisation pages sum the teams × areas means in the database rather than
    reading every summary's ``areas`` back. Written with the summary
    (``teams.summaries.store``) and replaced with it; the readiness is kept in
    tenths of a percent (scoring rounds it to one decimal), so a sum of them is
    exact and a mean rounds exactly as ``teams.rollup`` rounds it."""

    summary = models.ForeignKey(
        AssessmentSummary, on_delete=models.CASCADE, related_name="area_rows", db_index=False
    )
    area = models.SlugField(max_length=64)  # the area's code, as in ``AssessmentSummary.areas``
    tenths = models.PositiveSmallIntegerField()  # readiness × 10: 667 is 66.7%

    class Meta:
        verbose_name = _("area readiness")
        verbose_name_plural = _("area readiness")
        constraints = [
            models.UniqueConstraint(fields=["summary", "area"], name="one_readiness_per_area")
        ]
        # The sums read the rows of the latest assessments from this index alone.
        indexes = [models.Index(fields=["summary", "area", "tenths"], name="area_readiness_sums")]

    def __str__(self):
        return f"{self.summary_id} {self.area}: {self.tenths / 10}"
