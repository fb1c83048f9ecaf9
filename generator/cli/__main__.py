"""``python -m generator.cli``: the ``ctoportal`` command."""

import sys

from generator.cli import main

sys.exit(main())
