"""publish: one structured interview in; a PDF booklet, an EPUB and a PowerPoint deck out."""

__version__ = "0.1.0"
