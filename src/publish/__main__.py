"""``python -m publish`` is the ``publish`` command."""

import sys

from .cli import main

sys.exit(main())
