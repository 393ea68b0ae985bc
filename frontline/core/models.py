from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

# field -> {stored value: lazy label}, built once per field
_CHOICE_LABELS: dict[models.Field, dict] = {}


class FastChoicesModel(models.Model):
    """get_FOO_display() with the choices' labels looked up in a dict kept per field.

    Django's own rebuilds a dict of every choice on each call, hashing each lazy label (a
    gettext call per choice): a list of 50 concerns spent a third of its time there. The
    labels stay lazy, so each call still answers in the active language.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, overridden
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = {make_hashable(value): label for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class TimeStampedModel(FastChoicesModel):
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
