"""The DGFiP's PayFiP web service (SOAP 1.1 over HTTPS): create a payment, ask its result, check a régie.

Three operations of flat string fields (shared/PAYFIP.md): the standard library
writes the requests and sends them with a short timeout (API Gateway allows
~29 s a request); defusedxml reads the answers, since they cross the network.
Answers are read by element name, whatever their namespace prefix or the case
of ``idOp``, because recorded exchanges differ on both. The endpoint is
given (settings: PayFiP's own, or the local stack's stand-in answering in its place).

Both of its failures are a ``ProviderUnavailable`` to the payment rules: a
fault or a refusal of a request means no result now. Nothing here decides
what a result means for an invoice: the caller asks
``payment_detail`` for the idOp it stored and checks amount, refdet and numcli.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import quote, urlsplit
from xml.etree.ElementTree import Element  # nosec B405 - only the type; parsing is defusedxml's
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from portal.payments.provider import Order, ProviderUnavailable, Result

NAMESPACE = (
    "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/"
    "contrat_paiement_securise/PaiementSecuriseService"
)
TIMEOUT_SECONDS = 8
PARIS = ZoneInfo("Europe/Paris")

Mode = Literal["T", "X", "W"]  # test, activation, production
Outcome = Literal["paid", "refused", "abandoned"]
OUTCOMES: dict[str, Outcome] = {"P": "paid", "V": "paid", "R": "refused", "Z": "refused", "A": "abandoned"}
NOT_KNOWN_YET = "P5"  # "résultat de la transaction non connu": in progress, or abandoned without a word
UNKNOWN_OPERATION = "P1"  # "IdOp incorrect": never created, or purged overnight


class PayFipError(ProviderUnavailable):
    """A functional refusal by PayFiP (``FonctionnelleErreur``): its code and label."""

    def __init__(self, code: str, label: str) -> None:
        super().__init__(f"PayFiP {code}: {label}")
        self.code, self.label = code, label


class PayFipUnavailable(ProviderUnavailable):
    """PayFiP could not answer: timeout, network, a technical fault, or an answer that is not its own."""


@dataclass(frozen=True)
class PaymentRequest:
    numcli: str  # the régie's 6-digit client number
    exer: str  # year
    refdet: str  # debt reference, [A-Za-z0-9]{6,30}
    amount_cents: int  # 100 to 10,000,000
    mel: str  # payer's email
    objet: str  # what is paid, [A-Za-z0-9 ]{,100}
    saisie: Mode
    urlnotif: str
    urlredirect: str


@dataclass(frozen=True)
class PaymentDetail:
    """What PayFiP says of a transaction (``recupererDetailPaiementSecurise``)."""

    idop: str
    resultrans: str
    amount_cents: int
    numcli: str
    refdet: str
    saisie: str
    numauto: str  # authorisation number (the payment's number on the invoice)
    paid_at: datetime | None  # dattrans + heurtrans, Paris time, as UTC

    @property
    def outcome(self) -> Outcome | None:
        return OUTCOMES.get(self.resultrans)


Opener = Callable[..., Any]


class PayFipClient:
    def __init__(self, endpoint: str, timeout: float = TIMEOUT_SECONDS, opener: Opener | None = None) -> None:
        parts = urlsplit(endpoint)
        local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")
        if parts.scheme != "https" and not local:
            raise ValueError("the PayFiP endpoint must be HTTPS (or a local stand-in)")
        self.endpoint, self.timeout = endpoint, timeout
        self.opener = opener or urllib.request.urlopen

    def create_payment(self, request: PaymentRequest) -> str:
        """A new idOp for this payment (one per attempt: PayFiP refuses to reuse one)."""
        answer = self._call(
            "creerPaiementSecurise",
            {
                "exer": request.exer,
                "mel": request.mel,
                "montant": str(request.amount_cents),
                "numcli": request.numcli,
                "objet": request.objet,
                "refdet": request.refdet,
                "saisie": request.saisie,
                "urlnotif": request.urlnotif,
                "urlredirect": request.urlredirect,
            },
        )
        idop = answer.get("idop")
        if not idop:
            raise PayFipUnavailable("creerPaiementSecurise answered without an idOp")
        return idop

    def payment_detail(self, idop: str) -> PaymentDetail | None:
        """The transaction's result; None while PayFiP does not know it yet (P5)."""
        try:
            answer = self._call("recupererDetailPaiementSecurise", {"idOp": idop})
        except PayFipError as error:
            if error.code == NOT_KNOWN_YET:
                return None
            raise
        try:
            amount = int(answer.get("montant", ""))
        except ValueError:
            raise PayFipUnavailable("the payment detail has no amount in cents") from None
        return PaymentDetail(
            idop=answer.get("idop", ""),
            resultrans=answer.get("resultrans", ""),
            amount_cents=amount,
            numcli=answer.get("numcli", ""),
            refdet=answer.get("refdet", ""),
            saisie=answer.get("saisie", ""),
            numauto=answer.get("numauto", ""),
            paid_at=_moment(answer.get("dattrans", ""), answer.get("heurtrans", "")),
        )

    def client_detail(self, numcli: str) -> dict[str, str]:
        """The régie's labels: a cheap check that a tenant's numcli is known (``recupererDetailClient``)."""
        return self._call("recupererDetailClient", {"numCli": numcli})

    def _call(self, operation: str, fields: dict[str, str]) -> dict[str, str]:
        request = urllib.request.Request(  # noqa: S310 - the endpoint is checked: HTTPS or the local stand-in
            self.endpoint,
            data=envelope(operation, fields),
            method="POST",
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'},
        )
        try:
            with self.opener(request, timeout=self.timeout) as response:  # nosec B310 - endpoint checked in __init__
                body = response.read(1_000_000)
        except urllib.error.HTTPError as error:  # a SOAP fault comes with HTTP 500
            body = error.read(1_000_000)
        except (TimeoutError, urllib.error.URLError, OSError) as error:
            raise PayFipUnavailable(f"PayFiP did not answer {operation}: {type(error).__name__}") from None
        return parse(body)


def envelope(operation: str, fields: dict[str, str]) -> bytes:
    """A SOAP 1.1 request: the operation in PayFiP's namespace, one ``arg0`` of plain string children."""
    children = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        f'xmlns:pai="{NAMESPACE}"><soapenv:Header/><soapenv:Body>'
        f"<pai:{operation}><arg0>{children}</arg0></pai:{operation}>"
        "</soapenv:Body></soapenv:Envelope>"
    ).encode()


def parse(body: bytes) -> dict[str, str]:
    """The answer's fields by lower-cased local name; a functional fault raises PayFipError."""
    try:
        root = fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        raise PayFipUnavailable("PayFiP's answer is not XML it may send") from None
    faults = [e for e in root.iter() if _local(e) in ("fonctionnelleerreur", "techdysfonctionnementerreur")]
    if faults:
        detail = _fields(faults[0])
        if _local(faults[0]) == "techdysfonctionnementerreur":
            raise PayFipUnavailable(f"PayFiP technical fault {detail.get('code', '?')}")
        raise PayFipError(detail.get("code", "?"), detail.get("libelle", ""))
    if any(_local(e) == "fault" for e in root.iter()):
        raise PayFipUnavailable("PayFiP answered a SOAP fault without details")
    answer = next((e for e in root.iter() if _local(e) == "return"), None)
    if answer is None:
        raise PayFipUnavailable("PayFiP's answer has no <return>")
    return _fields(answer)


def _fields(element: Element) -> dict[str, str]:
    return {_local(child): (child.text or "").strip() for child in element if len(child) == 0}


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower()


def _moment(day: str, time: str) -> datetime | None:
    """dattrans (DDMMYYYY) and heurtrans (HHMM), Paris time, as UTC."""
    try:
        local = datetime.strptime(day + time, "%d%m%Y%H%M").replace(tzinfo=PARIS)
    except ValueError:
        return None
    return local.astimezone(UTC)


class PayFip:
    """The ``Provider`` of the payment rules, over PayFiP's web service."""

    name = "payfip"

    def __init__(self, endpoint: str, page: str, client: PayFipClient | None = None) -> None:
        self.client = client or PayFipClient(endpoint)
        self.page_template = page

    def start(self, order: Order) -> str:
        request = PaymentRequest(
            numcli=order.account,
            exer=order.year,
            refdet=order.refdet,
            amount_cents=order.amount_cents,
            mel=order.email,
            objet=order.label,
            saisie=order.mode,  # type: ignore[arg-type]  # the tenant's mode, one of T/X/W (checked when set)
            urlnotif=order.notify_url,
            urlredirect=order.return_url,
        )
        return self.client.create_payment(request)  # a refusal means the configuration is wrong: unavailable

    def page(self, operation: str) -> str:
        return self.page_template.format(idop=quote(operation, safe=""))

    def result(self, operation: str) -> Result | None:
        try:
            detail = self.client.payment_detail(operation)
        except PayFipError as error:
            if error.code == UNKNOWN_OPERATION:  # purged overnight, or never created
                return None
            raise
        if detail is None or detail.outcome is None:
            return None
        return Result(
            operation=detail.idop,
            outcome=detail.outcome,
            amount_cents=detail.amount_cents,
            account=detail.numcli,
            refdet=detail.refdet,
            mode=detail.saisie,
            reference=detail.numauto,
            debit=detail.resultrans in ("V", "Z"),
            paid_at=detail.paid_at,
        )

    def check_account(self, account: str) -> None:
        self.client.client_detail(account)
