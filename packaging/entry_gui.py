"""Frozen entry of the window (``evaldesk``): the same dispatch as ``python -m evaldesk``.

On Linux the bundle has one program: ``evaldesk-cli`` is a symbolic link to it (one copy of the frozen
Python modules instead of two, 6 MB less), so the name it was started by decides.
"""

import sys
from pathlib import Path


def started_as_cli(argv0: str) -> bool:
    return Path(argv0).name.startswith("evaldesk-cli")


if __name__ == "__main__":
    if started_as_cli(sys.argv[0]):
        from evaldesk.cli import main as cli_main

        sys.exit(cli_main())
    from evaldesk.__main__ import main

    sys.exit(main())
