"""The audit log in the admin: django-auditlog's own pages, with the fields no administrator may
read (a confidential concern's person, see frontline.audit.redaction) shown as hidden.

The admin is nobody's handling unit, so those fields are hidden there from everyone; searching
the recorded changes is left out, since a search for a phone number would tell which entries
hold it.
"""

import copy

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.render import render_logentry_changes_html
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import redaction

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class RedactedLogEntryAdmin(LogEntryAdmin):
    search_fields = [name for name in LogEntryAdmin.search_fields if name != "changes"]

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        concealed = redaction.concealed_fields(obj, redaction.hidden_records([obj], user=None))
        if not concealed:
            return render_logentry_changes_html(obj)
        shown = copy.copy(obj)
        shown.changes = redaction.redacted_changes(obj.changes_dict or {}, concealed)
        shown.changes_text = ""
        return render_logentry_changes_html(shown)
