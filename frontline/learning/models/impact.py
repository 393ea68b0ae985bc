"""Unit performance indicators over time: what the impact view compares before and after a
unit's staff were trained."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import NamedReference
from .planning import UnitRecord, UnitScopedQuerySet


class PerformanceIndicator(NamedReference):
    """E.g. the share of service requests answered on time, in percent."""

    unit_label = models.CharField(_("unit of measure"), max_length=20, default="%")
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    class Meta(NamedReference.Meta):
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")


class IndicatorValue(UnitRecord):
    """One unit's value of one indicator for one month."""

    indicator = models.ForeignKey(
        PerformanceIndicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month the value is for."))
    value = models.FloatField(_("value"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "unit", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["unit", "indicator", "period"], name="indicator_value_once_per_month")
        ]
        indexes = [models.Index(fields=["indicator", "province_code", "period"], name="indicator_province_period")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.indicator} · {self.period}: {self.value}"
