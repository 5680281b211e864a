"""``evaldesk check FILE [--json]``: score a package and list every 审核 finding.

Exit codes: 0 no error finding; 1 error findings; 2 unusable input (message on stderr).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from evaldesk.core import model, rulesets
from evaldesk.core.analysis import Analyser
from evaldesk.core.checks import RULE_TITLES, summary
from evaldesk.core.errors import EvalDeskError
from evaldesk.core.findings import PART_LABELS, SEVERITY_LABELS, Finding
from evaldesk.core.money import format_plain
from evaldesk.core.scoring import Score, ScoreSheet, TableScore
from evaldesk.export.importing import read_any


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format_plain(v, 0)
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def _score_dict(s: Score) -> dict[str, Any]:
    return {"value": _plain(s.value), "max": _plain(s.max), "trace": s.trace, "overridden": s.overridden}


def _table_dict(ts: TableScore) -> dict[str, Any]:
    return {
        "total": _score_dict(ts.total),
        "grade": ts.grade,
        "execution_rate": _plain(ts.funding.rate),
        "execution": _score_dict(ts.funding.score),
        "by_level1": {k: _score_dict(v) for k, v in ts.by_level1.items()},
        "indicators": [
            {
                "index": i.index,
                "kind": i.kind,
                "score": _score_dict(i.final),
                "computed": _score_dict(i.computed),
                "deviation_required": i.deviation_required,
            }
            for i in ts.indicators
            if i.kind != "blank" or i.final.max is not None
        ],
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as JSON-ready data (Decimals as plain strings)."""
    loc = f.location
    return {
        "rule_id": f.rule_id,
        "rule_title": RULE_TITLES.get(f.rule_id, ""),
        "severity": f.severity,
        "message": f.message,
        "location": {
            "part": loc.part,
            "path": list(loc.path),
            "project_id": loc.project_id,
            "label": loc.label,
            "key": loc.key,
        },
        "key": f.key,
        "values": _plain(f.values),
        "trace": f.trace,
    }


def _total_text(ts: TableScore) -> str:
    if ts.total.value is None:
        return f"总分 —（{ts.total.trace}）"
    return f"总分 {format_plain(ts.total.value)} {ts.grade}"


def _write_text(pkg: model.Package, sheet: ScoreSheet, findings: list[Finding], out: TextIO) -> None:
    rs = rulesets.of_package(pkg)[0]
    out.write(f"{pkg.unit.name or '（未填单位名称）'} · {pkg.fiscal_year}年度 · 规则集：{rs.name}\n\n")
    out.write(f"附件2 整体支出：{_total_text(sheet.overall)}\n")
    for p in pkg.projects:
        ts = sheet.projects.get(p.id)
        if ts is not None:
            out.write(f"附件3 “{p.name}”：{_total_text(ts)}\n")
    out.write("\n")
    for f in findings:
        part = PART_LABELS.get(f.location.part, f.location.part)
        out.write(f"[{SEVERITY_LABELS.get(f.severity, f.severity)}] {f.rule_id} {part}：{f.message}\n")
        if f.trace:
            out.write(f"    计算：{f.trace}\n")
    c = summary(findings)
    out.write(f"\n审核：错误 {c['error']} · 警告 {c['warning']} · 提示 {c['hint']}\n")


def run_check(path_or_package: str | Path | model.Package, as_json: bool, out: TextIO) -> int:
    """Score and check a package (or a package file); print the findings; return the exit code."""
    try:
        pkg = (
            path_or_package if isinstance(path_or_package, model.Package) else read_any(Path(path_or_package))
        )
    except EvalDeskError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    analysis = Analyser().run(pkg)  # what the window computes when the package is opened
    sheet, findings = analysis.scores, analysis.findings
    if sheet is None or not analysis.checked:
        print(f"错误：{'；'.join(analysis.problems)}。", file=sys.stderr)
        return 2
    if as_json:
        data = {
            "unit": pkg.unit.name,
            "fiscal_year": pkg.fiscal_year,
            "ruleset": {"requested": pkg.ruleset_id, "used": sheet.ruleset_id},
            "scores": {
                "overall": _table_dict(sheet.overall),
                "projects": {pid: _table_dict(ts) for pid, ts in sheet.projects.items()},
            },
            "summary": summary(findings),
            "findings": [finding_dict(f) for f in findings],
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _write_text(pkg, sheet, findings, out)
    return 1 if any(f.severity == "error" for f in findings) else 0
