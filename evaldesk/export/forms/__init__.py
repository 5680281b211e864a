"""The form builders behind :mod:`evaldesk.export.form_layout` (one module per form family)."""
