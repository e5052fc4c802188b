"""The people register and score sheets as spreadsheet columns: one owner for the
Chinese headers (员工编号, 姓名 …) and the employment words, read by ``academy import``
and written by ``academy export``."""

from __future__ import annotations

from dataclasses import dataclass

EMPLOYMENT_IN = {
    "正式": "regular",
    "实习生": "intern",
    "外包": "outsourced",
    "regular": "regular",
    "intern": "intern",
    "outsourced": "outsourced",
}
EMPLOYMENT_OUT = {"regular": "正式", "intern": "实习生", "outsourced": "外包"}


@dataclass(frozen=True)
class Field:
    key: str  # the YAML key
    header: str  # the Chinese column header (the key itself is accepted too)
    kind: str  # id | text | date | employment | position
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers the portal itself uses for the column

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases, self.key)


PEOPLE_FIELDS = (
    Field("id", "员工编号", "id", True, ("工号", "员工工号")),
    Field("name", "姓名", "text", True, ("员工姓名",)),
    Field("department", "部门", "text", True),
    Field("position", "岗位", "position", True),
    Field("employment", "用工类型", "employment", True),
    Field("hired_on", "入职日期", "date", True),
    Field("probation_until", "试用期至", "date"),
    Field("mentor", "带教导师", "id"),
    Field("left_on", "最后工作日", "date"),
)
SCORE_FIELDS = (
    Field("id", "员工编号", "id", True, ("工号", "员工工号")),
    Field("name", "姓名", "text", False, ("员工姓名", "学员姓名")),
    Field("department", "部门", "text"),
    Field("position", "岗位", "position"),
    Field("applied_level", "申请等级", "text"),
    Field("mentor_review", "导师评价", "text"),
    Field("notes", "备注", "text"),
)
