"""Test-session settings: a private data folder, and the KBLI list as shipped in the package.

Nothing outside the repository is read: the KBLI lists live in ``validators/data/``, and an
``INTAKE_KBLI_*`` setting of the developer's shell is ignored so every clone tests the same.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("INTAKE_DATA_DIR", tempfile.mkdtemp(prefix="intake-tests-"))
for _name in ("INTAKE_KBLI_FILE", "INTAKE_KBLI_VERSION"):
    os.environ.pop(_name, None)
