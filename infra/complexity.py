"""No function above cyclomatic complexity 15 (radon's count: each branch, loop, boolean operator and
comprehension condition adds one), in the code that runs and the code that builds it: the shared package,
the handlers, infra and bench. Generated code (``bodies.py``) and the tests are not counted.

    python -m infra.complexity [paths...]   # lists each function above the limit, exits 1 if any
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

LIMIT = 15
PATHS = ("layers/common/portal", "functions", "infra", "bench")
GENERATED = "bodies.py"


def sources(paths: tuple[str, ...]) -> Iterator[Path]:
    for path in map(Path, paths):
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        yield from (file for file in files if file.name != GENERATED or file.parent.name == "platform")


def offenders(paths: tuple[str, ...] = PATHS, limit: int = LIMIT) -> list[str]:
    """Each function (or method) above ``limit``, as "path:line name (complexity)"."""
    found = []
    for file in sources(paths):
        for block in cc_visit(file.read_text()):
            if isinstance(block, Function) and block.complexity > limit:
                found.append(f"{file}:{block.lineno} {block.fullname} ({block.complexity})")
    return found


def main() -> int:
    found = offenders(tuple(sys.argv[1:]) or PATHS)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} function(s) above complexity {LIMIT}: cut them into named steps", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
