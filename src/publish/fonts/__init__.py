"""Fonts: which installed face draws each character, and document-sized copies of it.

- ``fontconfig``: asks fontconfig (in this process) which file it would use;
- ``resolve``: theme stacks to faces, and the no-tofu coverage check run before rendering;
- ``subset``: a face cut down to the characters a document uses, cached; the PDF and the
  EPUB both embed these copies.
"""
