"""``python -m evaldesk``: the window, or a CLI subcommand when one is named."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from evaldesk.cli import COMMANDS

    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help")):
        from evaldesk.cli import main as cli_main

        return cli_main(args)
    from evaldesk.ui.app import main as ui_main

    return ui_main(args)


if __name__ == "__main__":
    sys.exit(main())
