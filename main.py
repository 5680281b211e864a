"""Run EvalDesk: ``python main.py [FILE] [--sample] [--screenshots DIR]``."""

from __future__ import annotations

import sys

from evaldesk.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
