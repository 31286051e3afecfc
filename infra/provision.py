"""Create the template's AWS resources on a stand-in (moto), for the local stack and tests."""

from __future__ import annotations

import secrets
from typing import Any

from . import template

LOCAL_REGION = "eu-west-3"
LOCAL_SENDER_DOMAIN = "portail.localhost"
PHYSICAL_NAMES = {
    "DataTable": "portal-local",
    "SigningSecret": "portal-local-signing-secret",
    "DocumentsBucket": "portal-local-documents",
}


def local_environment() -> dict[str, str]:
    """Environment of every function on the stand-in: the template's, names resolved locally."""
    env: dict[str, str] = {}
    for function in template.resources("AWS::Serverless::Function"):
        env.update(template.function_environment(function, PHYSICAL_NAMES))
    return env


def provision(clients: dict[str, Any]) -> None:
    """Create table, signing secret and SES sender identity through the given clients."""
    ddb = clients["dynamodb"]
    ddb.create_table(TableName=PHYSICAL_NAMES["DataTable"], **template.table_definition())
    ttl = template.ttl_attribute()
    if ttl:
        ddb.update_time_to_live(
            TableName=PHYSICAL_NAMES["DataTable"],
            TimeToLiveSpecification={"AttributeName": ttl, "Enabled": True},
        )
    clients["secretsmanager"].create_secret(
        Name=PHYSICAL_NAMES["SigningSecret"], SecretString=secrets.token_urlsafe(48)
    )
    clients["ses"].verify_domain_identity(Domain=LOCAL_SENDER_DOMAIN)
    clients["s3"].create_bucket(
        Bucket=PHYSICAL_NAMES["DocumentsBucket"],
        CreateBucketConfiguration={"LocationConstraint": LOCAL_REGION},
    )
