"""Entry point of the frozen app: the same ``studio`` command as the console script."""

import multiprocessing
import sys

from studio.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless when nothing spawns; needed if anything does
    sys.exit(main())
