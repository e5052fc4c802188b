"""Problem codes and the one error format: ``path:line:column: CODE message``.

Every code is declared once in ``CODES`` with the help text shown in the trainer
guide; ``tests/test_docs.py`` fails when a code is used but undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    help: str


_CODES = [
    # E1xx: reading YAML
    Code("E100", "YAML 语法错误", "文件不是合法的 YAML：缩进、冒号或引号有误。按提示的行列修正。"),
    Code("E101", "重复的键", "同一层级出现两次相同的键，后一个会悄悄覆盖前一个，因此一律报错。"),
    Code(
        "E102",
        "值被 YAML 读成了数字或布尔值",
        "YAML 1.1 会把 001 读成数字 1、把 no 读成 false。"
        '编号等文本请加引号，例如把 001 写成 "001"。',
    ),
    Code("E103", "不存在的日期", "日期必须是真实存在的日期，写作 YYYY-MM-DD，例如 2024-02-29。"),
    Code("E104", "无效的数值", "不接受 .inf、.nan 这样的特殊数值。"),
    Code(
        "E105",
        "不支持的 YAML 写法",
        "不支持合并键（<<）和自定义标签（!tag），请直接写出完整内容。",
    ),
    Code("E106", "文件无法读取", "文件无法读取或不是 UTF-8 编码。请用 UTF-8 保存。"),
    Code("E107", "文件为空", "文件没有内容。"),
    # E2xx: structure (JSON Schema)
    Code("E201", "缺少必填字段", "该位置缺少格式要求的字段。"),
    Code("E202", "未知字段", "格式中没有这个字段，可能是拼写错误。"),
    Code("E203", "类型错误", "值的类型不对，例如需要数字却写了文字。"),
    Code("E204", "数值超出范围", "数值超出允许范围，例如成绩必须在 0 到 100 之间。"),
    Code(
        "E205",
        "编号格式不安全",
        "编号会成为文件名和网址，只能使用规定的字符（见数据格式），且长度有限。",
    ),
    Code("E206", "不允许的取值", "只能取格式中列出的值之一。"),
    Code("E207", "日期格式错误", "日期必须写作 YYYY-MM-DD 且真实存在。"),
    Code("E208", "列表为空或过长", "该列表的条目数不符合要求。"),
    Code("E209", "结构错误", "内容不符合数据格式，详见提示。"),
    # E3xx: meaning and cross-file checks
    Code(
        "E301", "编号与文件名不一致", "方案、班次和课程模块的编号必须与文件名（不含扩展名）一致。"
    ),
    Code("E302", "未知的方案", "班次引用的考核方案不存在于 curriculum/programs/。"),
    Code("E303", "未知的课程模块", "引用的课程模块不存在于 curriculum/modules/。"),
    Code("E304", "未知的证书", "引用的证书编号不存在，也不会由本次评分颁发。"),
    Code("E305", "重复的班次编号", "两个名册文件使用了相同的班次编号。"),
    Code("E306", "班次内学员重复", "同一名员工在一个班次名册中出现了两次。"),
    Code("E307", "权重之和不等于 100", "加权方案各考核项的权重之和必须正好是 100。"),
    Code("E308", "编号重复", "同一方案中考核项、等级或扣分项的编号重复。"),
    Code("E309", "未知的考核项", "成绩或扣分中出现了方案里没有的考核项。"),
    Code("E310", "证书已过期，不能复评", "复评日期晚于证书有效期，应重新参加认证。"),
    Code("E311", "复评人员不是证书持有人", "复评名册中的员工编号必须与证书持有人一致。"),
    Code(
        "E312",
        "扣分不符合规则",
        "固定扣分项填写次数（非负整数），区间扣分项填写每次扣分，且必须在区间内。",
    ),
    Code("E313", "分值之和不等于 100", "评分细则中所有扣分项的分值之和必须正好是 100。"),
    Code("E314", "等级设置错误", "等级必须按最低分从高到低排列，且最低分不重复。"),
    Code("E315", "成绩写法与方案类型不符", "加权方案填写 scores，扣分制方案填写 deductions。"),
    Code("E316", "日期先后矛盾", "例如发证日期早于考核日期，或撤销日期早于发证日期。"),
    Code("E317", "重复撤销", "同一张证书只能撤销一次。"),
    Code("E318", "该方案不颁发证书", "复评名册所属方案没有证书设置，或证书属于另一个方案。"),
    Code("E319", "证书不可复评", "证书已被撤销或已被新证书取代，不能再复评。"),
    Code("E320", "证书前缀冲突", "两个方案使用了相同的证书前缀，证书编号会冲突。"),
    Code(
        "E321", "名册类型与内容不符", "认证名册不应填写 certificate，复评名册的每位学员必须填写。"
    ),
    Code("E322", "重复复评", "同一张证书在同一天被复评了两次。"),
    Code("E323", "编号是系统保留名", "CON、NUL、AUX 等在部分系统上不能作为文件名。"),
    # E4xx: the certificate ledger
    Code(
        "E401",
        "已发布的证书会被取消",
        "账本中的证书在本次修改后不再成立（名册被删、学员被移除或成绩改为不合格）。"
        "请恢复数据，或在 rosters/revocations.yaml 中明确撤销该证书。",
    ),
    Code("E402", "证书账本损坏", "rosters/ledger.csv 只能由评分程序追加，请勿手工修改。"),
    Code("E403", "已发布证书的信息会改变", "已发布证书的持有人、方案或发证日期不能改变。"),
    # E5xx: curriculum extras
    Code("E501", "训练计划错误", "训练计划中的日期、模块或班次引用有误。"),
    Code(
        "E502",
        "模块版本与修订记录不一致",
        "修改模块内容时须提升 version，并在 changelog 最前面写明本次修改。",
    ),
]

_CODES += [
    Code(
        "E350",
        "学习路径不符合先修顺序",
        "curriculum/paths.yaml 中，每个模块的先修模块必须排在它前面，"
        "或者在 after 指定的岗位路径中。调整顺序或补上先修模块。",
    ),
    Code("E351", "未知的岗位", "学习路径的岗位必须是 curriculum/positions.yaml 中列出的岗位。"),
    Code("E352", "路径中模块重复", "同一条学习路径中，一个模块只能出现一次。"),
]
CODES: dict[str, Code] = {c.code: c for c in _CODES}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one place: rendered as ``path:line:column: CODE message``."""

    path: str
    line: int
    column: int
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undeclared problem code {self.code}")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
        }


class InputError(Exception):
    """Raised by a stage when the input has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(set(problems))
