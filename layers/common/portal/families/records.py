"""The family file's records in an import: ``guardian`` (1 to 4 a family, whose family must exist) and
``child_file`` (whose child must exist; stored in its family's partition, its health sealed with the
family's data key). Upserts: a record published again replaces the stored one; the town stays master."""

from __future__ import annotations

from typing import Any

from portal.billing import ledger
from portal.bookings import access
from portal.families import store
from portal.families.bodies import ChildFileIn, GuardianIn
from portal.families.model import Address, ChildFile, Doctor, Guardian, Health, Pickup
from portal.platform import parallel
from portal.platform.imports import Batch, ImportRun

MAX_GUARDIANS = 4


def file_records(run: ImportRun, guardians: Batch, files: Batch, families_in_file: set[str]) -> None:
    """Settle and store the file's records (the children of the file are stored before this pass)."""
    tenant = run.tenant
    accepted_guardians = _guardians(run, guardians, families_in_file)
    wanted = {record.child_id for _, record in files.records.values()}
    kids = access.children(tenant, wanted) if wanted else {}

    def check(_: str, record: ChildFileIn) -> tuple[str, str] | None:
        if record.child_id not in kids:
            return "unknown_child", f"No child {record.child_id!r} in this file or already published"
        return None

    accepted_files: list[ChildFileIn] = run.settle(files, check)
    child_files = [_child_file(record, kids[record.child_id].family_id) for record in accepted_files]
    families = sorted({f.family_id for f in child_files})
    keys = dict(zip(families, parallel.each(lambda family: store.data_key(tenant, family), families), strict=True))
    store.save(tenant, [_guardian(r) for r in accepted_guardians], child_files, keys)


def _guardians(run: ImportRun, batch: Batch, families_in_file: set[str]) -> list[GuardianIn]:
    tenant = run.tenant
    named = {record.family_id for _, record in batch.records.values()}
    known = families_in_file | set(ledger.families(tenant, named - families_in_file)) if named else set()
    held = {family: store.guardian_ids(tenant, family) for family in sorted(named & known)}

    def check(_: str, record: GuardianIn) -> tuple[str, str] | None:
        if record.family_id not in known:
            return "unknown_family", f"No family {record.family_id!r} in this file or already published"
        ids = held[record.family_id]
        if record.guardian_id not in ids and len(ids) >= MAX_GUARDIANS:
            return "too_many_guardians", f"A family has {MAX_GUARDIANS} guardians at most"
        ids.add(record.guardian_id)
        return None

    return run.settle(batch, check)


def _guardian(record: GuardianIn) -> Guardian:
    address = record.address
    return Guardian(
        guardian_id=record.guardian_id,
        family_id=record.family_id,
        civility=record.civility,
        last_name=record.last_name,
        first_name=record.first_name,
        relationship=record.relationship,
        email=record.email,
        mobile_phone=record.mobile_phone,
        home_phone=record.home_phone,
        work_phone=record.work_phone,
        address=Address(address.line1, address.line2, address.postcode, address.city) if address else None,
        payer=record.payer,
    )


def _child_file(record: ChildFileIn, family_id: str) -> ChildFile:
    doctor: Any = record.doctor
    health = Health(
        diet=record.diet,
        allergies=tuple(record.allergies),
        pai=record.pai,
        doctor=Doctor(doctor.name, doctor.phone) if doctor else None,
        medical_notes=record.medical_notes,
    )
    pickups = tuple(Pickup(p.name, p.phone, p.relationship) for p in record.pickups)
    rights = record.authorisations
    return ChildFile(record.child_id, family_id, health, rights.photos, rights.leave_alone, pickups)
