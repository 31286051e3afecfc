"""A stand-in for the DGFiP's PayFiP web service, for the local stack and the tests (never deployed).

It speaks the same three SOAP operations as PayFiP (shared/PAYFIP.md), with
its answer and fault shapes, so the portal's real client talks to it as it
would to PayFiP. Its payment page lets a person pay, refuse or abandon; a
program makes the same choice with ``decide``. Like PayFiP, it then notifies
``urlnotif`` (unless told the notification is lost) and keeps the result for
``recupererDetailPaiementSecurise``; until a choice is made it answers P5.
"""

from __future__ import annotations

import html
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from defusedxml.ElementTree import ParseError, fromstring

PARIS = ZoneInfo("Europe/Paris")
RESULTS = ("P", "V", "R", "Z", "A")
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
OPERATIONS_NS = (
    "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/"
    "contrat_paiement_securise/PaiementSecuriseService"
)


@dataclass
class Operation:
    fields: dict[str, str]
    result: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # what an answer says beyond the request (numauto, dates)


class PayFipStandIn:
    def __init__(self) -> None:
        self.operations: dict[str, Operation] = {}
        self.lock = threading.Lock()
        self.calls: list[str] = []  # operation names, in order (tests count them)
        self.endpoint = ""  # where ``serve()`` answers

    # --- the SOAP service ---------------------------------------------------------------

    def soap(self, body: bytes) -> tuple[int, bytes]:
        try:
            root = fromstring(body, forbid_dtd=True)
        except (ParseError, ValueError):
            return 500, _fault_technical("Requête illisible")
        request = next((e for e in root.iter() if _local(e.tag) in _HANDLERS), None)
        if request is None:
            return 500, _fault_technical("Opération inconnue")
        arg0 = next((e for e in request if _local(e.tag) == "arg0"), None)
        # Field names lower-cased (idOp, numCli), as clients differ on their case.
        fields = {_local(c.tag): (c.text or "").strip() for c in (arg0 if arg0 is not None else [])}
        name = _local(request.tag)
        self.calls.append(name)
        return _HANDLERS[name](self, fields)

    def _create(self, fields: dict[str, str]) -> tuple[int, bytes]:
        refdet, mel, amount = fields.get("refdet", ""), fields.get("mel", ""), fields.get("montant", "")
        if not (refdet.isalnum() and refdet.isascii() and 6 <= len(refdet) <= 30):
            return 500, _fault("R3", "Le format du paramètre REFDET n'est pas conforme")
        if not 6 <= len(mel) <= 80 or "@" not in mel:
            return 500, _fault("A2", "Adresse mél invalide")
        if not amount.isdigit() or not 100 <= int(amount) <= 10_000_000:
            return 500, _fault("R5", "Le montant n'est pas conforme")
        if fields.get("saisie") not in ("T", "X", "W") or not fields.get("numcli", "").isdigit():
            return 500, _fault("R1", "Paramètres de la régie invalides")
        idop = str(uuid.uuid4())
        with self.lock:
            self.operations[idop] = Operation(fields)
        return 200, _answer("creerPaiementSecurise", {"idOp": idop})

    def _detail(self, fields: dict[str, str]) -> tuple[int, bytes]:
        with self.lock:
            operation = self.operations.get(fields.get("idop", ""))
        if operation is None:
            return 500, _fault("P1", "IdOp incorrect")
        if operation.result is None:
            return 500, _fault("P5", "Résultat de la transaction non connu")
        answer = {
            "dattrans": operation.extra["dattrans"],
            "exer": operation.fields.get("exer", ""),
            "heurtrans": operation.extra["heurtrans"],
            "idOp": fields["idop"],
            "mel": operation.fields.get("mel", ""),
            "montant": operation.fields.get("montant", ""),
            "numauto": operation.extra.get("numauto", ""),
            "numcli": operation.fields.get("numcli", ""),
            "objet": operation.fields.get("objet", ""),
            "refdet": operation.fields.get("refdet", ""),
            "resultrans": operation.result,
            "saisie": operation.fields.get("saisie", ""),
        }
        answer.update({k: v for k, v in operation.extra.items() if k in answer})
        return 200, _answer("recupererDetailPaiementSecurise", answer)

    def _client(self, fields: dict[str, str]) -> tuple[int, bytes]:
        numcli = fields.get("numcli", "")
        if not (numcli.isdigit() and len(numcli) == 6):
            return 500, _fault("C1", "Client inconnu")
        return 200, _answer("recupererDetailClient", {"libelleN1": "RÉGIE DE DÉMONSTRATION", "numcli": numcli})

    # --- what a person does on the payment page ----------------------------------------

    def decide(self, idop: str, result: str, notify: bool = True) -> str:
        """Record the person's choice; notify as PayFiP does (waiting for the answer); the return URL."""
        if result not in RESULTS:
            raise ValueError("result is one of P, V, R, Z, A")
        with self.lock:
            operation = self.operations[idop]
            now = datetime.now(PARIS)
            operation.result = result
            operation.extra.update(dattrans=now.strftime("%d%m%Y"), heurtrans=now.strftime("%H%M"))
            if result in ("P", "V"):
                operation.extra.setdefault("numauto", f"{secrets.randbelow(10**6):06d}")
        if notify:
            self.notify(idop)
        return operation.fields.get("urlredirect", "")

    def notify(self, idop: str) -> int:
        """POST the notification (form field ``idop``) to the operation's urlnotif; its HTTP status."""
        url = self.operations[idop].fields.get("urlnotif", "")
        data = urllib.parse.urlencode({"idop": idop}).encode()
        request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - the portal's own URL
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310  # nosec B310 - local stack only
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def tamper(self, idop: str, **answer: str) -> None:
        """Make the detail answer say something else (tests: amount, mode or client number mismatches)."""
        with self.lock:
            self.operations[idop].extra.update(answer)

    def page(self, idop: str) -> tuple[int, str]:
        operation = self.operations.get(idop)
        if operation is None:
            return 404, "<!doctype html><title>PayFiP</title><p>Opération inconnue ou expirée.</p>"
        euros = f"{int(operation.fields['montant']) / 100:.2f}".replace(".", ",")
        target = html.escape(f"/_local/payfip/{urllib.parse.quote(idop)}")
        buttons = "".join(
            f'<form method="post" action="{target}"><input type="hidden" name="result" value="{code}">'
            f'<input type="hidden" name="notify" value="1"><button type="submit">{label}</button></form>'
            for code, label in (("P", "Payer"), ("R", "Carte refusée"), ("A", "Abandonner"))
        )
        return 200, (
            '<!doctype html><html lang="fr"><meta charset="utf-8"><title>PayFiP (simulation locale)</title>'
            "<main><h1>PayFiP: paiement par carte (simulation locale)</h1>"
            f"<p>Objet : {html.escape(operation.fields.get('objet', ''))}</p>"
            f"<p>Montant : <strong>{euros} €</strong></p>"
            f"<p>Référence : {html.escape(operation.fields.get('refdet', ''))}</p>{buttons}</main></html>"
        )

    # --- served on its own (functional tests) ------------------------------------------

    def serve(self) -> ThreadingHTTPServer:
        """A thread answering the SOAP operations on 127.0.0.1 (any path); ``shutdown()`` stops it."""
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = stand_in.soap(body)
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{server.server_address[1]}/soap"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


_HANDLERS = {
    "creerpaiementsecurise": PayFipStandIn._create,
    "recupererdetailpaiementsecurise": PayFipStandIn._detail,
    "recupererdetailclient": PayFipStandIn._client,
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _envelope(inner: str) -> bytes:
    return (f'<?xml version="1.0" ?><S:Envelope xmlns:S="{SOAP_NS}"><S:Body>{inner}</S:Body></S:Envelope>').encode()


def _answer(operation: str, fields: dict[str, str]) -> bytes:
    children = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields.items())
    return _envelope(
        f'<ns2:{operation}Response xmlns:ns2="{OPERATIONS_NS}"><return>{children}</return></ns2:{operation}Response>'
    )


def _fault(code: str, label: str) -> bytes:
    return _envelope(
        "<S:Fault><faultcode>S:Server</faultcode><faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions."
        "FonctionnelleErreur</faultstring><detail>"
        f'<ns2:FonctionnelleErreur xmlns:ns2="{OPERATIONS_NS}"><code>{code}</code><descriptif/>'
        f"<libelle>{escape(label)}</libelle><message/><severite>2</severite></ns2:FonctionnelleErreur>"
        "</detail></S:Fault>"
    )


def _fault_technical(label: str) -> bytes:
    return _envelope(
        "<S:Fault><faultcode>S:Server</faultcode><faultstring>TechDysfonctionnementErreur</faultstring><detail>"
        f'<ns2:TechDysfonctionnementErreur xmlns:ns2="{OPERATIONS_NS}"><code>T1</code>'
        f"<libelle>{escape(label)}</libelle><severite>1</severite></ns2:TechDysfonctionnementErreur>"
        "</detail></S:Fault>"
    )
