"""Test set-up shared by every layer of tests.

The environment is the template's (names resolved to the stand-in's), set
before any ``portal`` module is imported, exactly as Lambda would set it.
"""

from __future__ import annotations

import os

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
use_layer()
serialize_dynamodb()
