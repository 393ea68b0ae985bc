"""Light enough for a phone on slow mobile data: first load < 200 KB, HTMX swaps < 20 KB."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from frontline.accounts.roles import Role

pytestmark = pytest.mark.django_db


def compressed(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def test_first_page_load_is_under_200_kb(client, users, officials):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get("/km/officials/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    total = len(response.content)
    html = gzip.decompress(response.content).decode()
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert {"css/app.css", "css/fonts.css", "vendor/htmx/htmx.min.js"} <= set(assets)
    for asset in assets:
        with open(finders.find(asset), "rb") as handle:
            total += compressed(handle.read())
    # the Khmer page also downloads both weights of the Khmer font (woff2 is already compressed)
    for weight in ("400", "700"):
        with open(finders.find(f"vendor/noto-sans-khmer/noto-sans-khmer-khmer-{weight}-normal.woff2"), "rb") as handle:
            total += len(handle.read())
    assert total < 200 * 1024, total


def test_htmx_swap_is_a_fragment_under_20_kb(client, users, officials):
    client.force_login(users[Role.NATIONAL_ADMIN])
    response = client.get("/km/officials/?sort=-name", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = response.content.decode()
    assert "<html" not in body and 'data-testid="officials"' in body
    assert len(response.content) < 20 * 1024
