"""The PayFiP web-service client against the SOAP shapes of shared/PAYFIP.md, faults included. No sockets."""

from __future__ import annotations

import io
import urllib.error
from datetime import UTC, datetime

import pytest

from portal.payments.payfip import (
    NAMESPACE,
    PayFipClient,
    PayFipError,
    PayFipUnavailable,
    PaymentRequest,
    envelope,
    parse,
)

IDOP = "b8a1c2d3-0f4e-4a5b-9c6d-7e8f9a0b1c2d"
ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">'
    "<S:Body>{}</S:Body></S:Envelope>"
)
# creerPaiementSecurise: <idOp> under <return>, in the answer's own namespace.
CREATED = ENVELOPE.format(
    f'<ns2:creerPaiementSecuriseResponse xmlns:ns2="{NAMESPACE}"><return>'
    f'<idOp xmlns="http://securite.service.tpa.cp.finances.gouv.fr/reponse">{IDOP}</idOp>'
    "</return></ns2:creerPaiementSecuriseResponse>"
)
# recupererDetailPaiementSecurise: every field prefixed, "idop" in lower case as some clients read it.
DETAIL = ENVELOPE.format(
    f'<ns2:recupererDetailPaiementSecuriseResponse xmlns:ns2="{NAMESPACE}"><return xmlns:r="urn:reponse">'
    "<r:dattrans>21062019</r:dattrans><r:exer>2019</r:exer><r:heurtrans>1432</r:heurtrans>"
    f"<r:idop>{IDOP}</r:idop><r:mel>lea.martin@example.org</r:mel><r:montant>640</r:montant>"
    "<r:numauto>100509454</r:numauto><r:numcli>123456</r:numcli><r:objet>Facture 2019 06 0042</r:objet>"
    "<r:refdet>2019060042</r:refdet><r:resultrans>{result}</r:resultrans><r:saisie>W</r:saisie>"
    "</return></ns2:recupererDetailPaiementSecuriseResponse>"
)


def fault(code: str, label: str, kind: str = "FonctionnelleErreur") -> str:
    return ENVELOPE.format(
        "<S:Fault><faultcode>S:Server</faultcode><faultstring>erreur</faultstring><detail>"
        f'<ns2:{kind} xmlns:ns2="{NAMESPACE}"><code>{code}</code><descriptif/><libelle>{label}</libelle>'
        "<severite>2</severite></ns2:" + kind + "></detail></S:Fault>"
    )


class Answer:
    """What urlopen returns, as a context manager."""

    def __init__(self, body: str) -> None:
        self.body = body.encode()

    def __enter__(self) -> Answer:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, limit: int = -1) -> bytes:
        return self.body


def client_answering(body: str | Exception, seen: list | None = None) -> PayFipClient:
    def opener(request, timeout):
        if seen is not None:
            seen.append((request, timeout))
        if isinstance(body, Exception):
            raise body
        if "Fault" in body:  # SOAP faults come with HTTP 500
            raise urllib.error.HTTPError(request.full_url, 500, "Server Error", {}, io.BytesIO(body.encode()))
        return Answer(body)

    return PayFipClient("https://payfip.example/tpa/services/securite", opener=opener)


REQUEST = PaymentRequest(
    numcli="123456",
    exer="2019",
    refdet="2019060042",
    amount_cents=640,
    mel="lea.martin@example.org",
    objet="Facture 2019 06 0042",
    saisie="T",
    urlnotif="https://api.example/n",
    urlredirect="https://api.example/r",
)


def test_creating_a_payment_sends_the_fields_in_arg0_and_returns_the_idop():
    seen: list = []

    idop = client_answering(CREATED, seen).create_payment(REQUEST)

    assert idop == IDOP
    request, timeout = seen[0]
    body = request.data.decode()
    assert f'xmlns:pai="{NAMESPACE}"' in body and "<pai:creerPaiementSecurise><arg0>" in body
    assert "<montant>640</montant>" in body and "<saisie>T</saisie>" in body
    assert timeout <= 10  # well inside API Gateway's 29 s


def test_the_payment_detail_is_read_whatever_the_prefixes_and_the_case_of_idop():
    detail = client_answering(DETAIL.replace("{result}", "P")).payment_detail(IDOP)

    assert detail is not None and detail.outcome == "paid"
    assert (detail.idop, detail.amount_cents, detail.numcli, detail.refdet) == (IDOP, 640, "123456", "2019060042")
    assert detail.numauto == "100509454" and detail.saisie == "W"
    assert detail.paid_at == datetime(2019, 6, 21, 12, 32, tzinfo=UTC)  # 14:32 in Paris, summer time


@pytest.mark.parametrize(
    ("code", "outcome"),
    [("P", "paid"), ("V", "paid"), ("R", "refused"), ("Z", "refused"), ("A", "abandoned"), ("X", None)],
)
def test_each_result_code_has_its_outcome(code, outcome):
    assert client_answering(DETAIL.replace("{result}", code)).payment_detail(IDOP).outcome == outcome


def test_a_result_not_known_yet_is_none_not_an_error():
    assert client_answering(fault("P5", "Résultat de la transaction non connu")).payment_detail(IDOP) is None


@pytest.mark.parametrize(
    ("code", "label"),
    [("P1", "IdOp incorrect"), ("A2", "Adresse mel incorrecte"), ("R3", "Format du paramètre REFDET non conforme")],
)
def test_functional_faults_carry_their_code_and_label(code, label):
    client = client_answering(fault(code, label))

    with pytest.raises(PayFipError) as caught:
        client.payment_detail(IDOP) if code == "P1" else client.create_payment(REQUEST)

    assert (caught.value.code, caught.value.label) == (code, label)


@pytest.mark.parametrize(
    "answer",
    [
        fault("T1", "Erreur technique", kind="TechDysfonctionnementErreur"),
        ENVELOPE.format("<S:Fault><faultcode>S:Server</faultcode><faultstring>boom</faultstring></S:Fault>"),
        "<html><body>502 Bad Gateway</body></html>",
        "not xml at all",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>',
        ENVELOPE.format("<nothing/>"),
        TimeoutError("timed out"),
        urllib.error.URLError("connection refused"),
    ],
    ids=["technical-fault", "bare-fault", "html", "not-xml", "entities", "no-return", "timeout", "refused"],
)
def test_anything_but_an_answer_is_unavailable(answer):
    with pytest.raises(PayFipUnavailable):
        client_answering(answer).payment_detail(IDOP)


def test_values_are_escaped_in_the_envelope():
    body = envelope("recupererDetailPaiementSecurise", {"idOp": "<x>&</x>"}).decode()

    assert "<idOp>&lt;x&gt;&amp;&lt;/x&gt;</idOp>" in body
    assert parse(CREATED.encode())["idop"] == IDOP


@pytest.mark.parametrize("endpoint", ["http://payfip.example/tpa", "ftp://x", "file:///etc/passwd"])
def test_the_endpoint_must_be_https_or_a_local_stand_in(endpoint):
    with pytest.raises(ValueError, match="HTTPS"):
        PayFipClient(endpoint)
    assert PayFipClient("http://127.0.0.1:3000/_local/payfip/services").endpoint
