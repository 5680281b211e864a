"""Helpers shared by the test areas (core, export, cli, ui); each area's own helpers live beside its tests."""
