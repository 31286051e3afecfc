"""Messages ("Nous contacter", API.md v1.3): a parent writes to a service, the town answers (admin key, or an
agent of that service only), closes; unread counts, the town's feed and inbox, the day's limits exact under
parallel requests, mails that never carry a word of what was written, the export and the deletion. The real
handlers on moto, at the bookings tests' fixed moment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from infra.queues import drain

from .bookings_world import EMAIL, NOW, child, deliver_queued, family
from .helpers import OTHER, TENANT, active_account, call, mails_to, send, table_items
from .test_agents import activate, admin, bearer, invite, log_in

SERVICES = [
    {"type": "service", "service_id": "ENFANCE", "label": "Service Enfance", "notify_email": "enfance@ville.example"},
    {"type": "service", "service_id": "ETAT-CIVIL", "label": "État civil"},
]
SECRET_WORDS = "Mon fils est allergique aux arachides"


@pytest.fixture
def parents(tenant, at_noon):
    """Family F-001, followed by a parent; another account, of no family."""
    send(tenant, family(), child(), *SERVICES)
    parent, stranger = active_account(EMAIL), active_account(OTHER)
    assert call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-7Q2K-9XWD"}, token=parent).status == 201
    return parent, stranger


def write(token: str, **changes):
    body = {"service_id": "ENFANCE", "subject": "Inscription cantine", "text": SECRET_WORDS, **changes}
    return call("POST", f"/{TENANT}/threads", body, token=token)


def reply(token: str, thread_id: str, text: str = "Une précision", **changes):
    return call("POST", f"/{TENANT}/threads/{thread_id}/messages", {"text": text, **changes}, token=token)


def answer(tenant: str, thread_id: str, text: str = "Bien reçu, c'est noté.", headers=None):
    return call(
        "POST",
        f"/{TENANT}/admin/threads/{thread_id}/messages",
        {"text": text, "author": "Service Enfance"},
        headers=headers or {"X-Api-Key": tenant},
    )


def thread_of(token: str, thread_id: str):
    return call("GET", f"/{TENANT}/threads/{thread_id}", token=token)


def town_mails(email: str = EMAIL) -> list[dict]:
    return [m for m in mails_to(email) if "nouveau message de la mairie" in m["subject"]]


def never_told(mails: list[dict]) -> None:
    for mail in mails:
        assert SECRET_WORDS not in mail["text"] and SECRET_WORDS not in mail["html"]
        assert "Inscription cantine" not in mail["text"] + mail["subject"]


def test_the_services_are_listed_by_label(parents):
    parent, _ = parents

    reply_ = call("GET", f"/{TENANT}/services", token=parent)

    assert reply_.json == {
        "items": [
            {"service_id": "ETAT-CIVIL", "label": "État civil"},
            {"service_id": "ENFANCE", "label": "Service Enfance"},
        ]
    }


def test_a_parent_writes_the_town_answers_and_the_parent_reads_it(tenant, parents, at_noon):
    parent, _ = parents

    opened = write(parent, family_id="F-001")

    assert opened.status == 201, opened.json
    thread = opened.json
    assert (thread["status"], thread["unread"], thread["family_id"], thread["service_id"]) == (
        "open",
        0,
        "F-001",
        "ENFANCE",
    )
    [first] = thread["messages"]
    assert (first["from"], first["author"], first["text"], first["sent_at"]) == (
        "citizen",
        "Léa Martin",
        SECRET_WORDS,
        "2026-12-01T08:00:00Z",
    )
    thread_id = thread["thread_id"]
    at_noon.move(60)
    assert answer(tenant, thread_id).status == 201
    listed = call("GET", f"/{TENANT}/threads", token=parent).json
    assert [(t["thread_id"], t["unread"], t["last_message_at"]) for t in listed["items"]] == [
        (thread_id, 1, "2026-12-01T08:01:00Z")
    ]
    read = thread_of(parent, thread_id).json
    assert read["unread"] == 0
    assert [(m["from"], m["author"]) for m in read["messages"]] == [
        ("citizen", "Léa Martin"),
        ("town", "Service Enfance"),
    ]
    assert call("GET", f"/{TENANT}/threads", token=parent).json["items"][0]["unread"] == 0


def test_the_service_is_told_once_until_the_town_answers_and_the_parent_at_each_answer(tenant, parents, at_noon):
    parent, _ = parents
    thread_id = write(parent).json["thread_id"]
    reply(parent, thread_id)
    reply(parent, thread_id)
    deliver_queued()
    assert len(mails_to("enfance@ville.example")) == 1

    answer(tenant, thread_id)
    answer(tenant, thread_id, "Et une dernière chose")
    reply(parent, thread_id)
    deliver_queued()

    service, account = mails_to("enfance@ville.example"), town_mails()
    assert len(service) == 2 and len(account) == 2
    assert "nouveau message de la mairie" in account[0]["subject"]
    assert f"#/messages/{thread_id}" in account[0]["text"] and f"agent/#/threads/{thread_id}" in service[0]["text"]
    never_told(service + account)


def test_a_parent_with_the_requests_choice_off_is_not_mailed(tenant, parents):
    parent, _ = parents
    assert call("PATCH", f"/{TENANT}/me", {"notifications": {"requests": False}}, token=parent).status == 200
    thread_id = write(parent).json["thread_id"]

    answer(tenant, thread_id)
    deliver_queued()

    assert town_mails() == []


def test_two_messages_at_the_same_moment_tell_the_service_once_and_wait_once(tenant, parents):
    parent, _ = parents
    thread_id = write(parent).json["thread_id"]
    answer(tenant, thread_id)
    deliver_queued()
    before = len(mails_to("enfance@ville.example"))

    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda n: reply(parent, thread_id, f"Message {n}"), range(6)))
    deliver_queued()

    assert [r.status for r in replies] == [201] * 6
    assert len(mails_to("enfance@ville.example")) == before + 1
    assert len(thread_of(parent, thread_id).json["messages"]) == 8
    markers = [i for i in table_items() if i["pk"]["S"].endswith("#PILE#THREADS#ENFANCE")]
    assert len(markers) == 1


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"service_id": "VOIRIE"}, 422, "unknown_service"),
        ({"text": "Bonjour\x07"}, 422, "invalid_text"),
        ({"subject": "x" * 151}, 422, "too_long"),
        ({"subject": "   "}, 422, "too_short"),
        ({"text": "x" * 5001}, 422, "too_long"),
        ({"family_id": "F-002"}, 404, "family_not_found"),
        ({"document_ids": ["0" * 32]}, 404, "document_not_found"),
        ({"document_ids": ["a", "b", "c", "d", "e", "f"]}, 422, "too_long"),
    ],
)
def test_a_bad_thread_is_refused_and_writes_nothing(parents, changes, status, code):
    parent, _ = parents
    before = table_items()

    refused = write(parent, **changes)

    assert refused.status == status, refused.json
    assert code in (refused.json["code"], refused.json.get("errors", [{}])[0].get("code"))
    assert SECRET_WORDS not in str(refused.json)
    assert table_items() == before


def test_another_accounts_thread_is_404(parents):
    parent, stranger = parents
    thread_id = write(parent).json["thread_id"]

    assert thread_of(stranger, thread_id).json["code"] == "thread_not_found"
    assert reply(stranger, thread_id).status == 404
    assert call("GET", f"/{TENANT}/threads", token=stranger).json["items"] == []
    assert thread_of(parent, "not-an-id").status == 404


def test_a_closed_thread_takes_no_more_messages(tenant, parents):
    parent, _ = parents
    thread_id = write(parent).json["thread_id"]

    closed = admin(tenant, "POST", f"/admin/threads/{thread_id}/closure")

    assert (closed.status, closed.json["status"], closed.json["awaiting_answer"]) == (200, "closed", False)
    assert admin(tenant, "POST", f"/admin/threads/{thread_id}/closure").status == 200
    refused = reply(parent, thread_id)
    assert (refused.status, refused.json["code"]) == (409, "thread_closed")
    assert answer(tenant, thread_id).json["code"] == "thread_closed"
    assert thread_of(parent, thread_id).json["status"] == "closed"


def test_five_threads_a_day_then_429_with_retry_after(parents):
    parent, _ = parents
    for n in range(5):
        assert write(parent, subject=f"Question {n}").status == 201

    refused = write(parent)

    assert (refused.status, refused.json["code"]) == (429, "too_many_messages")
    assert 0 < int(refused.headers["Retry-After"]) <= 86_400


def test_twenty_parallel_messages_never_pass_the_days_thirty(parents):
    parent, _ = parents
    thread_id = write(parent).json["thread_id"]
    for n in range(24):
        assert reply(parent, thread_id, f"Message {n}").status == 201

    with ThreadPoolExecutor(10) as pool:
        replies = list(pool.map(lambda n: reply(parent, thread_id, f"Parallèle {n}"), range(20)))

    assert sorted(r.status for r in replies) == [201] * 5 + [429] * 15
    assert {r.json["code"] for r in replies if r.status == 429} == {"too_many_messages"}
    assert len(thread_of(parent, thread_id).json["messages"]) == 30
    assert write(parent).status == 429  # a new thread's first message counts too


def test_an_agent_sees_and_answers_only_its_services_threads(tenant, parents, at_noon):
    parent, _ = parents
    ours = write(parent).json["thread_id"]
    theirs = write(parent, service_id="ETAT-CIVIL", subject="Acte de naissance").json["thread_id"]
    secret = activate(invite(tenant, permissions=["messages"], service_ids=["ENFANCE"])).json["totp_secret"]
    token = log_in(secret).json["access_token"]
    agent = bearer(token)
    at_noon.move(31)

    inbox = call("GET", f"/{TENANT}/agent/inbox", headers=agent).json
    feed = call("GET", f"/{TENANT}/admin/threads", headers=agent, query={"since": "2026-12-01T00:00:00Z"}).json
    answered = answer(tenant, ours, headers=agent)
    at_noon.move(1)
    closed = call("POST", f"/{TENANT}/admin/threads/{ours}/closure", headers=agent)

    assert (inbox["threads"], [(i["kind"], i["id"]) for i in inbox["items"]]) == (1, [("thread", ours)])
    assert inbox["items"][0]["summary"] == "Message de Léa Martin"  # who wrote, never the subject
    assert [t["thread_id"] for t in feed["items"]] == [ours]
    assert feed["items"][0]["account"]["email"] == EMAIL and feed["items"][0]["awaiting_answer"] is True
    assert answered.status == 201 and answered.json["author"] == "Nadia Morel"  # its name, whatever the body says
    assert closed.status == 200
    for method, path in (
        ("GET", f"/admin/threads/{theirs}"),
        ("POST", f"/admin/threads/{theirs}/closure"),
    ):
        assert call(method, f"/{TENANT}{path}", headers=agent).json["code"] == "thread_not_found"
    assert answer(tenant, theirs, headers=agent).status == 404
    assert call("GET", f"/{TENANT}/agent/inbox", headers=agent).json["threads"] == 0
    at_noon.move(31)
    log = admin(tenant, "GET", "/admin/audit", query={"since": (NOW - timedelta(hours=1)).isoformat()}).json
    assert [(e["action"], e["target"]) for e in log["items"]][1:] == [
        ("message", f"thread:{ours}"),
        ("closure", f"thread:{ours}"),
    ]


def test_the_towns_feed_lists_each_thread_changed_with_its_new_messages(tenant, parents, at_noon):
    parent, _ = parents
    thread_id = write(parent).json["thread_id"]
    at_noon.move(3600)
    since = at_noon.moment
    reply(parent, thread_id, "Relance")
    at_noon.move(31)

    feed = admin(tenant, "GET", "/admin/threads", query={"since": since.isoformat()}).json

    [item] = feed["items"]
    assert [m["text"] for m in item["messages"]] == ["Relance"]
    whole = admin(tenant, "GET", f"/admin/threads/{thread_id}").json
    assert [m["text"] for m in whole["messages"]] == [SECRET_WORDS, "Relance"]


def test_a_parent_attaches_its_familys_papers_not_anothers(tenant, parents):
    parent, stranger = parents
    send(tenant, family("F-002", code="FAM-AAAA-BBBB", label="Famille B"))
    call("POST", f"/{TENANT}/subscriptions", {"subscriber_code": "FAM-AAAA-BBBB"}, token=stranger)
    send(tenant, {"type": "document_type", "document_type_id": "DOMICILE", "label": "Domicile", "scope": "family"})
    declared = {"document_type_id": "DOMICILE", "file_name": "edf.pdf", "content_type": "application/pdf", "size": 10}
    ours = call("POST", f"/{TENANT}/families/F-001/documents", declared, token=parent).json["document"]["document_id"]
    theirs = call("POST", f"/{TENANT}/families/F-002/documents", declared, token=stranger).json["document"]

    attached = write(parent, family_id="F-001", document_ids=[ours])
    refused = write(parent, document_ids=[theirs["document_id"]])

    assert attached.status == 201 and attached.json["messages"][0]["document_ids"] == [ours]
    assert (refused.status, refused.json["code"]) == (404, "document_not_found")


def test_the_export_holds_the_threads_and_deleting_the_account_deletes_them(tenant, parents):
    parent, _ = parents
    thread_id = write(parent).json["thread_id"]
    answer(tenant, thread_id)
    reply(parent, thread_id)

    exported = call("GET", f"/{TENANT}/me/export", token=parent).json["threads"]
    deleted = call("POST", f"/{TENANT}/me/deletion", {"current_password": "Cantine2024!"}, token=parent)

    assert [len(t["messages"]) for t in exported] == [3] and exported[0]["thread_id"] == thread_id
    assert deleted.status == 204, deleted.json
    assert [i for i in table_items() if "THREAD#" in i["pk"]["S"] or "THREADS#" in i["pk"]["S"]] == []
    assert admin(tenant, "GET", f"/admin/threads/{thread_id}").status == 404


def test_a_mail_queued_for_a_message_never_written_is_never_sent(tenant, parents, at_noon, monkeypatch):
    """Fault injection: the thread's write fails after its mail was queued: the mail waits, then is dropped."""
    from portal.platform.errors import ServiceUnavailable
    from portal.threads import store

    parent, _ = parents

    def broken(*args, **kwargs):
        raise ServiceUnavailable("DynamoDB is unavailable")

    with monkeypatch.context() as patched:
        patched.setattr(store, "write", broken)
        assert write(parent).status == 503
    deliver_queued()  # the message is not there: the mail goes back to the queue
    assert mails_to("enfance@ville.example") == []
    at_noon.move(601)
    deliver_queued()

    assert mails_to("enfance@ville.example") == []
    assert drain("SendBookingMailsFunction") == {"delivered": 0, "failed": 0}  # dropped, not dead-lettered


def test_a_feed_page_stops_before_its_answer_is_too_big_and_resumes_after(tenant, parents, at_noon, monkeypatch):
    from portal.threads import town

    parent, _ = parents
    made = []
    for n in range(3):
        made.append(write(parent, subject=f"Question {n}").json["thread_id"])
        at_noon.move(1)
    at_noon.move(31)
    monkeypatch.setattr(town, "PAGE_TEXT", len(SECRET_WORDS) + 20)  # a thread a page
    since = {"since": "2026-12-01T00:00:00Z"}

    read, pages = [], 0
    query = dict(since)
    while True:
        page = admin(tenant, "GET", "/admin/threads", query=query).json
        read += [t["thread_id"] for t in page["items"]]
        pages += 1
        if not page["next_cursor"]:
            break
        query = {**since, "cursor": page["next_cursor"]}

    assert (read, pages) == (made, 3)
    assert admin(tenant, "GET", "/admin/threads", query={"since": "0001-01-01T00:00:00+01:00"}).status == 200


def test_deleting_an_account_deletes_a_thread_written_in_meanwhile(tenant, parents, monkeypatch):
    """The thread's messages are listed, then a message lands before the thread is deleted: it goes too, and
    the service's pile forgets the thread."""
    from portal.threads import store

    parent, _ = parents
    thread_id = write(parent).json["thread_id"]
    answer(tenant, thread_id)
    real = store.forget

    def late_message(tenant_slug, thread):
        assert reply(parent, thread_id, "Arrivé pendant la suppression").status == 201
        return real(tenant_slug, thread)

    monkeypatch.setattr(store, "forget", late_message)

    assert call("POST", f"/{TENANT}/me/deletion", {"current_password": "Cantine2024!"}, token=parent).status == 204
    assert [i for i in table_items() if "THREAD#" in i["pk"]["S"] or "THREADS#" in i["pk"]["S"]] == []
