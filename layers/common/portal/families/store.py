"""The family's file in the table: one partition a family, its health fields sealed with the family's data key.

| access pattern                              | key condition                                                   |
|---------------------------------------------|-----------------------------------------------------------------|
| a family's file (guardians, children, key)  | Query pk=TENANT#{t}#FAMILYFILE#{f} (consistent)                 |
| a guardian                                  | pk=TENANT#{t}#FAMILYFILE#{f}, sk=GUARDIAN#{g}                   |
| a child's file                              | pk=TENANT#{t}#FAMILYFILE#{f}, sk=CHILD#{c}                      |
| the family's data key (wrapped by KMS)      | pk=TENANT#{t}#FAMILYFILE#{f}, sk=KEY, put if absent             |
| when a follower last certified the file     | pk=TENANT#{t}#FAMILYFILE#{f}, sk=CERTIFIED                      |

A child's file is kept in its family's partition (a child that moves to another family is published again
there); the file lists only the family's children as the bookings area publishes them. The health fields
(diet, allergies, pai, doctor, medical notes) are one sealed value (``envelope``), never a readable
attribute; the rest of the file is plain.

A parent's change is written on the records being as they were read (``changed``): a guardian's on its
stored text, a child's file on its sealed value, which every write seals anew (a fresh nonce), so an import
or another change in between fails the condition and the change is made again on the new file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from pynamodb.attributes import BinaryAttribute, BooleanAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from portal.families.model import Address, ChildFile, Doctor, FamilyFile, Guardian, Health, Pickup
from portal.kernel.ids import TenantSlug
from portal.platform import envelope
from portal.platform.aws import translate_aws_errors
from portal.platform.observability import logger
from portal.platform.table import Item, Parts, query_items, save_all, write_if

GUARDIAN_PREFIX, CHILD_PREFIX, KEY, CERTIFIED = "GUARDIAN#", "CHILD#", "KEY", "CERTIFIED"


def file_key(tenant: TenantSlug, family_id: str) -> str:
    return f"TENANT#{tenant}#FAMILYFILE#{family_id}"


class GuardianRecord(Item):
    sort_prefix = GUARDIAN_PREFIX

    fields = UnicodeAttribute()  # the guardian, JSON: contact details a follower reads as they are


class ChildFileRecord(Item):
    sort_prefix = CHILD_PREFIX

    health = BinaryAttribute(legacy_encoding=False)  # sealed: VERSION + nonce + AES-GCM ciphertext
    photos = BooleanAttribute(default=False)
    leave_alone = BooleanAttribute(default=False)
    pickups = UnicodeAttribute(default="[]")  # JSON


class FamilyKeyRecord(Item):
    sort_key = KEY

    wrapped = BinaryAttribute(legacy_encoding=False)  # the family's data key, wrapped by the KMS key


class CertifiedRecord(Item):
    sort_key = CERTIFIED

    at = UTCDateTimeAttribute()


@dataclass(frozen=True)
class Held:
    """A file as read, with what its records held (each record's condition for a change) and its key."""

    file: FamilyFile
    key: envelope.DataKey | None
    stamps: dict[str, str | bytes] = field(default_factory=dict, repr=False)  # by sort key


def read(tenant: TenantSlug, family_id: str) -> FamilyFile:
    """A family's file: one consistent Query, then one KMS Decrypt when a child's file holds health data."""
    return held(tenant, family_id).file


def held(tenant: TenantSlug, family_id: str) -> Held:
    """The file as ``read`` gives it, with its records' stamps and its key (opened when a child has a file)."""
    kinds = (GuardianRecord, ChildFileRecord, FamilyKeyRecord, CertifiedRecord)
    items = query_items(kinds, hash_key=file_key(tenant, family_id), consistent_read=True)
    guardians, files = _of(items, GuardianRecord), _of(items, ChildFileRecord)
    wrapped = [r.wrapped for r in _of(items, FamilyKeyRecord)]
    certified = next((r.at for r in _of(items, CertifiedRecord)), None)
    key = envelope.unwrap(tenant, family_id, wrapped[0]) if files and wrapped else None
    stamps: dict[str, str | bytes] = {str(r.sk): r.fields for r in guardians} | {str(r.sk): r.health for r in files}
    opened = [_child_file(tenant, family_id, key, r) for r in files]
    children = {f.child_id: f for f in opened if f is not None}
    file = FamilyFile(family_id, tuple(_guardian(r) for r in guardians), children, certified)
    return Held(file, key, stamps)


def _of[I: Item](items: list[Item], kind: type[I]) -> list[I]:
    return [item for item in items if isinstance(item, kind)]


def _child_file(
    tenant: TenantSlug, family_id: str, key: envelope.DataKey | None, record: ChildFileRecord
) -> ChildFile | None:
    """A child's file, its health opened; None when it does not open (altered or moved: shown as unknown,
    never guessed; said without data)."""
    child_id = str(record.sk).removeprefix(CHILD_PREFIX)
    try:
        health = _health(envelope.open_sealed(key, tenant, family_id, record.health)) if key else Health()
    except envelope.SealBroken:
        logger.error("a child's health data does not open", extra={"family": family_id, "child": child_id})
        return None
    pickups = tuple(Pickup(**p) for p in json.loads(record.pickups))
    return ChildFile(child_id, family_id, health, record.photos, record.leave_alone, pickups)


def with_key(tenant: TenantSlug, found: Held) -> Held:
    """``found`` with the family's data key (opened, or made when the family has none yet)."""
    return found if found.key else replace(found, key=data_key(tenant, found.file.family_id))


def changed(tenant: TenantSlug, found: Held, guardians: list[Guardian], files: list[ChildFile]) -> Parts:
    """The writes of a parent's change (``found`` must hold the key when ``files`` is not empty), each on
    its record being as ``found`` read it (absent for a child's first file)."""
    records = _records(tenant, guardians, files, {found.file.family_id: found.key} if found.key else {})

    def parts(t: TransactWrite) -> None:
        for record in records:
            stamp = found.stamps.get(str(record.sk))
            if isinstance(record, GuardianRecord):
                t.save(record, condition=GuardianRecord.fields == stamp)
            elif stamp is None:
                t.save(record, condition=ChildFileRecord.pk.does_not_exist())
            else:
                t.save(record, condition=ChildFileRecord.health == stamp)

    return parts


def certify(tenant: TenantSlug, family_id: str, at: datetime) -> None:
    """A follower certified the file up to date."""
    save_all([CertifiedRecord(file_key(tenant, family_id), CERTIFIED, at=at)])


def certified_at(tenant: TenantSlug, family_id: str) -> datetime | None:
    """When a follower last certified the file (None: never), read alone (one GetItem)."""
    with translate_aws_errors():
        try:
            return CertifiedRecord.get(file_key(tenant, family_id), CERTIFIED, consistent_read=True).at
        except DoesNotExist:
            return None


def guardian_ids(tenant: TenantSlug, family_id: str) -> set[str]:
    items = query_items(
        (GuardianRecord,),
        hash_key=file_key(tenant, family_id),
        range_key_condition=GuardianRecord.sk.startswith(GUARDIAN_PREFIX),
    )
    return {str(r.sk).removeprefix(GUARDIAN_PREFIX) for r in items}


def stored_key(tenant: TenantSlug, family_id: str) -> envelope.DataKey | None:
    """The family's data key, opened; None when the family has none yet (nothing of it was ever sealed)."""
    found = query_items(
        (FamilyKeyRecord,),
        hash_key=file_key(tenant, family_id),
        range_key_condition=FamilyKeyRecord.sk == KEY,
        consistent_read=True,
    )
    if found and isinstance(found[0], FamilyKeyRecord):
        return envelope.unwrap(tenant, family_id, found[0].wrapped)
    return None


def data_key(tenant: TenantSlug, family_id: str) -> envelope.DataKey:
    """The family's data key: the stored one opened, or a new one stored (if two writers make one at once,
    the first stored wins and the other opens it)."""
    for _ in range(2):
        stored = stored_key(tenant, family_id)
        if stored is not None:
            return stored
        key = envelope.new_key(tenant, family_id)
        if _stored_first(FamilyKeyRecord(file_key(tenant, family_id), KEY, wrapped=key.wrapped)):
            return key
    raise RuntimeError("a family's data key neither found nor stored")


def _stored_first(record: FamilyKeyRecord) -> bool:
    return write_if(lambda: record.save(condition=FamilyKeyRecord.pk.does_not_exist()))


def save(
    tenant: TenantSlug, guardians: Iterable[Guardian], files: Iterable[ChildFile], keys: dict[str, envelope.DataKey]
) -> None:
    """Put guardians and children's files (upserts), each child's health sealed with its family's key."""
    save_all(_records(tenant, guardians, files, keys))


def _records(
    tenant: TenantSlug, guardians: Iterable[Guardian], files: Iterable[ChildFile], keys: dict[str, envelope.DataKey]
) -> list[Item]:
    records: list[Item] = [
        GuardianRecord(file_key(tenant, g.family_id), GUARDIAN_PREFIX + g.guardian_id, fields=json.dumps(asdict(g)))
        for g in guardians
    ]
    for f in files:
        sealed = envelope.seal(keys[f.family_id], tenant, f.family_id, json.dumps(asdict(f.health)).encode())
        records.append(
            ChildFileRecord(
                file_key(tenant, f.family_id),
                CHILD_PREFIX + f.child_id,
                health=sealed,
                photos=f.photos,
                leave_alone=f.leave_alone,
                pickups=json.dumps([asdict(p) for p in f.pickups]),
            )
        )
    return records


def _guardian(record: GuardianRecord) -> Guardian:
    values: dict[str, Any] = json.loads(record.fields)
    address = values.pop("address")
    return Guardian(**values, address=Address(**address) if address else None)


def _health(plaintext: bytes) -> Health:
    values: dict[str, Any] = json.loads(plaintext)
    doctor = values.pop("doctor")
    return Health(**{**values, "allergies": tuple(values["allergies"])}, doctor=Doctor(**doctor) if doctor else None)
