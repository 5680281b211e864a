"""Frozen entry of the window (``evaldesk``): the same dispatch as ``python -m evaldesk``."""

import sys

from evaldesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
