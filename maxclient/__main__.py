"""``python -m maxclient``: the same command line as the ``maxclient`` script."""

import sys

from .cli import main

sys.exit(main())
