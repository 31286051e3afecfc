"""Tenant configuration records."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, PutError

from .errors import is_conditional_failure, translate_aws_errors
from .models import TenantRecord


def get_tenant(slug: str) -> TenantRecord | None:
    with translate_aws_errors():
        try:
            return TenantRecord.get(TenantRecord.key(slug), "CONFIG")
        except DoesNotExist:
            return None


def insert_tenant(record: TenantRecord) -> bool:
    """Store a new tenant; False if the slug is taken."""
    with translate_aws_errors():
        try:
            record.save(condition=TenantRecord.pk.does_not_exist())
        except PutError as exc:
            if is_conditional_failure(exc):
                return False
            raise
    return True
