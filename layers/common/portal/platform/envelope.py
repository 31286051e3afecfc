"""Envelope encryption of what families confide (health data): a data key per family, made and unwrapped
by the deployment's own KMS key, and AES-256-GCM with the tenant and the family as associated data.

The KMS key never leaves KMS: ``new_key`` asks it for a data key (its plaintext, to use now, and its
wrapped copy, to store beside the data); ``unwrap`` asks it to open a stored copy. Both name the tenant and
the family as KMS's encryption context, so a wrapped key copied to another family's item does not open
(and CloudTrail records whose key each call used). A sealed value is ``VERSION + nonce + ciphertext``, its
associated data the tenant and the family: moved to another family, it does not open either. A KMS failure
is a 503 with ``Retry-After`` (``translate_aws_errors``), before anything is written. The AES code is
``cryptography``'s, loaded on first use: only the functions that read or write a family's file pay it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from portal.kernel.ids import TenantSlug
from portal.platform.aws import client, translate_aws_errors
from portal.platform.config import settings

VERSION = b"\x01"
NONCE_BYTES = 12


class SealBroken(Exception):
    """A sealed value that does not open with its family's key (tampered with, or moved)."""


@dataclass(frozen=True)
class DataKey:
    """A family's data key: ``wrapped`` is stored, ``plaintext`` used and dropped (never logged or stored)."""

    wrapped: bytes
    plaintext: bytes = field(repr=False)


def new_key(tenant: TenantSlug, family_id: str) -> DataKey:
    """A new data key for a family (KMS GenerateDataKey)."""
    with translate_aws_errors():
        answer = client("kms").generate_data_key(
            KeyId=settings().health_key_id, KeySpec="AES_256", EncryptionContext=_context(tenant, family_id)
        )
    return DataKey(answer["CiphertextBlob"], answer["Plaintext"])


def unwrap(tenant: TenantSlug, family_id: str, wrapped: bytes) -> DataKey:
    """A family's stored data key, opened (KMS Decrypt, under the family's encryption context)."""
    with translate_aws_errors():
        answer = client("kms").decrypt(
            CiphertextBlob=wrapped, KeyId=settings().health_key_id, EncryptionContext=_context(tenant, family_id)
        )
    return DataKey(wrapped, answer["Plaintext"])


def seal(key: DataKey, tenant: TenantSlug, family_id: str, plaintext: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # on first use: ~50 ms of imports

    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key.plaintext).encrypt(nonce, plaintext, _associated(tenant, family_id))


def open_sealed(key: DataKey, tenant: TenantSlug, family_id: str, sealed: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag  # on first use, as seal's
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # on first use: ~50 ms of imports

    if sealed[:1] != VERSION or len(sealed) < 1 + NONCE_BYTES:
        raise SealBroken("not a sealed value of this version")
    nonce, ciphertext = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        return AESGCM(key.plaintext).decrypt(nonce, ciphertext, _associated(tenant, family_id))
    except InvalidTag:
        raise SealBroken("the value does not open with this family's key") from None


def _context(tenant: TenantSlug, family_id: str) -> dict[str, str]:
    return {"tenant": tenant, "family": family_id}


def _associated(tenant: TenantSlug, family_id: str) -> bytes:
    return f"{tenant}\n{family_id}".encode()
