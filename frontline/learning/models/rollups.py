"""Kept sums behind the training dashboards, so that a dashboard reads a few rows whatever the
number of events and enrolments (see learning.rollups for how they are kept)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    AREA = "area", _("Area")
    ORG = "org", _("Organisation")


class Rollup(models.Model):
    """Sums for one year, one subtree (an area code prefix, '' for the nation, or an
    organisation path) and, for participants' measures, one level and sex.

    Participants' measures count people under the unit and area they came from; event
    measures (events, costs, ratings) count under the area where the event was held and
    its organiser, with level and sex left empty.
    """

    year = models.PositiveSmallIntegerField()
    dimension = models.CharField(max_length=4, choices=Dimension.choices)
    key = models.CharField(max_length=64, blank=True)
    level = models.CharField(max_length=12, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    # participants' measures
    participants = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    gain_sum = models.FloatField(default=0)
    gain_count = models.IntegerField(default=0)
    # event measures
    events = models.IntegerField(default=0)
    event_participants = models.IntegerField(default=0)
    event_completed = models.IntegerField(default=0)
    cost_planned = models.BigIntegerField(default=0)
    cost_actual = models.BigIntegerField(default=0)
    rating_sum = models.IntegerField(default=0)
    rating_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key", "year", "level", "sex"], name="rollup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.dimension}[{self.key}] {self.level}/{self.sex}"


class EventContribution(models.Model):
    """What one event last added to the rollups, so that a recount takes exactly that away."""

    event = models.OneToOneField("learning.TrainingEvent", on_delete=models.CASCADE, related_name="contribution")
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"contribution of event {self.event_id}"


class UnitCoverage(models.Model):
    """For one unit: its officials now, and how many of them completed training in the twelve
    months before `as_of`. Refreshed for the units an event touches and daily for all."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="training_coverage"
    )
    province_code = models.CharField(max_length=2, blank=True)
    area_code = models.CharField(max_length=8, blank=True)
    org_path = models.CharField(max_length=64)
    officials = models.IntegerField(default=0)
    trained = models.IntegerField(default=0)
    as_of = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["province_code"], name="coverage_province"),
            models.Index(fields=["org_path"], name="coverage_org_path"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.trained}/{self.officials}"

    @property
    def share(self) -> float | None:
        return self.trained / self.officials if self.officials else None
