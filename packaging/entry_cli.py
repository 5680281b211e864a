"""Frozen entry of the command line (``evaldesk-cli``): a console program, so Windows shows its output."""

import sys

from evaldesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
