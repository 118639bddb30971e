"""``python -m studio.cli``: the same command as the ``studio`` console script."""

import sys

from studio.cli import main

sys.exit(main())
