"""Create the template's AWS resources on a stand-in (moto), for the local stack and tests.

Every resource has a physical name derived from its logical id (``PHYSICAL_NAMES``, ``stand_in_names``), and
the template's intrinsic functions resolve to those names (``resolve``). ``provision`` creates the table, the
signing secret, the sender identity, the bucket, and the template's queues (their VisibilityTimeout,
RedrivePolicy and maxReceiveCount) and topics, and turns on the buckets' EventBridge notifications as the
template says. Running the event sources on those resources is ``infra.events``' job.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
from typing import Any

from . import template as cfn

LOCAL_REGION = "eu-west-3"
LOCAL_SENDER_DOMAIN = "portail.localhost"
ACCOUNT = "123456789012"  # the stand-in's (moto's) account
STACK = "portal-local"  # AWS::StackName on the stand-in, and the prefix of every physical name
LOCAL_ANSWER_FLOOR_MS = "250"
# The stand-in's services, one client each for ``provision``.
SERVICES = ("dynamodb", "secretsmanager", "ses", "s3", "sqs", "sns", "kms")
# A queue's properties that become its attributes as they are, and those that are booleans.
QUEUE_ATTRIBUTES = ("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds")
QUEUE_FLAGS = ("FifoQueue", "ContentBasedDeduplication")


# --- physical names and intrinsic functions ---------------------------------------------------------


def region() -> str:
    return os.environ.get("AWS_REGION", LOCAL_REGION)


def queue_name(logical_id: str) -> str:
    return f"{STACK}-{logical_id}"


def queue_url(name: str) -> str:
    # The stand-in finds a queue by the URL's last segment, whatever its host.
    return f"https://sqs.{region()}.amazonaws.com/{ACCOUNT}/{name}"


def queue_arn(name: str) -> str:
    return f"arn:aws:sqs:{region()}:{ACCOUNT}:{name}"


def topic_arn(name: str) -> str:
    return f"arn:aws:sns:{region()}:{ACCOUNT}:{name}"


def physical_names(template: dict[str, Any] | None = None) -> dict[str, str]:
    """What ``!Ref`` answers for the template's queues (their URL) and topics (their ARN) on the stand-in."""
    names = {}
    for logical_id, resource in (template or cfn.load())["Resources"].items():
        if resource["Type"] == "AWS::SQS::Queue":
            names[logical_id] = queue_url(queue_name(logical_id))
        elif resource["Type"] == "AWS::SNS::Topic":
            names[logical_id] = topic_arn(queue_name(logical_id))
    return names


PHYSICAL_NAMES = {
    "DataTable": "portal-local",
    "SigningSecret": "portal-local-signing-secret",
    "DocumentsBucket": "portal-local-documents",
    "HealthDataKey": "alias/portal-local-health-data",  # !Ref: the key's alias, which KMS calls take as KeyId
    # Every queue (!Ref: its URL) and topic (!Ref: its ARN) of the template, named after its logical id.
    **physical_names(),
}


def stand_in_names(template: dict[str, Any] | None = None) -> dict[str, str]:
    """What ``!Ref`` answers on the stand-in for every resource the local stack creates."""
    return {**PHYSICAL_NAMES, **physical_names(template)}


def attribute(logical_id: str, name: str, template: dict[str, Any], names: dict[str, str]) -> str:
    """``!GetAtt logical_id.name`` on the stand-in."""
    kind = template["Resources"][logical_id]["Type"]
    ref = names[logical_id]
    if kind == "AWS::SQS::Queue":
        plain = ref.rsplit("/", 1)[-1]
        return {"Arn": queue_arn(plain), "QueueName": plain, "QueueUrl": ref}[name]
    if kind == "AWS::SNS::Topic":
        return {"TopicArn": ref, "TopicName": ref.rsplit(":", 1)[-1]}[name]
    if kind == "AWS::S3::Bucket":
        return {"Arn": f"arn:aws:s3:::{ref}"}[name]
    if kind == "AWS::KMS::Key":
        return {"Arn": f"arn:aws:kms:{region()}:{ACCOUNT}:{ref}"}[name]
    raise ValueError(f"cannot resolve !GetAtt {logical_id}.{name} locally")


def resolve(value: Any, template: dict[str, Any], names: dict[str, str]) -> Any:
    """A template value with ``!Ref``, ``!GetAtt`` and ``!Sub`` resolved to the stand-in's names."""
    if isinstance(value, list):
        return [resolve(v, template, names) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        pseudo = {"AWS::StackName": STACK, "AWS::Region": region(), "AWS::AccountId": ACCOUNT}
        return pseudo.get(value["Ref"]) or names[value["Ref"]]
    if set(value) == {"Fn::GetAtt"}:
        logical_id, name = value["Fn::GetAtt"]
        return attribute(logical_id, name, template, names)
    if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):

        def substitute(found: Any) -> str:
            ref, _, name = found.group(1).partition(".")
            if name:
                return attribute(ref, name, template, names)
            return str(resolve({"Ref": ref}, template, names))

        return re.sub(r"\$\{([^}!]+)\}", substitute, value["Fn::Sub"])
    return {k: resolve(v, template, names) for k, v in value.items()}


# --- the stand-in's behaviour and the functions' environment ----------------------------------------


def serialize_dynamodb() -> None:
    """Make the stand-in's DynamoDB take one request at a time, as its items are written atomically.

    moto's in-process DynamoDB is not safe across threads: a request that walks
    a table (a transaction's rollback copy, a scan, an index query) breaks
    ("dictionary changed size during iteration") when another thread writes
    meanwhile; DynamoDB itself has no such race. One lock around moto's
    DynamoDB request handling, for the tests and the local stack alike.
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
    for function in cfn.resources("AWS::Serverless::Function"):
        env.update(cfn.function_environment(function, PHYSICAL_NAMES))
    # The stand-in answers in milliseconds where AWS takes tens of them (and argon2 has a whole core):
    # the routes that answer after a fixed time (registration, resend, reset) use one that fits it.
    env["ANSWER_FLOOR_MS"] = LOCAL_ANSWER_FLOOR_MS
    # One process runs every function here, and the stand-in's SES has no sending rate: pacing the bulk
    # consumers' mails would pace every mail of the stack (the pace is tested on its own).
    env["MAIL_SEND_RATE"] = "0"
    return env


# --- the template's resources on the stand-in ------------------------------------------------------


def provision(clients: dict[str, Any], redelivery_scale: float = 0.0) -> None:
    """Create table, signing secret, SES sender identity, bucket, health data key, and the template's queues and topics
    through the given clients. ``redelivery_scale`` multiplies the queues' visibility timeouts: 0 (the
    tests) shows a failed message again at once, the local stack passes ``events.REDELIVERY_SCALE``."""
    ddb = clients["dynamodb"]
    ddb.create_table(TableName=PHYSICAL_NAMES["DataTable"], **cfn.table_definition())
    ttl = cfn.ttl_attribute()
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
    bucket = cfn.load()["Resources"]["DocumentsBucket"]["Properties"]
    cors = bucket.get("CorsConfiguration")
    if cors:  # as the template's: a browser posts a paper's file with its presigned POST
        rules = [  # CloudFormation's names, as S3's API spells them
            {{"MaxAge": "MaxAgeSeconds"}.get(name, name): value for name, value in rule.items()}
            for rule in cors["CorsRules"]
        ]
        clients["s3"].put_bucket_cors(Bucket=PHYSICAL_NAMES["DocumentsBucket"], CORSConfiguration={"CORSRules": rules})
    versioning = bucket.get("VersioningConfiguration")
    if versioning:  # as the template's: a file posted over a checked one is a version of its own
        clients["s3"].put_bucket_versioning(
            Bucket=PHYSICAL_NAMES["DocumentsBucket"], VersioningConfiguration={"Status": versioning["Status"]}
        )
    key = clients["kms"].create_key(Description="the health data key", KeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    clients["kms"].create_alias(AliasName=PHYSICAL_NAMES["HealthDataKey"], TargetKeyId=key["KeyId"])
    provision_messaging(clients, PHYSICAL_NAMES, scale=redelivery_scale)


def provision_messaging(
    clients: dict[str, Any], names: dict[str, str], scale: float = 0.0, template: dict[str, Any] | None = None
) -> None:
    """Create the template's queues and topics, and turn on its buckets' EventBridge notifications.

    A queue keeps its attributes, RedrivePolicy (dead-letter queue and maxReceiveCount) included; its
    VisibilityTimeout is multiplied by ``scale``, rounded up (0: a failed message is visible again at once)."""
    template = template or cfn.load()
    queues = {k: r for k, r in template["Resources"].items() if r["Type"] == "AWS::SQS::Queue"}
    for logical_id, resource in queues.items():  # every queue first: a redrive policy names another one
        name = names[logical_id].rsplit("/", 1)[-1]
        clients["sqs"].create_queue(QueueName=name, Attributes=queue_attributes(resource, scale))
    for logical_id, resource in queues.items():
        redrive = (resource.get("Properties") or {}).get("RedrivePolicy")
        if redrive:
            policy = {key: resolve(value, template, names) for key, value in redrive.items()}
            clients["sqs"].set_queue_attributes(
                QueueUrl=names[logical_id], Attributes={"RedrivePolicy": json.dumps(policy)}
            )
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] == "AWS::SNS::Topic":
            clients["sns"].create_topic(Name=names[logical_id].rsplit(":", 1)[-1])
        elif resource["Type"] == "AWS::S3::Bucket" and logical_id in names and sends_to_eventbridge(resource):
            clients["s3"].put_bucket_notification_configuration(
                Bucket=names[logical_id], NotificationConfiguration={"EventBridgeConfiguration": {}}
            )


def queue_attributes(resource: dict[str, Any], scale: float) -> dict[str, str]:
    """A template queue's attributes on the stand-in, its VisibilityTimeout multiplied by ``scale``."""
    properties = resource.get("Properties") or {}
    attributes = {key: str(value) for key, value in properties.items() if key in QUEUE_ATTRIBUTES}
    attributes |= {key: str(value).lower() for key, value in properties.items() if key in QUEUE_FLAGS}
    attributes["VisibilityTimeout"] = str(math.ceil(int(properties.get("VisibilityTimeout", 30)) * scale))
    return attributes


def sends_to_eventbridge(bucket: dict[str, Any]) -> bool:
    """Whether a template bucket turns on its EventBridge notifications."""
    notifications = (bucket.get("Properties") or {}).get("NotificationConfiguration") or {}
    return bool((notifications.get("EventBridgeConfiguration") or {}).get("EventBridgeEnabled"))
