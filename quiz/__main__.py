"""``python -m quiz`` runs the command line."""

import sys

from quiz.cli.main import main

sys.exit(main())
