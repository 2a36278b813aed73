"""``python -m quiz`` runs the command line."""

import sys

from quiz.cli import main

sys.exit(main())
