"""What the 导出 step can write, and the work itself (run off the GUI thread). No widgets.

Each job renders bytes from a private copy of the package (``tasks.snapshot``) and writes them with
``core.atomic.write_atomic``, so a failed export never leaves a partial file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evaldesk.core import model
from evaldesk.core.atomic import write_atomic
from evaldesk.export.registry import Rendered


@dataclass(frozen=True)
class ExportKind:
    key: str  # pdf / signature / xlsx / docx / package
    title: str  # shown in the list: 完整PDF
    what: str  # what the file holds
    button: str  # 导出PDF…
    suffix: str  # .pdf
    file_filter: str
    busy: str  # 正在生成PDF…


KINDS: tuple[ExportKind, ...] = (
    ExportKind(
        "pdf",
        "完整PDF",
        "封面、自评报告和附件1—3，每页印有数据指纹和页码。",
        "导出PDF…",
        ".pdf",
        "PDF 文件 (*.pdf)",
        "正在生成PDF…",
    ),
    ExportKind(
        "signature",
        "签字盖章页",
        "只含封面、署名页和各表签字栏所在的页，打印后签字盖章。",
        "导出签字页…",
        ".pdf",
        "PDF 文件 (*.pdf)",
        "正在生成签字页…",
    ),
    ExportKind(
        "xlsx",
        "Excel 表格",
        "附件1—3，按官方表样排版，可打印。",
        "导出Excel…",
        ".xlsx",
        "Excel 工作簿 (*.xlsx)",
        "正在生成Excel表格…",
    ),
    ExportKind(
        "docx",
        "Word 文档",
        "封面、自评报告和附件1—3，公文版式，可在 Word 或 WPS 中修改。",
        "导出Word…",
        ".docx",
        "Word 文档 (*.docx)",
        "正在生成Word文档…",
    ),
    ExportKind(
        "package",
        "上传包",
        "PDF、Excel、签字页扫描件、数据（data.json）和清单（manifest.json）。",
        "生成上传包…",
        ".zip",
        "上传包 (*.zip)",
        "正在生成上传包…",
    ),
)
BY_KEY = {k.key: k for k in KINDS}


@dataclass
class ExportResult:
    kind: str
    path: Path
    size: int
    verify_lines: list[str] = field(default_factory=list)  # the upload package's own check
    verified: bool = True
    warnings: list[str] = field(default_factory=list)  # the exporter's (e.g. a character no font has)


def xlsx_available() -> bool:
    """Whether the XLSX writer can be imported (it is optional while being finished)."""
    try:
        from evaldesk.export import xlsx

        return callable(getattr(xlsx, "render", None))
    except Exception:
        return False


def default_name(kind: str, pkg: model.Package) -> str:
    """``岳阳楼区应急管理局-2023-绩效自评报告.pdf`` and the like."""
    from evaldesk.export.package import manifest, package_filename

    if kind == "pdf":
        return manifest.pdf_member(pkg)
    if kind == "signature":
        return manifest.base_name(pkg, "签字页") + ".pdf"
    if kind == "xlsx":
        return manifest.xlsx_member(pkg)
    if kind == "docx":
        return manifest.base_name(pkg, "绩效自评报告") + ".docx"
    return package_filename(pkg)


def render(kind: str, pkg: model.Package, reason: str | None = None) -> bytes:
    """The file's bytes (pure; may take a second or more)."""
    return render_file(kind, pkg, reason).data


def render_file(kind: str, pkg: model.Package, reason: str | None = None) -> Rendered:
    """The file as the exporters' ``Rendered`` (bytes and warnings), through the one registry."""
    from evaldesk.export import registry

    return registry.render(kind, pkg, registry.ExportOptions(accept_open_errors=reason))


def run_export(kind: str, pkg: model.Package, path: Path, reason: str | None = None) -> ExportResult:
    """Render and write atomically; the upload package is verified after it is built."""
    rendered = render_file(kind, pkg, reason)
    data = rendered.data
    write_atomic(path, data)
    result = ExportResult(kind, Path(path), len(data), warnings=list(rendered.warnings))
    if kind == "package":
        from evaldesk.export.package import verify_package

        report = verify_package(data)
        result.verified = report.ok
        result.verify_lines = report.lines()
    return result


def with_suffix(path: str, suffix: str) -> Path:
    """The chosen path, with the suffix added when the clerk typed a name without it."""
    p = Path(path)
    return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)
