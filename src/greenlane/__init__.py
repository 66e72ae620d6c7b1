"""greenlane runs a customs supply-chain security partnership end to end: the partner program, the
advance cargo data and risk-based lane selection, and the evidence that the program delivers."""

__version__ = "0.1.0"
