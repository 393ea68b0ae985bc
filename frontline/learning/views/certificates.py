"""Certificates: PDF, revocation, and the public verification page and credential."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from frontline.accounts.policies import can
from frontline.accounts.roles import Perm
from frontline.organisations.models import Organisation

from .. import selectors
from ..certificates import certificates_pdf, completion_rule_text, open_badge
from ..forms import RevokeForm
from ..models import Certificate, Programme
from ..services.completion import certificate_revoke
from ..signing import public_pem, verification_method

NUMBER_PATTERN = r"FL-[0-9]{4}-[2-9A-HJKMNP-Z]{10}"


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def certificate_pdf(request, number: str):
    certificate = selectors.certificate_get(user=request.user, number=number)
    if certificate.is_revoked:
        raise Http404
    return _pdf(certificates_pdf([certificate]), f"{certificate.number}.pdf")


@login_required
def event_certificates_pdf(request, pk: int):
    event = selectors.event_get(user=request.user, pk=pk)
    certificates = list(
        selectors.certificate_list(user=request.user, event_id=event.pk)
        .valid()
        .select_related("enrolment__event__organiser", "enrolment__event__area")
    )
    if not certificates:
        raise Http404
    return _pdf(certificates_pdf(certificates), f"certificates-event-{event.pk}.pdf")


@login_required
@require_POST
def certificate_revoke_view(request, number: str):
    certificate = selectors.certificate_get(user=request.user, number=number)
    event = certificate.enrolment.event
    if not can(request.user, Perm.LEARNING_MANAGE, event):
        raise Http404
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        certificate_revoke(acting_user=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Certificate %(number)s was revoked.") % {"number": certificate.number})
    return redirect("learning:event", pk=event.pk)


def _public_certificate(number: str) -> Certificate:
    return get_object_or_404(Certificate.objects.select_related("enrolment__event__organiser"), number=number)


@require_GET
@never_cache  # a revoked certificate must read as revoked at once
def verify(request, number: str):
    """Public: confirms name, programme and date, and nothing more. 410 when revoked."""
    certificate = _public_certificate(number)
    status = 410 if certificate.is_revoked else 200
    return render(request, "learning/verify.html", {"certificate": certificate}, status=status)


@require_GET
@never_cache
def verify_badge(request, number: str):
    certificate = _public_certificate(number)
    if certificate.is_revoked:
        return JsonResponse({"number": certificate.number, "revoked": True}, status=410)
    return JsonResponse(open_badge(certificate), json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(max_age=3600, public=True)
def verify_issuer(request, code: str):
    """The issuing organisation's public profile, for the credential's issuer id."""
    # Public only for organisations that issued a valid certificate: nothing else is published.
    organisation = get_object_or_404(
        Organisation.objects.filter(pk__in=Certificate.objects.valid().values("enrolment__event__organiser_id")),
        code=code,
    )
    return JsonResponse(
        {
            "@context": "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "id": request.build_absolute_uri(),
            "type": ["Profile"],
            "name": organisation.name_en,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cache_control(max_age=3600, public=True)
def verify_programme(request, code: str):
    """The programme as a public Open Badges achievement definition."""
    programme = get_object_or_404(
        Programme.objects.filter(pk__in=Certificate.objects.valid().values("enrolment__event__programme_id")), code=code
    )
    return JsonResponse(
        {
            "@context": "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "id": request.build_absolute_uri(),
            "type": ["Achievement"],
            "name": programme.title_en,
            "description": programme.summary_en or programme.title_en,
            "criteria": {"narrative": completion_rule_text(programme)},
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cache_control(max_age=3600, public=True)
def verify_signing_key(request):
    """The public key that signs the credentials: the did:key their proofs name, with the key
    itself, so a verifier can pin it to this platform instead of trusting a self-made did:key."""
    method = verification_method()
    return JsonResponse(
        {
            "@context": "https://w3id.org/security/multikey/v1",
            "id": method,
            "type": "Multikey",
            "controller": method.split("#")[0],
            "publicKeyMultibase": method.split("#")[1],
            "publicKeyPem": public_pem().decode(),
        }
    )
