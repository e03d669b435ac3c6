"""Reading sources: the Markdown interview format and the raw-transcript importer."""

from .parse import load, parse, parse_checked

__all__ = ["load", "parse", "parse_checked"]
