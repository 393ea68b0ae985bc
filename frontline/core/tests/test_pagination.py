import pytest
from ninja import Field, Schema

from frontline.core.pagination import PageParams, page_of, schema_keys
from frontline.geography.models import Area


class AreaRow(Schema):
    code: str
    name: str = Field(alias="name_en")
    parent: str | None = Field(None, alias="parent.name_en")


class AreaWithResolver(Schema):
    code: str
    label: str

    @staticmethod
    def resolve_label(area):
        return area.code


def test_a_flat_schema_pages_rows_keyed_as_it_reads_them(db):
    Area.objects.create(code="11", level="province", kind="province", name_km="មណ្ឌលគិរី", name_en="Mondulkiri")
    Area.objects.create(
        code="1101", level="district", kind="district", name_km="កែវសីមា", name_en="Keo Seima", parent_id="11"
    )
    page = page_of(Area.objects.order_by("code"), PageParams(limit=1, offset=1), schema=AreaRow)
    assert page == {"count": 2, "items": [{"code": "1101", "name_en": "Keo Seima", "parent.name_en": "Mondulkiri"}]}
    assert [AreaRow.model_validate(item).parent for item in page["items"]] == ["Mondulkiri"]


def test_a_schema_with_resolvers_is_refused_for_rows():
    assert schema_keys(AreaRow) == ["code", "name_en", "parent.name_en"]
    with pytest.raises(TypeError, match="AreaWithResolver"):
        schema_keys(AreaWithResolver)
