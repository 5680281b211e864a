"""The form builders behind :mod:`evaldesk.export.grid` (one module per form family)."""
