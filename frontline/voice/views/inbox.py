"""Notifications to the units the user belongs to or oversees: concerns routed to them,
escalated to or from them, acted upon by the national working group, reopened by citizens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontline.accounts.roles import Perm
from frontline.core.formatting import format_number

from .. import selectors
from ._common import fragment_or_page, int_param, require

PAGE = 50


@login_required
def inbox(request):
    require(request.user, Perm.VOICE_VIEW)
    unread_only = request.GET.get("unread") == "1"
    number = int_param(request.GET.get("page"), 1)
    start = (number - 1) * PAGE
    rows = list(selectors.notifications(user=request.user, unread_only=unread_only)[start : start + PAGE + 1])
    context = {
        "rows": rows[:PAGE],
        "number": number,
        "has_next": len(rows) > PAGE,
        "unread_only": unread_only,
    }
    return fragment_or_page(request, "voice/inbox.html", context)


@login_required
@require_POST
def inbox_read(request):
    """Mark the chosen notifications (or every one in reach) as read."""
    require(request.user, Perm.VOICE_VIEW)
    found = selectors.notifications(user=request.user, unread_only=True)
    ids = [int(value) for value in request.POST.getlist("id") if value.isascii() and value.isdigit()][:500]
    if ids:
        found = found.filter(pk__in=ids)
    elif request.POST.get("all") != "1":
        return redirect("voice:inbox")
    count = found.order_by().update(read_at=timezone.now())
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": format_number(count)})
    return redirect("voice:inbox")
