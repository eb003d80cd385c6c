"""`python -m desktop_handover` starts the desktop app."""

from __future__ import annotations

import sys

from desktop_handover.app import main

sys.exit(main())
