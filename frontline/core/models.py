from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Tally(models.Model):
    """A kept count, so that home pages and dashboards do not grow with the records.

    `key` is a scope key: an area code prefix ("" for the nation, "11" for Mondulkiri,
    "1105" for one of its districts) or an organisation path. Services that create, move
    or remove records adjust the tallies in the same transaction; `recount` rebuilds them.
    """

    metric = models.CharField(max_length=60)
    key = models.CharField(max_length=64, blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["metric", "key"], name="tally_metric_key_unique")]

    def __str__(self) -> str:
        return f"{self.metric}[{self.key}]={self.value}"
