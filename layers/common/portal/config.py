"""Runtime configuration, parsed once per container from the environment.

A missing or malformed variable fails loudly at cold start with its name,
never later with a mysterious ``None``.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    table_name: str = Field(alias="TABLE_NAME", min_length=1)
    signing_secret_id: str = Field(alias="SIGNING_SECRET_ID", min_length=1)
    documents_bucket: str = Field(alias="DOCUMENTS_BUCKET", min_length=1)
    region: str = Field(alias="AWS_REGION", min_length=1)
    token_issuer: str = Field(alias="TOKEN_ISSUER", default="espace-famille")
    # Every tenant-config read is cached this long per container.
    tenant_cache_seconds: int = Field(alias="TENANT_CACHE_SECONDS", default=300, ge=0)


@lru_cache(maxsize=1)
def settings() -> Settings:
    try:
        return Settings.model_validate(dict(os.environ))
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]) for e in exc.errors())
        raise RuntimeError(f"invalid or missing environment variables: {names}") from None
