"""route() fills values into a reversed URL: the same URL reverse() gives, in each language."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from frontline.core.links import route


@pytest.mark.parametrize("language", ["km", "en"])
@pytest.mark.parametrize(
    ("viewname", "args"),
    [
        ("learning:transcript", [7]),
        ("learning:withdraw", [12, 345]),
        ("learning:certificate_pdf", ["FL-2026-AB12CD34EF"]),
        ("voice:concern", [9_000_000_001]),
    ],
)
def test_route_gives_what_reverse_gives(language, viewname, args):
    with translation.override(language):
        assert route(viewname, len(args))(*args) == reverse(viewname, args=args)


def test_route_quotes_what_reverse_quotes():
    with translation.override("en"):
        filled = route("learning:certificate_pdf")("A B/é")
    assert filled == "/en/learning/certificates/A%20B/%C3%A9.pdf"


def test_a_route_taking_other_arguments_is_refused():
    with pytest.raises(NoReverseMatch):
        route("learning:transcript", 2)
