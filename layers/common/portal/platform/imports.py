"""The bookkeeping of one import of records (JSON Lines): each line accepted or rejected on its own, by key.

Every area that publishes records (billing, the espace famille) settles its batches through an
``ImportRun``, so that the report (accepted count, rejected lines with code and message) is one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portal.kernel.ids import TenantSlug


@dataclass
class Batch:
    """Valid records by key (the last line with a key wins) and the lines behind each key."""

    records: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: str, line: int, record: Any) -> None:
        self.records.pop(key, None)  # keep file order of the latest occurrence
        self.records[key] = (line, record)
        self.lines.setdefault(key, []).append(line)


@dataclass
class ImportRun:
    tenant: TenantSlug
    identity: str  # the same file retried is the same import (its new-invoice mails go once)
    accepted: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def reject(self, line: int, code: str, message: str) -> None:
        self.rejected.append({"line": line, "code": code, "message": message})

    def settle(self, batch: Batch, ok: Callable[[str, Any], tuple[str, str] | None]) -> list[Any]:
        """Decide each key's fate; every line of a key shares it. Returns the records to store."""
        keep = []
        for key, (_, record) in batch.records.items():
            problem = ok(key, record)
            if problem:
                for line in batch.lines[key]:
                    self.reject(line, *problem)
            else:
                self.accepted += len(batch.lines[key])
                keep.append(record)
        return keep


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the lines accepted, and each rejected line with its code and message."""

    accepted: int
    rejected: list[dict[str, Any]]
