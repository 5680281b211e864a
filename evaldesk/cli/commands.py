"""The CLI subcommands; each takes the parsed arguments and an output stream, returns the exit code."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from evaldesk.core import jsonform, model
from evaldesk.core.atomic import write_atomic
from evaldesk.core.errors import FileFormatError
from evaldesk.export.importing import read_any


def _save_new_draft(pkg: model.Package, out: str) -> None:
    from evaldesk.core import storage

    storage.save_package(Path(out), pkg)


def cmd_sample(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.core.sample import load_sample

    _save_new_draft(load_sample(), args.out)
    print(f"已保存示例草稿：{args.out}", file=out)
    return 0


def cmd_dump(args: argparse.Namespace, out: TextIO) -> int:
    out.write(jsonform.dumps(read_any(args.file)))
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    pkg = read_any(args.file)
    _save_new_draft(pkg, args.out)
    print(f"已导入为草稿：{args.out}", file=out)
    return 0


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from evaldesk.cli.check import run_check

    return run_check(read_any(args.file), as_json=args.json, out=out)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    if not (args.pdf or args.signature_pages or args.xlsx or args.docx or args.package):
        raise FileFormatError("请至少指定一种导出：--pdf、--signature-pages、--xlsx、--docx 或 --package。")
    pkg = read_any(args.file)
    code = 0
    if args.pdf or args.signature_pages:
        from evaldesk.export.package import fingerprint
        from evaldesk.export.pdf import PdfOptions, build

        # The same fingerprint as the upload package's manifest, so paper and files can be matched.
        options = PdfOptions(body_font=args.body_font, fingerprint=fingerprint(pkg))
        for target, signature_only, what in ((args.pdf, False, "PDF"), (args.signature_pages, True, "签字页 PDF")):
            if target:
                result = build(pkg, options, signature_only=signature_only)
                write_atomic(target, result.data)
                print(f"已导出{what}：{target}", file=out)
                for warning in result.warnings:
                    print(f"注意：{warning}", file=out)
    if args.xlsx:
        from evaldesk.export.xlsx import render as render_xlsx

        write_atomic(args.xlsx, render_xlsx(pkg))
        print(f"已导出 Excel 工作簿：{args.xlsx}", file=out)
    if args.docx:
        from evaldesk.export.docx import render_docx
        from evaldesk.export.package import fingerprint

        word = render_docx(pkg, fingerprint(pkg))
        write_atomic(args.docx, word.data)
        print(f"已导出 Word 文档：{args.docx}", file=out)
        for warning in word.warnings:
            print(f"注意：{warning}", file=out)
    if args.package:
        from evaldesk.export.package import OpenErrorsRefused, build_package

        try:
            data = build_package(pkg, accept_open_errors=args.accept_open_errors)
        except OpenErrorsRefused as e:
            print(str(e), file=out)
            return 1
        write_atomic(args.package, data)
        print(f"已生成上传包：{args.package}", file=out)
    return code


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
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

    pkg = carry_over(read_any(args.file))
    _save_new_draft(pkg, args.out)
    print(f"已生成{pkg.fiscal_year}年度草稿：{args.out}", file=out)
    return 0
