"""Create the template's AWS resources on a stand-in (moto), for the local stack and tests."""

from __future__ import annotations

import secrets
from typing import Any

from . import template

LOCAL_REGION = "eu-west-3"
LOCAL_SENDER_DOMAIN = "portail.localhost"
QUEUE = "portal-local-notifications"
PHYSICAL_NAMES = {
    "DataTable": "portal-local",
    "SigningSecret": "portal-local-signing-secret",
    "DocumentsBucket": "portal-local-documents",
    # !Ref of a queue is its URL; the stand-in finds a queue by the URL's last segment.
    "NotificationsQueue": f"https://sqs.{LOCAL_REGION}.amazonaws.com/123456789012/{QUEUE}",
}
LOCAL_ANSWER_FLOOR_MS = "250"
# The stand-in's services, one client each for ``provision``.
SERVICES = ("dynamodb", "secretsmanager", "ses", "s3", "sqs")


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
    clients["sqs"].create_queue(QueueName=QUEUE, Attributes={"VisibilityTimeout": "0"})
    clients["s3"].create_bucket(
        Bucket=PHYSICAL_NAMES["DocumentsBucket"],
        CreateBucketConfiguration={"LocationConstraint": LOCAL_REGION},
    )
