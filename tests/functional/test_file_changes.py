"""A parent changes the family's file (API.md v1.3, "The family's file"): one ``file_change`` request with
each field's old and new value, pending until the town decides (the file takes it when accepted) or applied
at once for the groups the tenant says; all or nothing on a bad change; health values sealed in the request
too; the file certified by a follower when the tenant asks for it. The real handlers on moto, at the
bookings tests' fixed moment (1 December 2026, 09:00 in Paris)."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from infra.provision import PHYSICAL_NAMES

from .bookings_world import EMAIL, child, deliver_queued
from .helpers import OTHER, TENANT, active_account, call, family, mails_to, reset_container_caches, send
from .test_family_file import CHILD_FILE, GUARDIAN, read_file

PHONE = {"target": "guardian", "id": "R-001", "field": "mobile_phone", "value": "06 11 22 33 44"}
ALLERGIES = {"target": "child", "id": "E-001", "field": "allergies", "value": ["arachide", "noix de cajou"]}


@pytest.fixture
def parents(tenant, at_noon):
    """Family F-001 (Léa MARTIN, guardian R-001; Lucas, E-001, with his file; Emma, E-002, without one),
    followed by two parents; F-002 (child E-009) followed by a third account."""
    records = [family(), child(), child("E-002", first_name="Emma"), GUARDIAN, CHILD_FILE]
    records += [family("F-002", code="FAM-AAAA-BBBB", label="Famille B"), child("E-009", "F-002")]
    assert send(tenant, *records).json["rejected"] == []
    first, second, stranger = active_account(EMAIL), active_account(OTHER), active_account("tiers@example.org")
    for token, code in ((first, "FAM-7Q2K-9XWD"), (second, "FAM-7Q2K-9XWD"), (stranger, "FAM-AAAA-BBBB")):
        assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": code}, token=token).status == 201
    return first, second, stranger


def settings(certify_every_months: int | None = None, apply_at_once: tuple[str, ...] = ()) -> None:
    from portal.tenancy.provisioning import set_family_file

    set_family_file(TENANT, certify_every_months, list(apply_at_once))
    reset_container_caches()


def change(token: str, *changes: dict, family_id: str = "F-001", comment: str | None = None):
    body = {"changes": list(changes), **({"comment": comment} if comment is not None else {})}
    return call("POST", f"/{TENANT}/families/{family_id}/file/changes", body, token=token)


def decide(admin_key: str, request_id: str, decision: str, reason: str | None = None):
    body = {"decision": decision, **({"reason": reason} if reason is not None else {})}
    return call("POST", f"/{TENANT}/admin/requests/{request_id}/decision", body, headers={"X-Api-Key": admin_key})


def guardian(token: str) -> dict:
    return read_file(token).json["guardians"][0]


def lucas(token: str) -> dict:
    return next(k for k in read_file(token).json["children"] if k["child_id"] == "E-001")


def test_a_change_waits_for_the_town_by_default_with_the_old_and_new_values(parents):
    first, second, _ = parents

    asked = change(first, PHONE, comment="Nouveau numéro")

    assert asked.status == 201
    request = asked.json
    assert (request["kind"], request["status"], request["family_id"]) == ("file_change", "pending", "F-001")
    assert request["summary"] == "Téléphone portable de Léa MARTIN"
    assert request["details"] == {
        "changes": [
            {"target": "guardian", "id": "R-001", "field": "mobile_phone", "old": "+33612345678", "new": "+33611223344"}
        ],
        "comment": "Nouveau numéro",
    }
    file = read_file(second).json
    assert file["guardians"][0]["mobile_phone"] == "+33612345678"  # not before the town says so
    assert file["pending_request_ids"] == [request["request_id"]]
    assert call("GET", f"/{TENANT}/requests/{request['request_id']}", token=second).json == request


def test_an_accepted_change_is_applied_to_the_file_and_the_feed_tells_the_town_s_software(parents, tenant, at_noon):
    first, second, _ = parents
    request_id = change(first, PHONE, {**PHONE, "field": "home_phone", "value": "05.61.22.33.44"}).json["request_id"]
    at_noon.move(60)

    accepted = decide(tenant, request_id, "accepted")

    assert (accepted.status, accepted.json["status"]) == (200, "accepted")
    file = read_file(second).json
    assert (file["guardians"][0]["mobile_phone"], file["guardians"][0]["home_phone"]) == (
        "+33611223344",
        "+33561223344",
    )
    assert file["pending_request_ids"] == []
    at_noon.move(31)
    [item] = call(
        "GET", f"/{TENANT}/admin/requests", headers={"X-Api-Key": tenant}, query={"since": "2026-12-01T00:00:00Z"}
    ).json["items"]
    assert (item["status"], item["changed_at"]) == ("accepted", "2026-12-01T08:01:00Z")
    assert [(c["field"], c["old"], c["new"]) for c in item["details"]["changes"]] == [
        ("mobile_phone", "+33612345678", "+33611223344"),
        ("home_phone", None, "+33561223344"),
    ]


def test_a_refused_change_leaves_the_file_as_it_was(parents, tenant):
    first, _, _ = parents
    request_id = change(first, PHONE).json["request_id"]

    assert decide(tenant, request_id, "refused", "Numéro non attribué").json["status"] == "refused"

    assert guardian(first)["mobile_phone"] == "+33612345678"


def test_the_groups_the_tenant_applies_at_once_are_in_the_file_at_once_the_others_wait(parents):
    first, _, _ = parents
    settings(apply_at_once=("contact", "pickups"))
    pickups = {"target": "child", "id": "E-001", "field": "pickups", "value": []}

    phone = change(first, PHONE).json
    emptied = change(first, pickups).json
    mixed = change(first, {**PHONE, "value": "0700000000"}, ALLERGIES).json

    assert (phone["status"], emptied["status"], mixed["status"]) == ("applied", "applied", "pending")
    assert guardian(first)["mobile_phone"] == "+33611223344"
    assert (lucas(first)["pickups"], lucas(first)["allergies"]) == ([], ["arachide"])
    assert read_file(first).json["pending_request_ids"] == [mixed["request_id"]]


def test_a_child_without_a_file_gets_one_with_the_change_and_the_town_s_defaults(parents, tenant):
    first, _, _ = parents
    request = change(first, {"target": "child", "id": "E-002", "field": "diet", "value": "vegetarien"}).json
    assert request["details"]["changes"][0]["old"] is None

    decide(tenant, request["request_id"], "accepted")

    emma = next(k for k in read_file(first).json["children"] if k["child_id"] == "E-002")
    assert (emma["diet"], emma["allergies"], emma["authorisations"], emma["pickups"]) == (
        "vegetarien",
        [],
        {"photos": False, "leave_alone": False},
        [],
    )


def test_an_accepted_change_takes_its_new_value_even_if_the_town_republished_meanwhile(parents, tenant):
    first, _, _ = parents
    request = change(first, ALLERGIES).json
    send(tenant, dict(CHILD_FILE, allergies=["gluten"], diet="standard"))

    decide(tenant, request["request_id"], "accepted")

    kid = lucas(first)
    assert (kid["allergies"], kid["diet"]) == (["arachide", "noix de cajou"], "standard")
    stored = call("GET", f"/{TENANT}/requests/{request['request_id']}", token=first).json
    assert stored["details"]["changes"][0]["old"] == ["arachide"]  # what the parent saw


def test_a_health_change_is_sealed_in_its_request_too_and_never_logged_nor_mailed(parents, tenant, caplog):
    first, _, _ = parents
    caplog.set_level(logging.DEBUG)
    notes = {"target": "child", "id": "E-001", "field": "medical_notes", "value": "Épilepsie nocturne"}
    request = change(first, ALLERGIES, notes).json
    decide(tenant, request["request_id"], "accepted")
    deliver_queued()

    raw = boto3.client("dynamodb").get_item(
        TableName=PHYSICAL_NAMES["DataTable"],
        Key={"pk": {"S": f"TENANT#{TENANT}#REQUEST#{request['request_id']}"}, "sk": {"S": "REQUEST"}},
    )["Item"]
    assert "cajou" not in json.dumps(raw, default=str) and "pilepsie" not in json.dumps(raw, default=str)
    assert request["details"]["changes"][1]["new"] == "Épilepsie nocturne"
    [mail] = [m for m in mails_to(EMAIL) if "acceptée" in m["subject"]]
    assert "Dossier : 2 modifications (Lucas MARTIN)" in mail["text"]
    for secret in ("cajou", "pilepsie", "arachide"):
        assert secret not in mail["text"] and secret not in mail["html"] and secret not in caplog.text
    assert lucas(first)["medical_notes"] == "Épilepsie nocturne"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ([{**PHONE, "field": "first_name", "value": "Lou"}], "field_not_editable"),
        ([{**PHONE, "field": "payer", "value": False}], "field_not_editable"),
        ([{"target": "child", "id": "E-001", "field": "pai", "value": True}], "field_not_editable"),
        ([{**PHONE, "field": "blood_group", "value": "O+"}], "unknown_field"),
        ([{**PHONE, "field": {}}], None),  # not a name (found by the fuzzer: an unhashable tag)
        ([{**PHONE, "field": ["first_name"]}], None),
        ([{**PHONE, "target": "child"}], "invalid_choice"),
        ([{**PHONE, "id": "R-404"}], "unknown_target"),
        ([{**ALLERGIES, "id": "E-009"}], "unknown_target"),  # another family's child
        ([PHONE, {**PHONE, "value": "0700000000"}], "duplicate_change"),
        ([{**PHONE, "value": "12345"}], "invalid_phone"),
        ([PHONE, {**PHONE, "field": "address", "value": {"line1": "a", "postcode": "3100", "city": "b"}}], None),
        ([{**ALLERGIES, "value": ["a"] * 21}], None),
        ([{**ALLERGIES, "value": ["noix", "Noix"]}], None),
        ([{"target": "child", "id": "E-001", "field": "medical_notes", "value": "a\u0000b"}], None),
        ([{"target": "child", "id": "E-001", "field": "authorisations", "value": {"photos": True}}], "required"),
        ([], "too_short"),
        ([{**PHONE, "field": "work_phone"}] * 31, "too_long"),
    ],
)
def test_a_bad_change_is_422_with_its_field_and_nothing_is_recorded(parents, changes, code):
    first, _, _ = parents

    reply = change(first, *changes)

    assert reply.status == 422, reply.text
    assert code is None or code in {e["code"] for e in reply.json["errors"]}, reply.json
    assert all(e["field"].startswith("changes") for e in reply.json["errors"])
    assert call("GET", f"/{TENANT}/requests", token=first).json["items"] == []
    assert guardian(first)["mobile_phone"] == "+33612345678"


def test_a_comment_with_control_characters_is_invalid_text(parents):
    first, _, _ = parents

    reply = change(first, PHONE, comment="a\u0007b")

    assert (reply.status, reply.json["errors"][0]["code"]) == (422, "invalid_text")


def test_another_family_s_file_cannot_be_changed_nor_certified(parents):
    _, _, stranger = parents

    for path in ("file/changes", "file/certification"):
        body = {"changes": [PHONE]} if path.endswith("changes") else None
        reply = call("POST", f"/{TENANT}/families/F-001/{path}", body, token=stranger)
        assert (reply.status, reply.json["code"]) == (404, "family_not_found")
    assert call("POST", f"/{TENANT}/families/F-001/file/changes", {"changes": [PHONE]}).status == 401


def test_a_kms_failure_is_a_503_with_retry_after_and_records_nothing(parents, monkeypatch):
    from botocore.exceptions import ClientError

    from portal.platform import aws

    first, _, _ = parents
    kms = aws.client("kms")

    def unavailable(**kwargs):
        raise ClientError({"Error": {"Code": "KMSInternalException", "Message": "down"}}, "Decrypt")

    monkeypatch.setattr(kms, "decrypt", unavailable)
    reply = change(first, ALLERGIES)
    monkeypatch.undo()

    assert (reply.status, reply.json["code"]) == (503, "service_unavailable") and reply.headers.get("Retry-After")
    assert call("GET", f"/{TENANT}/requests", token=first).json["items"] == []
    assert lucas(first)["allergies"] == ["arachide"]


def test_changes_applied_at_the_same_moment_each_see_the_value_before_them_or_ask_to_retry(parents):
    first, second, _ = parents
    settings(apply_at_once=("contact",))
    numbers = [f"07000000{n:02d}" for n in range(8)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda n: change((first, second)[n % 2], {**PHONE, "value": numbers[n]}), range(8)))

    made = [r for r in replies if r.status == 201]
    assert len(made) >= 2 and all(r.status == 503 and r.headers.get("Retry-After") for r in replies if r not in made)
    steps = {r.json["details"]["changes"][0]["old"]: r.json["details"]["changes"][0]["new"] for r in made}
    value, seen = "+33612345678", 0
    while value in steps:  # one chain from the published number through every change made: none was lost
        value, seen = steps[value], seen + 1
    assert seen == len(made) and guardian(first)["mobile_phone"] == value
    assert len(call("GET", f"/{TENANT}/requests", token=first).json["items"]) == len(made)


def test_two_decisions_at_the_same_moment_apply_the_change_once(parents, tenant):
    first, _, _ = parents
    request_id = change(first, PHONE).json["request_id"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(pool.map(lambda d: decide(tenant, request_id, d), ["accepted", "refused"]))

    statuses = sorted(r.status for r in replies)
    assert statuses == [200, 409] or statuses == [200, 422]  # a refusal without a reason may lose first
    winner = next(r.json["status"] for r in replies if r.status == 200)
    expected = "+33611223344" if winner == "accepted" else "+33612345678"
    assert guardian(first)["mobile_phone"] == expected


def test_the_file_is_due_for_certification_every_n_months_from_the_last_one(parents, at_noon):
    first, second, _ = parents
    assert read_file(first).json["certification_due"] is False  # the default: never asked
    settings(certify_every_months=12)
    assert read_file(first).json["certification_due"] is True  # never certified

    certified = call("POST", f"/{TENANT}/families/F-001/file/certification", token=first)

    assert certified.status == 200
    assert (certified.json["certified_at"], certified.json["certification_due"]) == ("2026-12-01T08:00:00Z", False)
    assert read_file(second).json["certified_at"] == "2026-12-01T08:00:00Z"
    at_noon.move(364 * 86400)
    assert read_file(first).json["certification_due"] is False
    at_noon.move(86400)  # 1 December 2027, in Paris
    assert read_file(first).json["certification_due"] is True


def test_the_tenant_command_sets_the_file_settings_and_refuses_bad_ones(tenant, capsys):
    from infra.tenants import main
    from portal.tenancy.tenants import get_tenant

    table = ["--table", PHYSICAL_NAMES["DataTable"], "--region", "eu-west-3", "--tenant", TENANT]
    assert main(["family-file", *table, "--certify-every-months", "12", "--apply-at-once", "contact"]) == 0
    reset_container_caches()
    found = get_tenant(TENANT)
    assert (found.certify_every_months, found.apply_at_once) == (12, frozenset({"contact"}))
    assert main(["family-file", *table, "--certify-every-months", "0"]) == 2
    assert main(["family-file", *table, "--never"]) == 0
    reset_container_caches()
    assert (get_tenant(TENANT).certify_every_months, get_tenant(TENANT).apply_at_once) == (None, frozenset())


def test_the_export_holds_the_requests_the_account_made_health_values_included(parents, tenant):
    first, second, _ = parents
    mine = change(first, ALLERGIES).json
    change(second, PHONE)

    exported = call("GET", f"/{TENANT}/me/export", token=first).json

    assert [r["request_id"] for r in exported["requests"]] == [mine["request_id"]]
    assert exported["requests"][0]["details"]["changes"][0]["new"] == ["arachide", "noix de cajou"]


def test_a_deleted_account_s_requests_stay_the_family_s_without_its_name(parents, tenant, at_noon):
    first, second, _ = parents
    request_id = change(first, PHONE).json["request_id"]

    deleted = call("POST", f"/{TENANT}/me/deletion", {"current_password": "Cantine2024!"}, token=first)

    assert deleted.status == 204, deleted.text
    assert call("GET", f"/{TENANT}/requests/{request_id}", token=second).json["status"] == "pending"
    at_noon.move(31)
    [item] = call(
        "GET", f"/{TENANT}/admin/requests", headers={"X-Api-Key": tenant}, query={"since": "2026-12-01T00:00:00Z"}
    ).json["items"]
    assert (item["request_id"], item["account"]) == (request_id, None)


def test_the_town_s_feed_opens_each_family_s_key_once_for_its_sealed_changes(parents, tenant, at_noon, monkeypatch):
    from portal.platform import aws

    first, _, stranger = parents
    send(tenant, dict(CHILD_FILE, child_id="E-009"))
    for n in range(3):
        change(first, {**ALLERGIES, "value": [f"allergie {n}"]})
    change(stranger, {**ALLERGIES, "id": "E-009", "value": ["kiwi"]}, family_id="F-002")
    at_noon.move(31)
    reset_container_caches()
    kms = aws.client("kms")
    real, opened = kms.decrypt, []

    def counted(**kwargs):
        opened.append(kwargs["EncryptionContext"]["family"])
        return real(**kwargs)

    monkeypatch.setattr(kms, "decrypt", counted)
    items = call(
        "GET", f"/{TENANT}/admin/requests", headers={"X-Api-Key": tenant}, query={"since": "2026-12-01T00:00:00Z"}
    ).json["items"]

    assert sorted(i["details"]["changes"][0]["new"][0] for i in items) == [
        "allergie 0",
        "allergie 1",
        "allergie 2",
        "kiwi",
    ]
    assert sorted(opened) == ["F-001", "F-002"]


def test_a_refused_health_value_is_not_echoed_in_the_problem(parents):
    first, _, _ = parents

    reply = change(first, {**ALLERGIES, "value": ["noix de cajou\u0000", "arachide"]})

    assert reply.status == 422 and "cajou" not in reply.text and "arachide" not in reply.text
