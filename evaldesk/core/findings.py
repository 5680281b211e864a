"""What the 审核 checks return: findings as values, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evaldesk.core import model
from evaldesk.core.edits import Path, describe_path

SEVERITIES = ("error", "warning", "hint")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "hint": "提示"}

# The parts of a package, in the navigator's order; a finding's ``part`` is one of these.
PARTS = ("unit", "basic", "overall", "project", "report", "package")
PART_LABELS = {
    "unit": "单位信息",
    "basic": "基础数据表",
    "overall": "整体支出自评",
    "project": "项目支出自评",
    "report": "自评报告",
    "package": "自评包",
}


@dataclass(frozen=True)
class Location:
    """Where a finding lives: the part, the project (if any), and the edit path of the cell to select."""

    part: str
    path: Path = ()
    project_id: str = ""
    label: str = ""  # how a clerk names the place, e.g. 附件1“三公经费”Y年决算数
    anchor: str = ""  # inside free text: the words the finding is about, so two findings in one body differ

    @property
    def key(self) -> str:
        """The place: the cell's path (or the part)."""
        return describe_path(self.path) if self.path else self.part

    @property
    def ack_key(self) -> str:
        """The place as acknowledgements record it: inside free text, also the words concerned."""
        return f"{self.key}#{self.anchor}" if self.anchor else self.key


@dataclass(frozen=True)
class Finding:
    rule_id: str  # R1 … R22, L1 … as in domain.md §4
    severity: str  # one of SEVERITIES
    message: str  # plain Chinese: what is wrong, where, with both values, what to do
    location: Location
    values: dict[str, Any] = field(default_factory=dict)  # the figures involved (Decimals as they are)
    trace: str = ""  # the arithmetic that shows it

    @property
    def key(self) -> str:
        """Identifies the finding across recomputations (used for acknowledgements)."""
        return f"{self.rule_id}@{self.location.ack_key}"


def unacknowledged(pkg: model.Package, findings: list[Finding]) -> list[Finding]:
    """The findings still open: every error and hint, and the warnings the clerk has not acknowledged."""
    acked = {(a.rule_id, a.location) for a in pkg.acknowledgements if a.kind == "warning"}
    return [f for f in findings if f.severity != "warning" or (f.rule_id, f.location.ack_key) not in acked]
