"""Every section of the city's benchmark, one after another, each in its own process (each starts its own
local stack; see ``bench.city``)."""

import subprocess
import sys

for section in ("monthly", "rush", "strike", "lists"):
    subprocess.run([sys.executable, "-m", f"bench.city.{section}"], check=True)  # noqa: S603 - our own modules
