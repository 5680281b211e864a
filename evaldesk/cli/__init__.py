"""The command line: the same engine as the window, no Qt.

Exit codes: 0 success; 1 the work was refused for a reason in the package (error findings, a failed
verify); 2 unusable input (a one-line Chinese message on stderr); 3 a fault of the program itself (a
Chinese line on stderr, the traceback in the log file it names, never on the clerk's screen).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import argparse

# ``python -m evaldesk`` asks this before it opens the window, so importing this module costs nothing:
# argparse and each command's libraries are imported only when a command runs.
COMMANDS = ("sample", "dump", "import", "check", "export", "verify", "restore", "carry-over")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            print(f"参数错误：{message}", file=sys.stderr)
            raise SystemExit(2)

    p = _Parser(prog="evaldesk", description="绩效自评助手（EvalDesk）命令行。不带子命令时打开窗口。")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    s = sub.add_parser("sample", help="把内置示例（岳阳楼区应急管理局2023年度）保存为草稿文件")
    s.add_argument("out", metavar="OUT.evaldesk")

    s = sub.add_parser("dump", help="以规范 JSON 输出自评包的全部数据")
    s.add_argument("file", metavar="FILE")

    s = sub.add_parser("import", help="从 JSON、XLSX 工作簿或上传包导入为草稿文件")
    s.add_argument("file", metavar="FILE.json|FILE.xlsx|PACKAGE.zip")
    s.add_argument("out", metavar="OUT.evaldesk")

    s = sub.add_parser("check", help="计算得分并审核，列出全部问题")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")

    s = sub.add_parser("export", help="导出 PDF、签字页、XLSX、Word 或上传包")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--pdf", metavar="OUT.pdf")
    s.add_argument("--signature-pages", metavar="OUT.pdf")
    s.add_argument("--xlsx", metavar="OUT.xlsx")
    s.add_argument("--docx", metavar="OUT.docx", help="可编辑的 Word 文档（报告与附件表格）")
    s.add_argument("--package", metavar="OUT.zip")
    s.add_argument("--accept-open-errors", metavar="REASON", help="记录理由后，允许带未解决错误生成上传包")
    s.add_argument("--body-font", metavar="FONT.ttf", help="正文字体（TrueType，可嵌入），例如本机的仿宋")

    s = sub.add_parser("verify", help="核对上传包：哈希、数据与得分")
    s.add_argument("file", metavar="PACKAGE.zip")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("restore", help="用最新的完好备份恢复损坏的草稿文件")
    s.add_argument("file", metavar="FILE.evaldesk")
    s.add_argument(
        "--force", action="store_true", help="即使草稿文件完好，也用备份覆盖它（会丢失备份之后的修改）"
    )

    s = sub.add_parser("carry-over", help="从上年的自评包生成下一年度的草稿")
    s.add_argument("file", metavar="FILE")
    s.add_argument("out", metavar="OUT.evaldesk")
    return p


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one CLI command; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    if not args.command:
        build_parser().print_help(out)
        return 0
    from evaldesk.cli import commands
    from evaldesk.core.errors import EvalDeskError

    handler: Callable[[argparse.Namespace, TextIO], int] = getattr(
        commands, "cmd_" + args.command.replace("-", "_")
    )
    try:
        return handler(args, out)
    except EvalDeskError as e:
        print(f"错误：{e}", file=err)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=err)
        return 130
    except Exception as e:  # the last line of defence: a clerk never reads a traceback
        where = _log_fault(args.command)
        told = f"详细信息已写入 {where}，请把这个文件交给技术支持。" if where else ""
        print(f"程序内部错误（{type(e).__name__}），“{args.command}”未能完成。{told}", file=err)
        return 3


def _log_fault(command: str) -> str:
    """Append the current exception's traceback to the log in the data folder; its path, or "" if none."""
    import datetime
    import traceback

    from evaldesk.core import paths

    try:
        log = paths.logs_dir() / "evaldesk-cli.log"
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{datetime.datetime.now().isoformat(timespec='seconds')} {command}\n")
            f.write(traceback.format_exc())
        return str(log)
    except OSError:
        return ""
