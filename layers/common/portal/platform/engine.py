"""pydantic-core's engine (its compiled extension) without the package's Python layer.

``import pydantic_core`` runs the package's ``__init__``, which imports ``core_schema``
(hundreds of TypedDicts that describe schemas to the type checker) to re-export the
extension's classes: a part of each cold start, for nothing Lambda runs, since the compiled
bodies hold their core schemas as plain dicts. So the extension is loaded by itself, under
the name the package gives it: a later ``import pydantic_core`` (pydantic's, in the tests
and the tools) finds it there and uses it, and a process has one ``ValidationError`` class
whichever came first (a second load, were two threads to race, gives the same classes too).
The type checker reads the package's own declarations.

Loading the extension alone is cheap (docs/benchmarks.md, "What the start-up choices save");
building a body's validator from its schema is ``portal.platform.bodies``'s. A test of the
built layer checks that no handler loads more of pydantic-core than the extension. What still
loads the rest: turning a ``ValidationError`` into text (``str``, a traceback), whose link
names pydantic's version; the answers use ``errors(include_url=False)``, which does not.
"""

from __future__ import annotations

import sys
from importlib.machinery import PathFinder
from importlib.util import module_from_spec
from types import ModuleType
from typing import TYPE_CHECKING

EXTENSION = "pydantic_core._pydantic_core"


def _extension() -> ModuleType:
    """The extension module, loaded once per process (by this module or by the package)."""
    loaded = sys.modules.get(EXTENSION)
    if loaded is not None:
        return loaded
    package = PathFinder.find_spec("pydantic_core")  # found, not imported
    spec = PathFinder.find_spec(EXTENSION, package.submodule_search_locations) if package else None
    if spec is None or spec.loader is None:
        raise ImportError(f"pydantic-core's extension is not installed ({EXTENSION})", name=EXTENSION)
    module = module_from_spec(spec)
    sys.modules[EXTENSION] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[EXTENSION]  # as the import system does: no half-loaded module left behind
        raise
    return module


if TYPE_CHECKING:
    from pydantic_core import PydanticCustomError, SchemaSerializer, SchemaValidator, ValidationError
else:
    _loaded = _extension()
    PydanticCustomError = _loaded.PydanticCustomError
    SchemaSerializer = _loaded.SchemaSerializer
    SchemaValidator = _loaded.SchemaValidator
    ValidationError = _loaded.ValidationError

__all__ = ["PydanticCustomError", "SchemaSerializer", "SchemaValidator", "ValidationError"]
