"""What the clerk calls each table and column of the draft file (schema.py), for messages about a
damaged or hand-edited draft: they name the form, the row and the column, never ``table.column``.

One table next to the schema; a test keeps it covering every stored column.
"""

from __future__ import annotations

from evaldesk.core import model
from evaldesk.core.derived import OVERALL_LABELS

_TRIPLE = {"prev": "上年决算数", "budget": "本年预算数", "actual": "本年决算数"}
_FUNDING = {
    "initial": "年初预算数",
    "full": "全年预算数",
    "executed": "全年执行数",
    "weight_entered": "分值",
    "rate_entered": "执行率",
    "score_entered": "得分",
}
_PERFORMANCE = {
    "goal_expected": "年度总体目标（预期目标）",
    "goal_actual": "年度总体目标（实际完成情况）",
    "total_weight_entered": "总分行的分值",
    "total_score_entered": "总分行的得分",
}

TABLES: dict[str, str] = {
    "meta": "单位信息",
    "staff_lines": "单位信息 编制情况",
    "basic_rows": "附件1 基础数据表",
    "basic_lines": "附件1 专项资金",
    "projects": "附件3 项目",
    "funding_rows": "附件3 项目资金",
    "indicators": "绩效指标表",
    "report_sections": "自评报告",
    "report_subsections": "自评报告",
    "attachments": "附件材料",
    "acknowledgements": "已确认的审核意见",
    "carried": "沿用上年内容的记录",
}

COLUMNS: dict[str, dict[str, str]] = {
    "staff_lines": {"kind": "编制类型", "count": "人数"},
    "basic_rows": {"key": "行名", **_TRIPLE},
    "basic_lines": {"name": "名称", **_TRIPLE},
    "projects": {
        "id": "项目编号",
        "name": "项目名称",
        "department": "主管部门",
        "implementer": "实施单位",
        **_PERFORMANCE,
    },
    "funding_rows": _FUNDING,
    "indicators": {
        "level1": "一级指标",
        "level2": "二级指标",
        "name": "三级指标",
        "target": "年度指标值",
        "actual": "实际完成值",
        "weight": "分值",
        "score_entered": "得分",
        "band": "档次",
        "band_score": "档次内得分",
        "override_score": "调整后的得分",
        "override_reason": "调整理由",
        "deviation": "偏差原因分析及改进措施",
    },
    "report_sections": {"heading": "标题", "body": "正文"},
    "report_subsections": {"heading": "标题", "body": "正文"},
    "attachments": {"id": "编号", "filename": "文件名", "mime": "文件类型", "data": "文件内容"},
    "acknowledgements": {"rule_id": "规则", "location": "位置", "reason": "理由", "kind": "类型"},
    "carried": {"path": "位置"},
}

# The single ``meta`` row holds many forms' single fields: column → (where it is, what it is).
META: dict[str, tuple[str, str]] = {
    "fiscal_year": ("单位信息", "年度"),
    "ruleset_id": ("单位信息", "评分规则集"),
    "ruleset_content": ("单位信息", "评分规则集的内容"),
    "unit_name": ("单位信息", "单位名称"),
    "unit_department": ("单位信息", "主管部门"),
    "unit_functions": ("单位信息", "职能职责"),
    "unit_organization": ("单位信息", "机构设置"),
    "unit_staff_authorized": ("附件1 基础数据表", "编制数"),
    "unit_staff_actual": ("附件1 基础数据表", "实际在职人数"),
    "unit_control_rate_entered": ("附件1 基础数据表", "控制率"),
    "footer_leader": ("表尾", "单位负责人"),
    "footer_preparer": ("表尾", "填表人"),
    "footer_phone": ("表尾", "联系电话"),
    "footer_date": ("表尾", "填报日期"),
    "cover_title": ("封面", "标题"),
    "cover_unit_name": ("封面", "单位名称"),
    "cover_date": ("封面", "日期"),
    "building_approved_area": ("附件1 楼堂馆所控制情况", "批复规模"),
    "building_actual_area": ("附件1 楼堂馆所控制情况", "实际规模"),
    "building_area_rate_entered": ("附件1 楼堂馆所控制情况", "规模控制率"),
    "building_budget_invest": ("附件1 楼堂馆所控制情况", "预算投资"),
    "building_actual_invest": ("附件1 楼堂馆所控制情况", "实际投资"),
    "building_invest_rate_entered": ("附件1 楼堂馆所控制情况", "投资概算控制率"),
    "basic_frugality": ("附件1 基础数据表", "厉行节约保障措施"),
    **{f"of_total_{k}": ("附件2 年度资金总额", v) for k, v in _FUNDING.items()},
    **{f"of_{k}": ("附件2 年度预算申请", v) for k, v in OVERALL_LABELS.items()},
    **{f"overall_{k}": ("附件2", v) for k, v in _PERFORMANCE.items()},
}

FUNDING_ROW_NAMES: dict[str, str] = {
    "total": "年度资金总额",
    "current": "当年财政拨款",
    "carryover": "上年结转资金",
    "other": "其他资金",
}
LINE_KINDS: dict[str, str] = {"special": "区级专项资金", "transfer": "上级转移支付"}


def column(table: str, name: str) -> str:
    """The Chinese name of ``table.name`` (a column the table does not list: its table's name)."""
    return COLUMNS.get(table, {}).get(name) or TABLES.get(table, "草稿文件")


def named(text: object) -> str:
    """``（name）`` after a row's number when the stored name is readable text, else nothing."""
    if isinstance(text, str) and text.strip():
        short = text.strip()
        return f"（{short[:20]}{'…' if len(short) > 20 else ''}）"
    return ""


def basic_row(key: str) -> str:
    """``附件1 基础数据表第10行（公用经费）``: the row as the form numbers it."""
    n = model.BASIC_ROW_KEYS.index(key) + 1
    return f"{TABLES['basic_rows']}第{n}行（{model.BASIC_ROW_LABELS[key]}）"


def table_of(table: str) -> str:
    """A table named in a message about the file's structure (``附件1 基础数据表``)."""
    return TABLES.get(table, "草稿文件")
