from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    """Learning activities as xAPI statements, for export to a learning record store.

    Statements are not registered with the audit log: they are an append-only journal derived
    from records that are (attendance marks, enrolments, answer sheets), written in the same
    transaction as them.
    """

    name = "frontline.xapi"
    label = "xapi"
    verbose_name = _("Learning records (xAPI)")
