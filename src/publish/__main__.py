"""``python -m publish`` is the ``publish`` command."""

from .cli import run

run()
