"""Problem codes and the one error format: ``path:line:column: CODE message``.

Every code is declared once in ``CODES`` with the help text shown in the trainer
guide; ``tests/site/test_docs.py`` fails when a code is used but undocumented.
Errors are ``E###``: the command exits non-zero and writes nothing. Warnings are
``W###`` (``WARNINGS``, a part of ``CODES``): printed in the same format, the
command still succeeds; CI shows them as warning annotations.
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
        '编号等文本请加引号，例如把 001 写成 "001"。'
        "分数和次数也会被读错：070 是八进制 56，0x50 是 80，1:30 是六十进制 90，"
        "8_0、+80 也不是按字面读的；请写成不带前导零、正号、下划线和冒号的十进制数。",
    ),
    Code("E103", "不存在的日期", "日期必须是真实存在的日期，写作 YYYY-MM-DD，例如 2024-02-29。"),
    Code("E104", "无效的数值", "不接受 .inf、.nan 这样的特殊数值。"),
    Code(
        "E105",
        "不支持的 YAML 写法",
        "不支持合并键（<<）和自定义标签（!tag），请直接写出完整内容；"
        "!!float abc 这样标签与值不符的写法也不接受。",
    ),
    Code("E106", "文件无法读取", "文件无法读取或不是 UTF-8 编码。请用 UTF-8 保存。"),
    Code("E107", "文件为空", "文件没有内容。"),
    Code(
        "E108",
        "日期超出支持范围",
        "日期的年份必须在 1900 到 2999 之间；更早或更晚的日期多半是笔误，"
        "而且无法写进证书编号和有效期。",
    ),
    Code(
        "E109",
        "不是普通文件",
        "数据目录中以 .yaml、.yml 或 .md 结尾的必须是普通文本文件：目录、管道、设备文件"
        "不能用这样的名字；扩展名须为小写（.YAML 不会被读取，因此报错而不是悄悄跳过）。",
    ),
    Code(
        "E110",
        "链接指向仓库之外",
        "数据文件或目录是指向仓库之外的符号链接。工具不读取仓库以外的内容，请把文件本身放进仓库。",
    ),
    Code(
        "E111",
        "全角符号",
        "中文输入法容易打出全角的冒号“：”、全角空格和全角数字（８５），YAML 只认半角的。"
        "把提示位置的字符换成半角：键后写半角冒号加一个空格，缩进用半角空格，数字写作 85。",
    ),
    Code(
        "E112",
        "制表符",
        "YAML 只能用空格缩进，不能用制表符（Tab）。把提示位置的制表符换成空格；"
        "编辑器一般可以设置成按 Tab 键时插入空格。",
    ),
    Code(
        "E113",
        "缩进不对",
        "同一层的键要上下对齐，下一层比上一层多缩进两个空格（列表项“- ”后面的键与第一个键对齐）。"
        "按提示的行调整缩进。",
    ),
    Code(
        "E114",
        "引号未闭合",
        "一个值以引号开头，却没有写结束的引号，后面的内容都被当成了这个值。"
        "在该值末尾补上同样的引号（\" 或 '）。",
    ),
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
    Code(
        "E324",
        "同一天在同一方案中两次认证",
        "同一名员工在同一方案、同一考核日期的两个认证名册中都有成绩，"
        "会得到两张证书。请删去其中一条。",
    ),
    Code("E325", "模块以自身为先修", "模块的 prerequisites 不能包含模块自己的编号。"),
    Code(
        "E330",
        "未知的岗位",
        "岗位只能使用 curriculum/positions.yaml 中列出的岗位编号（如 客服专员、资深客服）。",
    ),
    Code(
        "E331",
        "员工不在人员名册中",
        "有人员名册（rosters/people.yaml 或 rosters/people/）时，名册中的每位学员都必须在其中。",
    ),
    Code(
        "E332",
        "姓名与人员名册不一致",
        "班次名册写了 name 时必须与人员名册一致；提示中给出两处的位置。也可以不写 name。",
    ),
    Code(
        "E333",
        "人员名册中员工重复",
        "同一员工编号在人员名册文件中出现了两次（可能在两个部门文件里）。",
    ),
    Code("E334", "未知的带教导师", "mentor 必须是人员名册中另一位员工的编号。"),
    Code(
        "E335",
        "不满足报考条件",
        "晋升认证要求考核当日持有指定方案、指定等级及以上的有效（含待复评）证书，"
        "并处于规定岗位。请先取得所需证书，或把该学员移出名册。",
    ),
    Code(
        "E336",
        "报考条件或调薪设置错误",
        "requires 引用的方案、等级必须存在且颁发证书；pay_rise 中的等级必须是本方案的等级。",
    ),
    Code(
        "E337",
        "已删除个人信息的员工",
        "rosters/forgotten.yaml 中的员工不能再出现在人员名册中，名册里也不能再写其姓名、部门、"
        "岗位或备注，离职后也不能再参加考核。",
    ),
    Code(
        "E340",
        "同一月份重复的月度考核",
        "同一员工在同一扣分制方案中每个自然月只能有一条考核结果（按名册的 assessed_on 归月），"
        "请删除或合并重复的一条。",
    ),
    Code(
        "E341",
        "服务指标表格格式错误",
        "服务指标文件的表头、工作表名或文件名不符合要求：CSV 文件名和 xlsx 工作表名写作季度"
        "（如 2026-Q1），第一行是表头，必须有“员工编号”列，其余列为已知的指标。",
    ),
    Code(
        "E342",
        "服务指标数值错误",
        "指标必须是数字且在允许范围内：满意度、投诉率、一次解决率为 0 到 100（百分数），"
        "平均处理时长为正数（秒），接待量为非负整数；留空表示没有该项数据。",
    ),
    Code(
        "E343",
        "服务指标员工编号错误",
        "员工编号不符合格式，或同一员工在同一季度出现了两次。",
    ),
    Code(
        "E350",
        "学习路径不符合先修顺序",
        "curriculum/paths.yaml 中，每个模块的先修模块必须排在它前面，"
        "或者在 after 指定的岗位路径中。调整顺序或补上先修模块。",
    ),
    Code(
        "E351",
        "after 不是之前的岗位路径",
        "学习路径的 after 必须是 curriculum/paths.yaml 中排在本路径之前的岗位路径。",
    ),
    Code("E352", "路径中模块重复", "同一条学习路径中，一个模块只能出现一次。"),
    Code(
        "E360",
        "培训目标引用或刻度错误",
        "evaluation/targets/ 中的 plan 必须是培训计划的编号，cycle 必须是该计划中有场次的周期"
        "（只用于 measure: feedback），scale 只能用于 feedback（5）和 satisfaction（5 或 100），"
        "目标值不能超出刻度上限。",
    ),
    Code(
        "E370",
        "年度评优规则错误",
        "rosters/recognition.yaml 的 program 必须是有 cycles 的考核方案；grades 除最后一级外"
        "都写 top_percent，且逐级增大，最后一级不写；training_grades 只能用 grades 中的代号；"
        "同一年同一荣誉不能重复提名同一人，被提名的人必须在人员名册中。",
    ),
    # E4xx: the certificate ledger
    Code(
        "E401",
        "已发布的证书会被取消",
        "账本中的证书在本次修改后不再成立（名册被删、学员被移除或成绩改为不合格）。"
        "请恢复数据，或在 rosters/revocations.yaml 中明确撤销该证书。",
    ),
    Code("E402", "证书账本损坏", "rosters/ledger.csv 只能由评分程序追加，请勿手工修改。"),
    Code("E403", "已发布证书的信息会改变", "已发布证书的持有人、方案或发证日期不能改变。"),
    Code(
        "E404",
        "已发布证书的等级或有效期会改变",
        "修改名册（考核日期、成绩）或方案（权重、及格线、等级、有效期）后，已发布证书的"
        "等级或有效期会变。已发布的等级和有效期与证书编号一样固定；确需更正时，"
        "在 rosters/corrections.yaml 中登记更正（写明新等级或新有效期、日期和原因）。",
    ),
    Code(
        "E405",
        "证书账本无法写入",
        "rosters/ 目录或 rosters/ledger.csv 没有写权限，或磁盘已满。本次未写入任何文件。",
    ),
    Code(
        "E406",
        "复评记录损坏",
        "rosters/renewals.csv 只能由评分程序追加，请勿手工修改：表头、列数、日期格式、"
        "重复的复评或账本中没有的证书都会被拒绝。从版本库恢复该文件。",
    ),
    Code(
        "E407",
        "已发布的复评结果会被取消",
        "rosters/renewals.csv 中记录的复评在本次修改后不再成立（复评名册被删、学员被移除、"
        "证书编号被改或成绩不再完整）。请恢复复评名册。",
    ),
    Code(
        "E408",
        "更正记录有误",
        "rosters/corrections.yaml 中的更正：level 必须是证书所属方案的等级，corrected_on 不能早于"
        "证书的发证日期。请改正这一条更正记录。",
    ),
    Code(
        "E460",
        "防伪码记录格式错误",
        "rosters/print-codes.csv 只能由 academy print 追加：每行是证书编号、打印日期、"
        "32 位十六进制 salt 和 64 位十六进制 sha256，请勿手工修改。",
    ),
    # E8xx: spreadsheet import (reported as FILE.xlsx:工作表!C7)
    Code(
        "E801",
        "表格缺少列",
        "导入的表格第一行必须有所需的列标题（如 员工编号、姓名，或方案中每个考核项的名称）。",
    ),
    Code(
        "E802",
        "日期被存成了数字",
        "Excel 把日期存成了序号（如 45366）。请把单元格设为日期格式，或直接写成 YYYY-MM-DD。",
    ),
    Code(
        "E803",
        "无法读取表格",
        "只支持 .xlsx 和 .csv（UTF-8 或 GBK）文件；文件损坏或格式不对时报此错。",
    ),
    Code(
        "E804",
        "写出的 YAML 含义改变",
        "导入写出的 YAML 重新读取后与表格内容不一致（例如 no、010、1:30 被读成了别的值），"
        "因此没有写入。请把表格内容发给维护人员。",
    ),
    Code("E805", "表格中有重复行", "同一员工编号在表格中出现了两次；每人只能有一行。"),
    Code(
        "E806",
        "无法导入到这里",
        "新部门还没有人员名册文件（请用 --into 指定），或该方案是扣分制，暂不支持从表格导入成绩。",
    ),
    Code(
        "E808",
        "公式没有计算结果",
        "单元格是公式，但文件里没有保存计算结果（多见于程序生成、未在 Excel 中打开保存过的表格），"
        "读出来会是空的。请在 Excel 或 WPS 中打开后保存一次，或把公式换成数值。",
    ),
    Code(
        "E807",
        "表格超出大小限制",
        "每个表格文件都按同样的上限读取：文件不超过 20 MB，xlsx 解压后不超过 100 MB，"
        "每个工作表不超过 50000 行、200 列，每个单元格不超过 32767 个字符。"
        "超出时报告超出的位置，不读取该文件；请删掉多余的行列，或把数据拆成几个文件。",
    ),
    # E5xx: curriculum extras
    Code("E501", "训练计划错误", "训练计划中的日期、模块或班次引用有误。"),
    Code(
        "E503",
        "模块正文含不允许的内容",
        "模块正文按网站构建时的 Markdown 扩展排版后逐项检查：只允许指南列出的标签、属性和地址。"
        "不能有 <script>、<iframe>、<object>、<embed>、<style>、<form> 等标签，"
        "不能有 onclick= 之类的事件属性、style 属性"
        "以及 javascript 和 data 协议的地址（编码写法同样查出），"
        "也不能引用站外图片；正文最多 60000 个字符。门户不从站外加载任何内容。",
    ),
    Code(
        "E502",
        "模块版本与修订记录不一致",
        "修改模块内容时须提升 version，并在 changelog 最前面写明本次修改。",
    ),
    Code(
        "E510",
        "模块中的链接无效",
        "模块正文里的链接指向不存在的页面或文件（或以 / 开头、指向网站之外）。"
        "模块页面位于网站的 modules/ 目录：链接其他模块写 other-module.md，"
        "链接培训师指南写 ../guide/modules.md。网站构建前先检查全部链接，有问题时不写入任何文件。",
    ),
    Code(
        "E511",
        "模块正文中的宏有误",
        "模块正文中的宏（两对花括号括起的宏名和参数）由门户按仓库数据填写：升级级别、"
        "结果名称、评分规则。宏名必须是培训师指南“课程模块”一节列出的宏，参数必须是存在的"
        "级别、状态或方案编号；不是宏的两对花括号请放进代码中。",
    ),
    Code(
        "E512",
        "升级级别表有误",
        "curriculum/escalation.yaml 中级别的编号和名称都不能重复；级别从低到高排列。",
    ),
    Code(
        "E513",
        "升级级别名称不在级别表中",
        "模块正文和题目称呼投诉或突发情况的升级级别时，只能使用 curriculum/escalation.yaml 中的名称"
        "（如 一级、二级、三级）；“一般投诉、重要投诉、重大投诉”等旧说法已停用。"
        "补偿方案请用“甲档、乙档、丙档”，不要与升级级别混用。",
    ),
    Code(
        "E514",
        "引用的小节不存在",
        "修订记录的 reread、题目的 section 和模块 teaches 声明的小节，"
        "都要写模块正文中某个小节标题的原文"
        "（## 或更低级标题，不含 { #锚点 }）。改了标题时，别忘了同时改这些引用。",
    ),
    Code(
        "E520",
        "反馈份数多于出勤人数",
        "培训反馈（evaluation/feedback/）的 responses 条数不能多于同一场次出勤记录"
        "（evaluation/attendance/）中的出席人数：每位出席的学员最多交一份反馈。"
        "重复场次按反馈的 held_on 找当天的出勤记录。请删去多录的反馈，或补全出勤记录。",
    ),
    Code(
        "E530",
        "过程记录的场次有误",
        "过程记录（evaluation/participation/）的 session 必须是培训计划中的一次课程"
        "（不能是重复场次，重复场次的参与情况请用出勤记录）。",
    ),
    Code(
        "E531",
        "过程记录中的学员不在名册中",
        "场次写了 cohort 时，过程记录中的每位学员都必须在该班次的名册中；"
        "场次没有班次时，学员必须在人员名册中。",
    ),
    Code(
        "E532",
        "过程记录的日期先后矛盾",
        "作业的布置日期和 1 对 1 辅导日期不能早于课程开始，作业的上交日期不能早于布置日期。"
        "晚于今天的日期不是错误：按某一天看时，那天之后的事还没有发生。",
    ),
    Code(
        "E540",
        "改进计划的复评班次有误",
        "改进计划（evaluation/improvement/）的 reassessment 必须是该计划考核方案的班次，"
        "名册中有这位员工，且考核日期晚于计划的开启日期。",
    ),
    Code(
        "E541",
        "改进计划中的员工不在人员名册中",
        "改进计划的 employee 和 owner 必须是人员名册"
        "（rosters/people.yaml 或 rosters/people/）中的员工编号。",
    ),
    Code(
        "E338",
        "考核小组或监督小组有误",
        "方案或培训计划的 groups 中，每类小组（assessment 考核小组、supervision 监督小组）"
        "只能写一个；成员的 employee 必须是人员名册中的员工编号，同一人在一个小组中只能出现一次。",
    ),
    Code(
        "E550",
        "互评记录有误",
        "互评记录（evaluation/peer/<班次编号>.yaml）的 cohort 必须与文件名一致，"
        "是名册中已有的班次，且该班次的方案设置了 scoring.peer；"
        "每位被评价的员工都必须在该班次名册中，且只能出现一次。",
    ),
    Code(
        "E551",
        "方案或计划引用的培训目标不存在",
        "方案或培训计划的 targets 必须是 evaluation/targets/ 中的目标编号（文件名）。",
    ),
    # E7xx: publication settings (mkdocs.yml), checked by `academy build --publish`
    Code(
        "E701",
        "发布网址是本机或示例网址",
        "发布用的构建（academy build --publish，或设置了 ACADEMY_PUBLISH=1）要求 mkdocs.yml 的"
        " site_url 是门户的正式网址：证书二维码、数字凭证和签发者都由它生成。"
        "本机地址（127.0.0.1、localhost）和示例域名（example.com 等）只可用于本地预览。",
    ),
    Code(
        "E702",
        "仓库地址是示例网址",
        "发布用的构建要求 mkdocs.yml 的 repo_url 是真实的仓库地址（“编辑此页”链接由它生成），"
        "或者删除 repo_url。",
    ),
    # E6xx: question bank, exam papers and answers in rosters
    Code("E601", "题目编号重复", "题目编号在整个题库（所有模块）中必须唯一，一经使用不再改变。"),
    Code(
        "E602",
        "答案与题型不符",
        "单选题答案是一个选项键，多选题是选项键列表，判断题是 true/false，"
        "填空题是可接受答案列表，简答题不写答案而写 key_points；选项键必须是本题的选项。",
    ),
    Code("E603", "考卷上题目重复", "同一道题在一张考卷上只能出现一次。"),
    Code("E604", "未知的题目", "考卷引用的题目不在 curriculum/questions/ 的题库中。"),
    Code(
        "E605",
        "练习题不能上考卷",
        "练习题（use 为 practice）已作为自测题公开，考卷只能使用考试题（use 为 exam）。",
    ),
    Code("E606", "未知的考卷", "名册作答引用的考卷不存在于 curriculum/exams/。"),
    Code(
        "E607",
        "考卷与方案或考核项不符",
        "考卷的 program 和 component 必须与名册的方案及所填的考核项一致。",
    ),
    Code("E608", "作答的题目不在考卷上", "answers 或 short 中出现了考卷上没有的题目编号。"),
    Code(
        "E609",
        "作答写法与题型不符",
        "单选题填一个选项键（不能写列表），多选题填选项键列表，判断题填 true/false，"
        "填空题填文字；简答题只在 short 中填写各评委给分。",
    ),
    Code("E610", "不存在的选项", "所选选项不是该题的选项；选项键区分大小写。"),
    Code("E611", "评委给分为空", "简答题的评委给分列表至少要有一位评委的分数。"),
    Code("E612", "评委给分超出范围", "每位评委给分必须在 0 到该题分值之间。"),
    Code(
        "E613",
        "符合条件的考试题不足",
        "组卷定义某一部分要抽的题数多于题库中符合条件（题型、模块、知识点、难度）的考试题。"
        "请减少题数、放宽条件或补充考试题。",
    ),
    Code(
        "E615",
        "实操评分表有误",
        "情景评分项的分值之和必须是 100；名册中的实操评分表必须引用存在的情景，"
        "每位评委对每个评分项都要打分，且不能出现情景中没有的评分项。",
    ),
    Code(
        "E616",
        "成绩写法不完整",
        "考核项写成键值对时，必须写 exam（考卷作答）或 scenario（实操评分表）其中之一。",
    ),
    Code(
        "E630",
        "评委打分多于名册的评委",
        "名册写了 judges（评委姓名，按打分顺序）时，每位学员的打分列表和实操评分表的评委人数"
        "都不能超过 judges 列出的人数：第 i 个分数属于第 i 位评委。少于这个人数可以"
        "（缺席的评委排在最后）；多出的分数不知道是谁打的，请补上评委姓名或删去多余的分数。",
    ),
    Code(
        "E631",
        "标准设定文件有误",
        "curriculum/standard-setting/<考卷编号>.yaml 的 exam 必须与文件名一致且是存在的考卷；"
        "每位评委都要对考卷上的每道题给出 0 到 1 之间的概率，不能出现考卷上没有的题目，"
        "评委姓名不能重复。",
    ),
    Code(
        "E614",
        "考卷已存在",
        "curriculum/exams/ 下已有同名考卷。考过的考卷不能被重新抽题覆盖；"
        "要重新组卷请换一个考卷编号。",
    ),
]

# W###: warnings. Reported like errors (path:line:column), but nothing is refused.
_WARNINGS = [
    Code(
        "W601",
        "考试题与公开的练习题过于相似",
        "考试题与某道练习题（已作为自测题公开）的题干加选项按三字片段计算的相似度"
        "（Jaccard 系数，去掉空白和标点后比较）达到 0.6 或以上，或者两题的题干本身达到 0.6。"
        "学员背过自测题就能答对，考试题失去区分度。请改写考试题的情景和选项（不改题目编号和答案键，"
        "已考过的考卷仍按原答案键评分），或换一道题。",
    ),
    Code(
        "W501",
        "培训天数超出建议范围",
        "场次的天数（从开始日期到结束日期，含首尾两天）不在周期的建议范围内："
        "新员工入职培训 7 到 14 天（1 至 2 周），专项培训 3 到 5 天，基础技能培训 2 天，"
        "进阶技能提升 3 到 4 天（种子文档 000、002），或周期 days 写明的范围。"
        "只是提醒，计划照常发布；确需更长或更短时，可在周期中写 days 说明范围。",
    ),
    Code(
        "W502",
        "新产品培训不在上市前一周内",
        "新产品知识培训（kind: new-product）的场次应写明 launch_on（上市日期），"
        "并在上市前一周内举行：开始日期不早于上市前 7 天，结束日期早于上市日期。",
    ),
]

CODES: dict[str, Code] = {c.code: c for c in (*_CODES, *_WARNINGS)}
WARNINGS: dict[str, Code] = {c.code: c for c in _WARNINGS}


def is_warning(code: str) -> bool:
    """A warning code (``W###``): reported, but the command succeeds."""
    return code in WARNINGS


_CONTROL = (
    {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7F)}
    | {
        ord("\n"): "\\n",
        ord("\r"): "\\r",
        ord("\t"): "\\t",
        0x2028: "\\u2028",
        0x2029: "\\u2029",
        0x85: "\\x85",
    }
    | {  # bidirectional controls would reorder the rest of the CI log line (U+202E)
        i: f"\\u{i:04x}"
        for i in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    }
)


def one_line(text: str) -> str:
    """``text`` with line breaks, other control characters and bidirectional controls
    escaped (``\\n``, ``\\u202e``)."""
    return text.translate(_CONTROL)


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
        """One line, always: control characters in the path or message are escaped."""
        path, message = one_line(self.path), one_line(self.message)
        if self.line == 0:  # a spreadsheet cell: the path reads FILE.xlsx:sheet!C7
            return f"{path}: {self.code} {message}"
        return f"{path}:{self.line}:{self.column}: {self.code} {message}"

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

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(set(problems))
        self.warnings = sorted(set(warnings or ()))  # found on the way: shown, never fatal
