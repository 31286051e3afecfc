"""Helpers the functional tests share: calling handlers, accounts, records, the table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import boto3

from infra import template
from infra.lambdas import api_event, invoke
from infra.outbox import messages
from infra.provision import LOCAL_REGION, PHYSICAL_NAMES

from ..helpers import encode_request

TENANT = "ville-test"
ORIGIN = "https://portail.ville-test.fr"
OTHER = "paul.durand@example.org"  # a second citizen


def reset_container_caches() -> None:
    """What a fresh Lambda container would not have: cached clients, keys, tenants and feed days."""
    from portal.platform import aws, marks, signing
    from portal.tenancy import tenants

    aws.client.cache_clear()
    signing._master_secret.cache_clear()
    signing.purpose_key.cache_clear()
    tenants._cache.clear()
    marks._marked.clear()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text)


def call(
    method: str,
    path: str,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    token: str | None = None,
    query: dict[str, Any] | None = None,
    source_ip: str = "127.0.0.1",
) -> Reply:
    """Invoke the handler that template.yaml routes ``method path`` to, with an API Gateway event
    (``source_ip``: the caller's address as API Gateway reports it).

    Routed as API Gateway does (``template.resolve``): the most specific resource, then its method only."""
    route, _ = template.resolve(method, path)
    if route is None:
        raise AssertionError(f"no route for {method} {path}")
    params = route.match(path) or {}
    raw, headers = encode_request(body, raw=raw, token=token, headers=headers)
    query_lists = {name: [str(value)] for name, value in (query or {}).items()}
    event = api_event(route, path, params, headers=headers, body=raw, query=query_lists, source_ip=source_ip)
    result = invoke(route, event)
    return Reply(result["statusCode"], result["headers"], result["body"])


def outbox() -> list[dict[str, Any]]:
    return messages(LOCAL_REGION)


def link_token(mail: dict[str, Any], page: str = "activation") -> str:
    """The token of the portal link to ``page`` (/activation, /mot-de-passe, /email) in a mail."""
    from urllib.parse import parse_qs, urlsplit

    link = next(word for word in mail["text"].split() if f"/{page}?token=" in word)
    return parse_qs(urlsplit(link).query)["token"][0]


def activation_token(mail: dict[str, Any]) -> str:
    return link_token(mail, "activation")


def mails_to(email: str) -> list[dict[str, Any]]:
    return [mail for mail in outbox() if mail["to"] == [email]]


NEW_ACCOUNT = {
    "civility": "MME",
    "last_name": "Martin",
    "first_name": "Léa",
    "email": "lea.martin@example.org",
    "password": "Cantine2024!",
    "password_confirmation": "Cantine2024!",
    "terms_accepted": True,
}


def register(**changes: Any) -> Reply:
    return call("POST", f"/{TENANT}/accounts", {**NEW_ACCOUNT, **changes})


def active_account(email: str = NEW_ACCOUNT["email"], password: str = NEW_ACCOUNT["password"]) -> str:
    """Register and activate an account; return a fresh access token."""
    assert register(email=email, password=password, password_confirmation=password).status == 202
    token = activation_token(outbox()[-1])
    assert call("POST", f"/{TENANT}/accounts/activation", {"token": token}).status == 200
    reply = call("POST", f"/{TENANT}/sessions", {"email": email, "password": password})
    assert reply.status == 200, reply.text
    return reply.json["access_token"]


# --- least privilege: what a function calls must be in its policy ------------------------

# Calls whose IAM action is another operation's.
ACTION_OF = {"s3.HeadObject": "s3:GetObject", "sqs.SendMessageBatch": "sqs:SendMessage"}
# A transaction is authorised item by item.
TRANSACTION_PARTS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
}


def iam_actions(call: str, params: dict[str, Any]) -> set[str]:
    """The IAM actions an AWS call ("service.Operation") needs."""
    service, operation = call.split(".")
    if call == "dynamodb.TransactWriteItems":
        return {f"dynamodb:{TRANSACTION_PARTS[kind]}" for item in params["TransactItems"] for kind in item}
    if call == "s3.CopyObject":  # reads the source (that version of it, if named) and writes the copy
        source = params["CopySource"]
        versioned = (isinstance(source, dict) and "VersionId" in source) or "versionId=" in str(source)
        return {"s3:GetObjectVersion" if versioned else "s3:GetObject", "s3:PutObject"}
    if call in ("s3.GetObject", "s3.DeleteObject") and "VersionId" in params:  # one version of an object
        return {f"s3:{operation}Version"}
    return {ACTION_OF.get(call, f"{service}:{operation}")}


def allowed_actions(function: str, on_index: bool = False) -> set[str]:
    """Every action the template's inline policy statements grant to a function (``on_index``: on the
    table's indexes, which a Query with an ``IndexName`` needs beside the table)."""
    allowed: set[str] = set()
    for policy in template.load()["Resources"][function]["Properties"].get("Policies", []):
        for statement in policy.get("Statement", []) if isinstance(policy, dict) else []:
            if on_index and "/index/" not in str(statement.get("Resource")):
                continue
            actions = statement["Action"]
            allowed |= {actions} if isinstance(actions, str) else set(actions)
    return allowed


def stored_account(email: str = NEW_ACCOUNT["email"], tenant: str = TENANT):
    """The account owning an email, as the store returns it (None if there is none)."""
    from portal.accounts.store import find_by_email

    return find_by_email(tenant, email)


def account_item(email: str = NEW_ACCOUNT["email"]) -> dict[str, Any]:
    """The account's item as stored, every attribute (what a copy of the table would reveal)."""
    from boto3.dynamodb.types import TypeDeserializer

    from portal.accounts.store import PROFILE, account_key

    key = {"pk": {"S": account_key(TENANT, stored_account(email).account_id)}, "sk": {"S": PROFILE}}
    item = boto3.client("dynamodb").get_item(TableName=PHYSICAL_NAMES["DataTable"], Key=key)["Item"]
    return {name: TypeDeserializer().deserialize(value) for name, value in item.items()}


def update_account(email: str, **values: Any) -> None:
    """Change stored attributes of an account behind the API's back (what an operator or time would do)."""
    from portal.accounts.store import PROFILE, AccountRecord, account_key

    account = stored_account(email)
    record = AccountRecord(account_key(TENANT, account.account_id), PROFILE)
    record.update(actions=[getattr(AccountRecord, name).set(value) for name, value in values.items()])


def delete_account_item(email: str) -> None:
    from portal.accounts.store import PROFILE, AccountRecord, account_key

    AccountRecord(account_key(TENANT, stored_account(email).account_id), PROFILE).delete()


def table_items() -> list[dict[str, Any]]:
    """Every item of the table but the usage counters, sorted by key (a test-only Scan). Counters count
    every answered request, rejected ones included (the usage report's contract): they are not data."""
    items = boto3.client("dynamodb").scan(TableName=PHYSICAL_NAMES["DataTable"])["Items"]
    data = [i for i in items if i["sk"]["S"] != "USAGE"]
    return sorted(data, key=lambda i: (i["pk"]["S"], i["sk"]["S"]))


# --- records as the billing software sends them ----------------------------------


def family(family_id: str = "F-001", code: str | None = "FAM-7Q2K-9XWD", label: str = "Famille MARTIN") -> dict:
    record = {"type": "family", "family_id": family_id, "label": label}
    if code is not None:
        record["subscriber_code"] = code
    return record


def invoice(invoice_id: str = "2019-06-0042", family_id: str = "F-001", **changes: Any) -> dict:
    return {
        "type": "invoice",
        "invoice_id": invoice_id,
        "family_id": family_id,
        "number": invoice_id,
        "reference": f"R-{invoice_id}",
        "emission_code": "EM-2019-06",
        "personal_code": "PC-12345",
        "date": "2019-06-01",
        "due_date": "2019-06-30",
        "issuer": "Régie Enfance",
        "nature": "Restauration scolaire",
        "amount": "6.40",
        "lines": [{"label": "Repas", "quantity": 2, "unit_price": "3.20", "amount": "6.40"}],
        **changes,
    }


def payment(invoice_id: str = "2019-06-0042", number: str = "100509454", amount: str = "6.40", **changes: Any) -> dict:
    return {
        "type": "payment",
        "invoice_id": invoice_id,
        "number": number,
        "payment_type": "Carte bancaire",
        "date": "2019-06-21",
        "amount": amount,
        "description": "Règlement en ligne - Transaction n° 3fe5d",
        **changes,
    }


def ndjson(*records: dict | str) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records).encode() + b"\n"


def send(admin_key: str, *records: dict | str, tenant: str = TENANT):
    return call(
        "POST",
        f"/{tenant}/admin/imports",
        raw=ndjson(*records),
        headers={"Content-Type": "application/x-ndjson", "X-Api-Key": admin_key},
    )


def upload_pdf(admin_key: str, invoice_id: str, data: bytes, content_type: str = "application/pdf"):
    return call(
        "PUT",
        f"/{TENANT}/admin/invoices/{invoice_id}/pdf",
        raw=data,
        headers={"Content-Type": content_type, "X-Api-Key": admin_key},
    )


def stored_invoice(invoice_id: str) -> dict:
    """The invoice as a citizen would see it, read straight from the store."""
    from dataclasses import asdict

    from portal.billing.invoices import view
    from portal.billing.store import billed_invoice

    return json.loads(json.dumps(asdict(view(billed_invoice(TENANT, invoice_id)))))  # as the API answers it


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
