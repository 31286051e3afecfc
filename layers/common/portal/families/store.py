"""The family's file in the table: one partition a family, its health fields sealed with the family's data key.

| access pattern                              | key condition                                                   |
|---------------------------------------------|-----------------------------------------------------------------|
| a family's file (guardians, children, key)  | Query pk=TENANT#{t}#FAMILYFILE#{f} (consistent)                 |
| a guardian                                  | pk=TENANT#{t}#FAMILYFILE#{f}, sk=GUARDIAN#{g}                   |
| a child's file                              | pk=TENANT#{t}#FAMILYFILE#{f}, sk=CHILD#{c}                      |
| the family's data key (wrapped by KMS)      | pk=TENANT#{t}#FAMILYFILE#{f}, sk=KEY, put if absent             |

A child's file is kept in its family's partition (a child that moves to another family is published again
there); the file lists only the family's children as the bookings area publishes them. The health fields
(diet, allergies, pai, doctor, medical notes) are one sealed value (``envelope``), never a readable
attribute; the rest of the file is plain.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from pynamodb.attributes import BinaryAttribute, BooleanAttribute, UnicodeAttribute

from portal.families.model import Address, ChildFile, Doctor, FamilyFile, Guardian, Health, Pickup
from portal.kernel.ids import TenantSlug
from portal.platform import envelope
from portal.platform.observability import logger
from portal.platform.table import Item, query_items, save_all, write_if

GUARDIAN_PREFIX, CHILD_PREFIX, KEY = "GUARDIAN#", "CHILD#", "KEY"


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


def read(tenant: TenantSlug, family_id: str) -> FamilyFile:
    """A family's file: one consistent Query, then one KMS Decrypt when a child's file holds health data."""
    items = query_items(
        (GuardianRecord, ChildFileRecord, FamilyKeyRecord), hash_key=file_key(tenant, family_id), consistent_read=True
    )
    guardians = tuple(_guardian(r) for r in items if isinstance(r, GuardianRecord))
    files = [r for r in items if isinstance(r, ChildFileRecord)]
    wrapped = next((r.wrapped for r in items if isinstance(r, FamilyKeyRecord)), None)
    key = envelope.unwrap(tenant, family_id, wrapped) if files and wrapped is not None else None
    children = {}
    for record in files:
        child_id = str(record.sk).removeprefix(CHILD_PREFIX)
        try:
            health = _health(envelope.open_sealed(key, tenant, family_id, record.health)) if key else Health()
        except envelope.SealBroken:  # altered or moved: shown as unknown (null), never guessed; said without data
            logger.error("a child's health data does not open", extra={"family": family_id, "child": child_id})
            continue
        pickups = tuple(Pickup(**p) for p in json.loads(record.pickups))
        children[child_id] = ChildFile(child_id, family_id, health, record.photos, record.leave_alone, pickups)
    return FamilyFile(family_id, guardians, children)


def guardian_ids(tenant: TenantSlug, family_id: str) -> set[str]:
    items = query_items(
        (GuardianRecord,),
        hash_key=file_key(tenant, family_id),
        range_key_condition=GuardianRecord.sk.startswith(GUARDIAN_PREFIX),
    )
    return {str(r.sk).removeprefix(GUARDIAN_PREFIX) for r in items}


def data_key(tenant: TenantSlug, family_id: str) -> envelope.DataKey:
    """The family's data key: the stored one opened, or a new one stored (if two imports make one at once,
    the first stored wins and the other opens it)."""
    for _ in range(2):
        found = query_items(
            (FamilyKeyRecord,),
            hash_key=file_key(tenant, family_id),
            range_key_condition=FamilyKeyRecord.sk == KEY,
            consistent_read=True,
        )
        if found and isinstance(found[0], FamilyKeyRecord):
            return envelope.unwrap(tenant, family_id, found[0].wrapped)
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
    save_all(records)


def _guardian(record: GuardianRecord) -> Guardian:
    values: dict[str, Any] = json.loads(record.fields)
    address = values.pop("address")
    return Guardian(**values, address=Address(**address) if address else None)


def _health(plaintext: bytes) -> Health:
    values: dict[str, Any] = json.loads(plaintext)
    doctor = values.pop("doctor")
    return Health(**{**values, "allergies": tuple(values["allergies"])}, doctor=Doctor(**doctor) if doctor else None)
