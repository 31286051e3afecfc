"""The family's file ("Mon dossier"): the guardians and children's files the town publishes, read by the
family's followers, the health fields sealed at rest with the family's data key (KMS, on moto)."""

from __future__ import annotations

import json
import logging

import boto3
import pytest

from infra.provision import PHYSICAL_NAMES

from .bookings_world import EMAIL, child
from .helpers import TENANT, active_account, call, family, send

GUARDIAN = {
    "type": "guardian",
    "guardian_id": "R-001",
    "family_id": "F-001",
    "civility": "MME",
    "last_name": "MARTIN",
    "first_name": "Léa",
    "relationship": "mère",
    "email": "lea@example.org",
    "mobile_phone": "06 12 34 56 78",
    "home_phone": None,
    "work_phone": "+33 5 61 00 00 00",
    "address": {"line1": "3 rue des Lilas", "line2": None, "postcode": "31000", "city": "Toulouse"},
    "payer": True,
}
CHILD_FILE = {
    "type": "child_file",
    "child_id": "E-001",
    "diet": "sans_porc",
    "allergies": ["arachide"],
    "pai": False,
    "doctor": {"name": "Dr Roux", "phone": "0561999999"},
    "medical_notes": "Asthme d'effort",
    "authorisations": {"photos": True, "leave_alone": False},
    "pickups": [{"name": "Jean MARTIN", "phone": "06.00.00.00.00", "relationship": "grand-père"}],
}


@pytest.fixture
def follower(tenant):
    """Family F-001 with Lucas (E-001) and its file; an activated parent following it."""
    assert send(tenant, family(), child(), GUARDIAN, CHILD_FILE).json == {"accepted": 4, "rejected": []}
    token = active_account(EMAIL)
    assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=token).status == 201
    return token


def read_file(token: str, family_id: str = "F-001"):
    return call("GET", f"/{TENANT}/families/{family_id}/file", token=token)


def test_a_follower_reads_the_file_as_published_phones_as_plus_33(follower):
    reply = read_file(follower)

    assert reply.status == 200
    body = reply.json
    assert (body["family_id"], body["label"], body["certified_at"], body["certification_due"]) == (
        "F-001",
        "Famille MARTIN",
        None,
        False,
    )
    [guardian] = body["guardians"]
    assert (guardian["mobile_phone"], guardian["work_phone"], guardian["home_phone"]) == (
        "+33612345678",
        "+33561000000",
        None,
    )
    assert guardian["address"] == {"line1": "3 rue des Lilas", "line2": None, "postcode": "31000", "city": "Toulouse"}
    [kid] = body["children"]
    assert (kid["child_id"], kid["first_name"], kid["class"], kid["diet"], kid["allergies"]) == (
        "E-001",
        "Lucas",
        "CE2",
        "sans_porc",
        ["arachide"],
    )
    assert kid["doctor"] == {"name": "Dr Roux", "phone": "+33561999999"}
    assert kid["medical_notes"] == "Asthme d'effort"
    assert kid["authorisations"] == {"photos": True, "leave_alone": False}
    assert kid["pickups"] == [{"name": "Jean MARTIN", "phone": "+33600000000", "relationship": "grand-père"}]


def test_a_child_without_a_published_file_has_its_file_fields_null(follower, tenant):
    send(tenant, child("E-002", first_name="Emma"))

    emma = next(k for k in read_file(follower).json["children"] if k["child_id"] == "E-002")

    assert [emma[f] for f in ("diet", "allergies", "pai", "doctor", "medical_notes", "authorisations", "pickups")] == [
        None
    ] * 7


def test_health_fields_are_never_stored_readable(follower):
    client = boto3.client("dynamodb")
    items = client.query(
        TableName=PHYSICAL_NAMES["DataTable"],
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"TENANT#{TENANT}#FAMILYFILE#F-001"}},
    )["Items"]
    raw = json.dumps(items, default=str)

    assert {item["sk"]["S"] for item in items} == {"GUARDIAN#R-001", "CHILD#E-001", "KEY"}
    for secret in ("arachide", "Roux", "Asthme", "sans_porc", "0561999999", "+33561999999"):
        assert secret not in raw


def test_a_sealed_file_moved_to_another_family_does_not_open(follower, tenant):
    from portal.families import store
    from portal.platform import envelope

    send(tenant, family("F-002", code="FAM-AAAA-BBBB", label="Famille B"), child("E-009", family_id="F-002"))
    send(tenant, dict(CHILD_FILE, child_id="E-009"))
    lucas = boto3.client("dynamodb").get_item(
        TableName=PHYSICAL_NAMES["DataTable"],
        Key={"pk": {"S": store.file_key(TENANT, "F-001")}, "sk": {"S": "CHILD#E-001"}},
    )["Item"]["health"]["B"]
    other = store.data_key(TENANT, "F-002")

    with pytest.raises(envelope.SealBroken):
        envelope.open_sealed(other, TENANT, "F-002", lucas)


def test_another_family_s_file_or_an_unknown_one_is_404_family_not_found(follower, tenant):
    send(tenant, family("F-002", code="FAM-AAAA-BBBB", label="Famille B"))

    for family_id in ("F-002", "F-404", "not an id"):
        reply = read_file(follower, family_id)
        assert (reply.status, reply.json["code"]) == (404, "family_not_found")


@pytest.mark.parametrize(
    ("record", "code"),
    [
        (dict(GUARDIAN, family_id="F-404"), "unknown_family"),
        (dict(CHILD_FILE, child_id="E-404"), "unknown_child"),
        (dict(GUARDIAN, mobile_phone="12345"), "invalid_record"),
        (dict(GUARDIAN, address=dict(GUARDIAN["address"], postcode="3100")), "invalid_record"),
        (dict(GUARDIAN, email="not-an-email"), "invalid_record"),
        (dict(CHILD_FILE, diet="paleo"), "invalid_record"),
        (dict(CHILD_FILE, allergies=["a"] * 21), "invalid_record"),
        (dict(CHILD_FILE, allergies=["arachide", "Arachide"]), "invalid_record"),
        (dict(CHILD_FILE, pickups=[CHILD_FILE["pickups"][0]] * 11), "invalid_record"),
        (dict(CHILD_FILE, medical_notes="a\u0000b"), "invalid_record"),
        (dict(CHILD_FILE, blood_group="O+"), "invalid_record"),
    ],
)
def test_a_bad_file_record_is_rejected_alone_with_its_code(follower, tenant, record, code):
    reply = send(tenant, record, dict(GUARDIAN, guardian_id="R-002", first_name="Paul"))

    assert reply.json["accepted"] == 1 and [r["code"] for r in reply.json["rejected"]] == [code]


def test_a_family_holds_four_guardians_at_most(follower, tenant):
    more = [dict(GUARDIAN, guardian_id=f"R-00{n}", first_name=f"G{n}") for n in range(2, 6)]

    reply = send(tenant, *more)

    assert reply.json["accepted"] == 3
    assert [(r["line"], r["code"]) for r in reply.json["rejected"]] == [(4, "too_many_guardians")]
    assert len(read_file(follower).json["guardians"]) == 4


def test_a_kms_failure_is_a_503_with_retry_after_and_no_allergy_in_any_log(follower, caplog, monkeypatch):
    from botocore.exceptions import ClientError

    from portal.platform import aws

    caplog.set_level(logging.DEBUG)
    assert "arachide" in json.dumps(read_file(follower).json)
    kms = aws.client("kms")

    def unavailable(**kwargs):
        raise ClientError({"Error": {"Code": "KMSInternalException", "Message": "down"}}, "Decrypt")

    monkeypatch.setattr(kms, "decrypt", unavailable)
    reply = read_file(follower)

    assert (reply.status, reply.json["code"]) == (503, "service_unavailable")
    assert reply.headers.get("Retry-After")
    assert "arachide" not in caplog.text and "Roux" not in caplog.text


def test_a_tampered_health_value_shows_as_unknown_never_a_500_nor_its_content(follower):
    from portal.families import store

    client, key = boto3.client("dynamodb"), {"pk": {"S": store.file_key(TENANT, "F-001")}, "sk": {"S": "CHILD#E-001"}}
    sealed = client.get_item(TableName=PHYSICAL_NAMES["DataTable"], Key=key)["Item"]["health"]["B"]
    client.update_item(
        TableName=PHYSICAL_NAMES["DataTable"],
        Key=key,
        UpdateExpression="SET health = :h",
        ExpressionAttributeValues={":h": {"B": sealed[:-1] + bytes([sealed[-1] ^ 1])}},
    )

    reply = read_file(follower)

    assert reply.status == 200
    [kid] = reply.json["children"]
    assert (kid["diet"], kid["allergies"], kid["medical_notes"]) == (None, None, None)
