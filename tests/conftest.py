"""Test set-up shared by every layer of tests.

The environment is the template's (names resolved to the stand-in's), set
before any ``portal`` module is imported, exactly as Lambda would set it.
"""

from __future__ import annotations

import functools
import os

import botocore.session

# moto first: botocore clients get its (inactive until mock_aws) stubber only if
# moto is imported before they are created, and handlers create theirs at import.
import moto  # noqa: F401

from infra.lambdas import use_layer
from infra.provision import LOCAL_REGION, local_environment, serialize_dynamodb

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": LOCAL_REGION,
        "AWS_DEFAULT_REGION": LOCAL_REGION,
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "INFO",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.update(local_environment())
# The routes that answer after a fixed time (registration, resend, reset) have that floor pinned with a
# fake clock (test_account_care); the handlers the tests call in-process wait a short one, not the local
# stack's, so the suite's hundreds of registrations do not sleep minutes away. The local stack keeps its own.
os.environ["ANSWER_FLOOR_MS"] = "10"
use_layer()
serialize_dynamodb()

# Each test is a fresh Lambda container (``reset_container_caches``: new clients, new sessions), but the
# botocore data a session loads (service models, endpoints: JSON files read at each client's creation)
# never changes: one loader per process serves every session, as it would the life of one container.
botocore.session.create_loader = functools.cache(botocore.session.create_loader)  # type: ignore[attr-defined]
