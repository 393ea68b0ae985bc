"""An official's transcript: events, hours, competencies gained, certificates, and the posts
held before and after - the link between training and career.

The transcript follows the person: whoever may see the official sees their whole training
record (as they see their whole career), whichever province the events were held in."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, Sum, Value, When
from django.shortcuts import render

from frontline.people.selectors import official_get

from ..models import Certificate, Competency, Enrolment, PositionProfile


def transcript_data(person) -> dict:
    enrolments = list(
        Enrolment.objects.filter(person=person)
        .exclude(status="withdrawn")
        .select_related("event__programme", "event__area", "event__organiser", "certificate")
        .annotate(hours=Sum("event__curriculum__modules__hours"))
        .order_by("-event__start_date")
    )
    completed = [e for e in enrolments if e.completed]
    # What the taught curriculum version built (frozen once taught), not the programme's list today.
    taught = {e.event.curriculum_id for e in completed}
    gained = Competency.objects.filter(curriculum_modules__version__in=taught).distinct()
    gained = list(gained.select_related("domain").order_by("domain__order", "code"))
    profile = _position_profile(person.position)
    required = list(profile.competencies.all()) if profile else []
    posts = list(person.posts.all())
    return {
        "person": person,
        "enrolments": enrolments,
        "hours": sum((e.hours or 0) for e in completed),
        "gained": gained,
        "missing": [c for c in required if c not in gained],
        "profile": profile,
        "certificates": Certificate.objects.filter(person=person).valid().order_by("-completed_on"),
        "career": [
            {"post": post, "trainings": [e for e in completed if _during(post, e.completed_on)]} for post in posts
        ],
    }


def _position_profile(position: str) -> PositionProfile | None:
    """The profile of the official's position, in one query: the one whose English name it is
    (in any case), else the one whose Khmer name it is; by code where several are."""
    if not position:
        return None
    english_first = Case(When(name_en__iexact=position, then=Value(0)), default=Value(1))
    return (
        PositionProfile.objects.filter(Q(name_en__iexact=position) | Q(name_km=position))
        .annotate(english_first=english_first)
        .order_by("english_first", "code")
        .prefetch_related("competencies")
        .first()
    )


def _during(post, day) -> bool:
    return day is not None and post.start_date <= day and (post.end_date is None or day <= post.end_date)


@login_required
def transcript(request, pk: int):
    person = official_get(user=request.user, pk=pk)
    return render(request, "learning/transcript.html", transcript_data(person))
