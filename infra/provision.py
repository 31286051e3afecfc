"""Create the template's AWS resources on a stand-in (moto), for the local stack and tests."""

from __future__ import annotations

import secrets
from typing import Any

from . import events, template

LOCAL_REGION = "eu-west-3"
LOCAL_SENDER_DOMAIN = "portail.localhost"
PHYSICAL_NAMES = {
    "DataTable": "portal-local",
    "SigningSecret": "portal-local-signing-secret",
    "DocumentsBucket": "portal-local-documents",
    # Every queue (!Ref: its URL) and topic (!Ref: its ARN) of the template, named after its logical id.
    **events.physical_names(),
}
LOCAL_ANSWER_FLOOR_MS = "250"
# The stand-in's services, one client each for ``provision``.
SERVICES = ("dynamodb", "secretsmanager", "ses", "s3", "sqs", "sns")


def serialize_dynamodb() -> None:
    """Make the stand-in's DynamoDB take one request at a time, as its items are written atomically.

    moto's in-process TransactWriteItems deep-copies the table to roll back,
    which breaks ("dictionary changed size during iteration") when another
    thread writes meanwhile; DynamoDB itself has no such race. One lock around
    moto's DynamoDB request handling, for the tests and the local stack alike.
    """
    import threading

    from moto.dynamodb.responses import DynamoHandler

    if getattr(DynamoHandler, "_portal_serialized", False):
        return
    lock = threading.RLock()
    handle = DynamoHandler.call_action

    def call_action(self: DynamoHandler) -> Any:
        with lock:
            return handle(self)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]  # patching the stand-in
    DynamoHandler._portal_serialized = True  # type: ignore[attr-defined]  # a marker: patch once


def local_environment() -> dict[str, str]:
    """Environment of every function on the stand-in: the template's, names resolved locally."""
    env: dict[str, str] = {}
    for function in template.resources("AWS::Serverless::Function"):
        env.update(template.function_environment(function, PHYSICAL_NAMES))
    # The stand-in answers in milliseconds where AWS takes tens of them (and argon2 has a whole core):
    # the routes that answer after a fixed time (registration, resend, reset) use one that fits it.
    env["ANSWER_FLOOR_MS"] = LOCAL_ANSWER_FLOOR_MS
    return env


def provision(clients: dict[str, Any], redelivery_scale: float = 0.0) -> None:
    """Create table, signing secret, SES sender identity, bucket, and the template's queues and topics
    through the given clients. ``redelivery_scale`` multiplies the queues' visibility timeouts: 0 (the
    tests) shows a failed message again at once, the local stack passes ``events.REDELIVERY_SCALE``."""
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
    events.provision(clients, PHYSICAL_NAMES, scale=redelivery_scale)
