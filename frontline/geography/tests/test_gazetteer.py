from collections import Counter

import pytest

from frontline.geography.codes import next_prefix, subtree_q
from frontline.geography.gazetteer import gazetteer_load
from frontline.geography.models import Area, Kind


@pytest.mark.django_db
def test_full_tree_loads_once_with_kinds():
    first = gazetteer_load()
    assert first["created"] == 16472
    levels = Counter(Area.objects.values_list("level", flat=True))
    assert levels == {"province": 25, "district": 210, "commune": 1661, "village": 14576}
    assert Area.objects.get(code="12").kind == Kind.CAPITAL
    assert Area.objects.get(code="11").kind == Kind.PROVINCE
    assert Area.objects.get(code="1201").kind == Kind.KHAN
    assert Area.objects.get(code="1105").kind == Kind.MUNICIPALITY
    assert Area.objects.get(code="1101").kind == Kind.DISTRICT
    assert Area.objects.get(code="120101").kind == Kind.SANGKAT
    assert Area.objects.get(code="110101").kind == Kind.COMMUNE
    # every code extends its parent's code
    assert not [a for a in Area.objects.exclude(parent=None) if not a.code.startswith(a.parent_id)]
    again = gazetteer_load()
    assert again == {"created": 0, "updated": 0, "total": 16472}


def test_next_prefix_and_subtree_ranges():
    assert next_prefix("11") == "12"
    assert next_prefix("1109") == "111"
    assert next_prefix("99") is None
    assert str(subtree_q("code", "11")) == str(subtree_q("code", "11"))


@pytest.mark.django_db
def test_subtree_is_one_range(areas):
    inside = set(Area.objects.filter(subtree_q("code", "11")).values_list("code", flat=True))
    assert inside == {"11", "1101", "110101", "1105"}
    sql = str(Area.objects.filter(subtree_q("code", "11")).query)
    assert ">=" in sql and "<" in sql and "LIKE" not in sql.upper()


@pytest.mark.django_db
def test_area_pages_and_api_sort_by_code_and_name(client, users, areas):
    from frontline.accounts.roles import Role

    client.force_login(users[Role.PROVINCIAL_OFFICER])
    codes = [item["code"] for item in client.get("/api/v1/areas?level=province&sort=-code").json()["items"]]
    assert codes == ["11", "08"]
    body = client.get("/en/areas/?sort=name").content.decode()
    assert body.index("Kandal") < body.index("Mondul Kiri")
    body = client.get("/en/areas/?sort=-name").content.decode()
    assert body.index("Mondul Kiri") < body.index("Kandal")
    assert client.get("/api/v1/areas?sort=nope").status_code == 400
