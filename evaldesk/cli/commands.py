"""The CLI subcommands; each takes the parsed arguments and an output stream, returns the exit code.

Each imports what it needs when it runs, so a command pays only for its own libraries at start-up
(``check`` never loads reportlab, ``export --pdf`` no spreadsheet or Word library).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from evaldesk.core import model


def _save_new_draft(pkg: model.Package, out: str) -> None:
    from evaldesk.core import storage

    storage.save_package(Path(out), pkg)


def cmd_sample(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.core.sample import load_sample

    _save_new_draft(load_sample(), args.out)
    print(f"已保存示例草稿：{args.out}", file=out)
    return 0


def cmd_dump(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.core import jsonform
    from evaldesk.export.importing import read_any

    out.write(jsonform.dumps(read_any(args.file)))
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.export.importing import read_any

    pkg = read_any(args.file)
    _save_new_draft(pkg, args.out)
    print(f"已导入为草稿：{args.out}", file=out)
    return 0


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.cli.check import run_check
    from evaldesk.export.importing import read_any

    return run_check(read_any(args.file), as_json=args.json, out=out)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.core.errors import FileFormatError

    if not (args.pdf or args.signature_pages or args.xlsx or args.docx or args.package):
        raise FileFormatError("请至少指定一种导出：--pdf、--signature-pages、--xlsx、--docx 或 --package。")
    from evaldesk.core.atomic import write_atomic
    from evaldesk.export import registry
    from evaldesk.export.importing import read_any

    pkg = read_any(args.file)

    # One exporter contract for the CLI, the window and the package (export.registry).
    options = registry.ExportOptions(body_font=args.body_font, accept_open_errors=args.accept_open_errors)
    for key, target, what in (
        ("pdf", args.pdf, "PDF"),
        ("signature", args.signature_pages, "签字页 PDF"),
        ("xlsx", args.xlsx, " Excel 工作簿"),
        ("docx", args.docx, " Word 文档"),
        ("package", args.package, "上传包"),
    ):
        if not target:
            continue
        if key == "package":
            from evaldesk.export.package import OpenErrorsRefused

            try:
                rendered = registry.render(key, pkg, options)
            except OpenErrorsRefused as e:
                print(str(e), file=out)
                return 1
        else:
            rendered = registry.render(key, pkg, options)
        write_atomic(target, rendered.data)
        print(f"已生成上传包：{target}" if key == "package" else f"已导出{what}：{target}", file=out)
        for warning in rendered.warnings:
            print(f"注意：{warning}", file=out)
    return 0


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from evaldesk.export.package import verify_package

    report = verify_package(Path(args.file).read_bytes())
    if args.json:
        out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        for line in report.lines():
            print(line, file=out)
    return 0 if report.ok else 1


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.core.storage.backups import IntactDraftError, restore_latest_good

    try:
        used = restore_latest_good(Path(args.file), force=args.force)
    except IntactDraftError as e:
        raise IntactDraftError(f"{e}如确需用备份覆盖，请加 --force。") from None
    print(f"已用备份“{used}”恢复：{args.file}", file=out)
    return 0


def cmd_carry_over(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.core.carryover import carry_over
    from evaldesk.export.importing import read_any

    pkg = carry_over(read_any(args.file))
    _save_new_draft(pkg, args.out)
    print(f"已生成{pkg.fiscal_year}年度草稿：{args.out}", file=out)
    return 0
