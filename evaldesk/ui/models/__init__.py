"""Thin table models over the package: a grid of cell specs per form block (see grid_model)."""
