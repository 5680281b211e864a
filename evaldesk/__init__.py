"""EvalDesk (绩效自评助手): budget-performance self-evaluation packages."""

__version__ = "0.1.0"
