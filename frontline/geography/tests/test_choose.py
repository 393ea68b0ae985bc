"""The area search box's suggestions (/areas/choose/, asked by HTMX) and the field behind it:
names in Khmer or English or a code find the areas of the form's levels, with the areas above
them; whatever is typed is checked again on the server."""

import pytest
from django import forms

from conftest import make_area, user_with
from frontline.geography.fields import AreaChoiceField, area_label, code_in
from frontline.geography.models import Level

pytestmark = pytest.mark.django_db

URL = "/en/areas/choose/"


@pytest.fixture
def villages(areas):
    commune = make_area("080101", "0801", Level.COMMUNE, "ព្រែកតាកូវ", "Preaek Ta Kov")
    return {
        "mondulkiri": make_area("11010101", "110101", Level.VILLAGE, "ពូលូង", "Pu Lung"),
        # A namesake in another province: the suggestions tell them apart by the areas above.
        "kandal": make_area("08010102", commune.code, Level.VILLAGE, "ពូលូង", "Pu Lung"),
    }


def suggestions(client, text, *levels, name="area"):
    params = {"name": name, f"{name}_search": text, "level": list(levels) or ["commune", "village"]}
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_suggestions_in_khmer_and_english_with_the_areas_above(client, users, villages):
    from frontline.accounts.roles import Role

    client.force_login(users[Role.PROVINCIAL_OFFICER])
    for typed in ("ពូលូ", "pu lu", "PU LUNG", "11010101", "១១០១០១០១"):
        body = suggestions(client, typed)
        assert 'data-choice-value="11010101"' in body, typed
    body = suggestions(client, "ពូលូង")
    assert 'data-choice-value="11010101"' in body and 'data-choice-value="08010102"' in body
    assert "ពូលូង" in body and "Pu Lung" in body  # both names in each suggestion
    assert 'data-choice-label="Pu Lung (11010101)"' in body
    assert "Srae Khtum, Kaev Seima, Mondul Kiri" in body and "Preaek Ta Kov, Kandal Stueng, Kandal" in body
    khmer = client.get(
        "/km/areas/choose/", {"name": "area", "area_search": "pu lung", "level": ["village"]}
    ).content.decode()
    assert 'data-choice-label="ពូលូង (11010101)"' in khmer and "ស្រែខ្ទុម, កែវសីមា, មណ្ឌលគិរី" in khmer


def test_suggestions_keep_to_the_levels_asked(client, users, villages):
    from frontline.accounts.roles import Role

    client.force_login(users[Role.PROVINCIAL_OFFICER])
    assert 'data-choice-value="1101"' not in suggestions(client, "Kaev Seima")  # a district: not a village
    assert 'data-choice-value="110101"' in suggestions(client, "srae")
    assert 'data-choice-value="110101"' not in suggestions(client, "srae", "village")
    assert 'data-choice-value="1101"' in suggestions(client, "kaev", "province", "district", "commune")
    assert 'data-choice-value="1101"' in suggestions(client, "kaev", "nonsense")  # unknown levels: all


def test_suggestions_for_nothing_typed_or_nothing_found(client, users, villages, django_assert_max_num_queries):
    from frontline.accounts.roles import Role

    client.force_login(users[Role.PROVINCIAL_OFFICER])
    assert "Type a name in Khmer or English, or a code." in suggestions(client, "  ")
    assert "No place has this name or code." in suggestions(client, "Phnom Nowhere")
    assert "data-choice-value" not in suggestions(client, "area", name="not an identifier")
    client.get(URL)  # the session and the assignments, read once
    with django_assert_max_num_queries(6):
        suggestions(client, "pu")


def test_suggestions_need_a_signed_in_user_who_may_see_areas(client, villages):
    from frontline.accounts.models import User
    from frontline.accounts.roles import Role

    params = {"name": "area", "area_search": "pu"}
    assert client.get(URL, params).status_code == 302
    client.force_login(User.objects.create_user(username="no-role", password="pass-word-123"))
    assert client.get(URL, params).status_code == 404
    client.force_login(user_with("trainer-1", Role.TRAINER))  # any role that sees the gazetteer
    assert 'data-choice-value="11010101"' in client.get(URL, params).content.decode()


class PlaceForm(forms.Form):
    place = AreaChoiceField(label="Place", levels=(Level.COMMUNE, Level.VILLAGE))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"place": "11010101"}, "11010101"),  # chosen in the suggestions: the hidden code
        ({"place": "", "place_search": "11010101"}, "11010101"),  # typed without JavaScript
        ({"place_search": "១១០១០១"}, "110101"),  # Khmer digits
        ({"place_search": "Srae Khtum (110101)"}, "110101"),  # a suggestion's label, kept as typed
        ({"place_search": "srae khtum"}, "110101"),  # a name only one commune or village bears
        ({"place_search": "ស្រែខ្ទុម"}, "110101"),
    ],
)
def test_the_field_takes_a_code_a_label_or_a_unique_name(villages, data, expected):
    form = PlaceForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"].code == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"place": "1101"}, "No place of the right level has this code."),  # a district
        ({"place_search": "99999999"}, "No place of the right level has this code."),
        ({"place_search": "Pu Lung"}, "No single place of the right level has this name"),  # two villages
        ({"place_search": "Kaev Seima"}, "No single place of the right level has this name"),
        ({"place_search": "1" * 40}, "No place of the right level has this code."),
    ],
)
def test_the_field_refuses_on_itself_with_a_translated_message(villages, data, message):
    from django.utils import translation

    with translation.override("en"):
        form = PlaceForm(data)
        assert not form.is_valid()
        assert message in form.errors["place"][0]
    with translation.override("km"):
        form = PlaceForm(data)
        assert not form.is_valid()
        assert message not in form.errors["place"][0]  # in Khmer


def test_the_widget_shows_the_chosen_area_by_name(villages):
    from django.utils import translation

    with translation.override("en"):
        html = str(PlaceForm(initial={"place": "110101"})["place"])
        typed = str(PlaceForm({"place_search": "Pu Lung"})["place"])
        label = area_label(villages["mondulkiri"])
    assert 'name="place" value="110101"' in html and 'value="Srae Khtum (110101)"' in html
    assert 'hx-get="/en/areas/choose/?level=commune&amp;level=village&amp;name=place"' in html
    assert 'id="id_place_search" name="place_search"' in html
    assert 'name="place" value=""' in typed and 'value="Pu Lung"' in typed
    assert label == "Pu Lung (11010101)"
    assert code_in("ពូលូង (11010101)") == "11010101" and code_in("Pu Lung") is None
