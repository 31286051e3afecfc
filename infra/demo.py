"""Demo data of the local stack's 'demo' tenant: families, three years of invoices, payments, PDFs, the
children and their activities, the families' files, one request waiting for the town, the papers the town
asks for and one it sent.

Deterministic (seeded), so the printed codes are the same at every start.
Published through the same import and PDF code the API uses.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ISSUER = "Régie Enfance"
MEALS = ("Restauration scolaire", "Repas", 320)
CARE = ("Accueil périscolaire", "Heure d'accueil", 150)
HOLIDAY = ("Centre de loisirs", "Journée au centre", 1200)
PAYMENT_TYPES = ("Carte bancaire", "Prélèvement automatique", "Chèque", "Espèces")
HOLIDAY_MONTHS = {2, 4, 7, 10}
SCHOOL_MONTHS = {1, 2, 3, 4, 5, 6, 9, 10, 11, 12}


@dataclass(frozen=True)
class DemoFamily:
    family_id: str
    label: str
    subscriber_code: str
    children: tuple[str, ...]


FAMILIES = (
    DemoFamily("F-001", "Famille MARTIN", "FAM-7Q2K-9XWD", ("Léa", "Hugo")),
    DemoFamily("F-002", "Famille DURAND", "FAM-3MZP-4TRC", ("Chloé",)),
    DemoFamily("F-003", "Famille BERNARD", "FAM-8HVL-2KQN", ("Nathan", "Inès", "Jules")),
)


def _code(rng: random.Random, prefix: str, length: int = 6) -> str:
    return prefix + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(length))


def records(today: date) -> list[dict]:
    """NDJSON records: the families, then three years of monthly invoices with payments.

    Three years of a family's three activities make 72 invoices, so an account following
    two families (three children) has more than the portal's pages hold at once.
    """
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not secrets
    out: list[dict] = [
        {"type": "family", "family_id": f.family_id, "label": f.label, "subscriber_code": f.subscriber_code}
        for f in FAMILIES
    ]
    first = date(today.year - 3, today.month, 1)
    serial = 0
    month = first
    while month < date(today.year, today.month, 1):
        emission = f"EM-{month:%Y-%m}"
        for family in FAMILIES:
            for nature, label, unit in _activities(month):
                serial += 1
                quantity = _quantity(rng, nature, len(family.children))
                amount = quantity * unit
                number = f"{month:%Y-%m}-{serial:04d}"
                invoice_date = month
                due = (month + timedelta(days=40)).replace(day=1) - timedelta(days=1)
                out.append(
                    {
                        "type": "invoice",
                        "invoice_id": number,
                        "family_id": family.family_id,
                        "number": number,
                        "reference": f"R-{serial:05d}",
                        "emission_code": emission,
                        "personal_code": _code(rng, "PC-"),
                        "date": invoice_date.isoformat(),
                        "due_date": due.isoformat(),
                        "issuer": ISSUER,
                        "nature": nature,
                        "amount": _euros(amount),
                        "lines": [
                            {
                                "label": f"{label} - {child}",
                                "quantity": q,
                                "unit_price": _euros(unit),
                                "amount": _euros(q * unit),
                            }
                            for child, q in _split(quantity, family.children)
                        ],
                    }
                )
                out += _payments(rng, number, invoice_date, amount, recent=(today - invoice_date).days < 45)
        month = (month + timedelta(days=32)).replace(day=1)
    return out


# The espace famille: each family's children get ids E-001… in the order of FAMILIES.
CHILD_IDS = {
    (f.family_id, name): f"E-{n:03d}"
    for n, (f, name) in enumerate(((f, c) for f in FAMILIES for c in f.children), start=1)
}
LAST_NAMES = {"F-001": "MARTIN", "F-002": "DURAND", "F-003": "BERNARD"}


def bookings_records(today: date) -> list[dict]:
    """Children, activities with each kind of deadline and enrolments for the current school year:

    - CANT-JF, school meals (mon, tue, thu, fri): no capacity; 2 working days before at 10:00;
    - PERI-JF, before/after school care: MATIN (20 places) and SOIR (12 places); the Thursday of the
      week before at 18:00, cancellable until the day before at 18:00;
    - MERC, Wednesdays: JOURNEE, 2 places with a waiting list; 7 days before at 12:00;
    - VAC, the next holiday centre (two weeks from a month ahead): 30 places with a waiting list, whose
      bookings open (opens_at) in ten days, at 08:00 in Paris;
    - ETE, the summer centre (three weeks from two months ahead), nobody enrolled yet: open to enrolment
      requests (since yesterday, for a month; children born from 2014 on), and requiring the papers.
    """
    start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    end = date(start.year + 1, 7, 3)
    out: list[dict] = []
    for family in FAMILIES:
        for name in family.children:
            out.append(
                {
                    "type": "child",
                    "child_id": CHILD_IDS[(family.family_id, name)],
                    "family_id": family.family_id,
                    "first_name": name,
                    "last_name": LAST_NAMES[family.family_id],
                    "birth_date": "2017-03-14",
                    "school": "École Jules Ferry",
                    "class": "CE1",
                }
            )
    school = {"from": start.isoformat(), "to": end.isoformat()}
    holiday = today + timedelta(days=31)
    paris = ZoneInfo("Europe/Paris")
    opens = datetime.combine(today + timedelta(days=10), time(8, 0), tzinfo=paris)
    summer = today + timedelta(days=60)
    out += [
        {
            "type": "activity",
            "activity_id": "CANT-JF",
            "label": "Restauration scolaire – École Jules Ferry",
            "nature": "Restauration scolaire",
            **school,
            "weekdays": ["mon", "tue", "thu", "fri"],
            "closed": [],
            "extra_days": [],
            "units": [{"unit_id": "REPAS", "label": "Repas", "price": "3.20", "capacity": None}],
            "booking_deadline": {"days_before": 2, "time": "10:00", "working_days": True},
            "cancellation_deadline": None,
            "opens_at": None,
            "waiting_list": False,
        },
        {
            "type": "activity",
            "activity_id": "PERI-JF",
            "label": "Accueil périscolaire – École Jules Ferry",
            "nature": "Accueil périscolaire",
            **school,
            "weekdays": ["mon", "tue", "thu", "fri"],
            "closed": [],
            "extra_days": [],
            "units": [
                {"unit_id": "MATIN", "label": "Matin", "price": "1.50", "capacity": 20},
                {"unit_id": "SOIR", "label": "Soir", "price": "2.00", "capacity": 12},
            ],
            "booking_deadline": {"weekday_before": "thu", "time": "18:00"},
            "cancellation_deadline": {"days_before": 1, "time": "18:00", "working_days": False},
            "opens_at": None,
            "waiting_list": False,
        },
        {
            "type": "activity",
            "activity_id": "MERC",
            "label": "Mercredis loisirs",
            "nature": "Centre de loisirs",
            **school,
            "weekdays": ["wed"],
            "closed": [],
            "extra_days": [],
            "units": [{"unit_id": "JOURNEE", "label": "Journée", "price": "12.00", "capacity": 2}],
            "booking_deadline": {"days_before": 7, "time": "12:00", "working_days": False},
            "cancellation_deadline": None,
            "opens_at": None,
            "waiting_list": True,
        },
        {
            "type": "activity",
            "activity_id": "VAC",
            "label": "Centre de loisirs – vacances",
            "nature": "Centre de loisirs",
            "from": holiday.isoformat(),
            "to": (holiday + timedelta(days=13)).isoformat(),
            "weekdays": ["mon", "tue", "wed", "thu", "fri"],
            "closed": [],
            "extra_days": [],
            "units": [{"unit_id": "JOURNEE", "label": "Journée", "price": "15.00", "capacity": 30}],
            "booking_deadline": {"days_before": 3, "time": "12:00", "working_days": True},
            "cancellation_deadline": None,
            "opens_at": opens.isoformat(),
            "waiting_list": True,
        },
        {
            "type": "activity",
            "activity_id": "ETE",
            "label": "Centre de loisirs – été",
            "nature": "Centre de loisirs",
            "from": summer.isoformat(),
            "to": (summer + timedelta(days=20)).isoformat(),
            "weekdays": ["mon", "tue", "wed", "thu", "fri"],
            "closed": [],
            "extra_days": [],
            "units": [{"unit_id": "JOURNEE", "label": "Journée", "price": "15.00", "capacity": 24}],
            "booking_deadline": {"days_before": 3, "time": "12:00", "working_days": True},
            "cancellation_deadline": None,
            "opens_at": None,
            "waiting_list": True,
            "enrolment_requests": {
                "opens_at": datetime.combine(today - timedelta(days=1), time(8, 0), tzinfo=paris).isoformat(),
                "closes_at": datetime.combine(today + timedelta(days=30), time(18, 0), tzinfo=paris).isoformat(),
                "min_birth_date": "2014-01-01",
                "max_birth_date": None,
            },
            "requires": ["documents"],
        },
    ]
    enrolled = {
        "CANT-JF": list(CHILD_IDS.values()),
        "PERI-JF": ["E-001", "E-002", "E-004"],
        "MERC": ["E-002", "E-003", "E-004", "E-005"],
        "VAC": ["E-001", "E-002", "E-003"],
    }
    for activity_id, kids in enrolled.items():
        dates = (
            school
            if activity_id != "VAC"
            else {"from": holiday.isoformat(), "to": (holiday + timedelta(days=13)).isoformat()}
        )
        out += [{"type": "enrolment", "child_id": kid, "activity_id": activity_id, **dates} for kid in kids]
    return out


GUARDIANS = {
    "F-001": (("R-001", "MME", "Claire", "mère", True), ("R-002", "M", "Julien", "père", False)),
    "F-002": (("R-003", "MME", "Sophie", "mère", True),),
    "F-003": (("R-004", "M", "Karim", "père", True), ("R-005", "MME", "Amélie", "mère", False)),
}
HEALTH = {  # diet, allergies, PAI, medical notes: one child of each kind
    "E-001": ("sans_porc", ["arachide"], False, None),
    "E-002": ("standard", [], False, None),
    "E-003": ("pai", ["gluten", "lactose"], True, "PAI alimentaire : panier repas fourni par la famille."),
    "E-004": ("vegetarien", [], False, None),
    "E-005": ("standard", [], False, "Asthme d'effort : inhalateur dans le cartable."),
    "E-006": ("sans_viande", ["kiwi"], False, None),
}


def file_records() -> list[dict]:
    """Each demo family's file: its guardians (phones as parents type them) and each child's file."""
    out: list[dict] = []
    for n, family in enumerate(FAMILIES):
        address = {"line1": f"{3 + 10 * n} rue des Lilas", "line2": None, "postcode": "31000", "city": "Toulouse"}
        for guardian_id, civility, first_name, relationship, payer in GUARDIANS[family.family_id]:
            out.append(
                {
                    "type": "guardian",
                    "guardian_id": guardian_id,
                    "family_id": family.family_id,
                    "civility": civility,
                    "last_name": LAST_NAMES[family.family_id],
                    "first_name": first_name,
                    "relationship": relationship,
                    "email": f"{first_name.lower()}.{LAST_NAMES[family.family_id].lower()}@example.org",
                    "mobile_phone": f"06 12 34 56 {int(guardian_id[-1]):02d}",
                    "home_phone": None,
                    "work_phone": None,
                    "address": address,
                    "payer": payer,
                }
            )
        payer_name = f"{GUARDIANS[family.family_id][0][2]} {LAST_NAMES[family.family_id]}"
        for name in family.children:
            child_id = CHILD_IDS[(family.family_id, name)]
            diet, allergies, pai, notes = HEALTH[child_id]
            out.append(
                {
                    "type": "child_file",
                    "child_id": child_id,
                    "diet": diet,
                    "allergies": allergies,
                    "pai": pai,
                    "doctor": {"name": "Dr Roux", "phone": "05 61 00 00 00"},
                    "medical_notes": notes,
                    "authorisations": {"photos": True, "leave_alone": False},
                    "pickups": [{"name": payer_name, "phone": "06 00 00 00 00", "relationship": "parent"}],
                }
            )
    return out


def document_records(today: date) -> list[dict]:
    """The papers the town asks for (an insurance certificate for each child in a school-year activity, a
    proof of address once a family) and one it sent: last year's tax certificate for the MARTIN family."""
    return [
        {
            "type": "document_type",
            "document_type_id": "ASSURANCE",
            "label": "Attestation d'assurance scolaire",
            "scope": "child",
            "validity_months": 12,
            "required_for": ["CANT-JF", "PERI-JF", "MERC", "ETE"],
        },
        {
            "type": "document_type",
            "document_type_id": "DOMICILE",
            "label": "Justificatif de domicile de moins de 3 mois",
            "scope": "family",
            "validity_months": 3,
            "required_for": ["*"],
        },
        {
            "type": "family_document",
            "document_id": f"AF-{today.year - 1}-F-001",
            "family_id": "F-001",
            "kind": "tax_certificate",
            "title": f"Attestation fiscale {today.year - 1} (frais de garde)",
            "date": f"{today.year}-01-15" if today.month > 1 else f"{today.year - 1}-12-15",
            "request_id": None,
        },
    ]


def service_records() -> list[dict]:
    """The services a parent writes to ("Nous contacter"), each with the mailbox told of new messages."""
    return [
        {
            "type": "service",
            "service_id": "ENFANCE",
            "label": "Service Enfance",
            "notify_email": "enfance@ville-demo.example",
        },
        {
            "type": "service",
            "service_id": "FACTURATION",
            "label": "Service Facturation",
            "notify_email": "facturation@ville-demo.example",
        },
    ]


def agenda_records(today: date) -> list[dict]:
    """Two agendas with slots in the coming weeks ("Prise de rendez-vous"): identity cards and passports
    (one place a slot, one appointment an account), school registrations (two places a slot)."""
    weekdays = ("mon", "tue", "wed", "thu", "fri")
    return [
        {
            "type": "agenda",
            "agenda_id": "CNI",
            "label": "Cartes d'identité et passeports",
            "place": "Mairie – guichet 2",
            "from": str(today),
            "to": str(today + timedelta(days=180)),
            "hours": [{"weekday": d, "start": "09:00", "end": "12:00"} for d in weekdays]
            + [{"weekday": d, "start": "14:00", "end": "17:00"} for d in ("tue", "thu")],
            "closed": [f"{today.year}-12-25", f"{today.year + 1}-01-01"],
            "slot_minutes": 20,
            "places_per_slot": 1,
            "min_notice_hours": 24,
            "max_days_ahead": 60,
            "cancellation_hours": 24,
            "per_account": 1,
        },
        {
            "type": "agenda",
            "agenda_id": "INSCRIPTIONS",
            "label": "Inscriptions scolaires",
            "place": "Mairie – service Enfance",
            "from": str(today),
            "to": str(today + timedelta(days=120)),
            "hours": [{"weekday": d, "start": "13:30", "end": "17:30"} for d in ("mon", "wed")],
            "slot_minutes": 30,
            "places_per_slot": 2,
            "min_notice_hours": 2,
            "max_days_ahead": 30,
            "cancellation_hours": 2,
            "per_account": 2,
        },
    ]


def certificate_pdf(municipality: str, title: str) -> bytes:
    """A one-page certificate, as the town's software would send it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, municipality, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "Famille MARTIN - montants versés pour la garde des enfants de moins de 6 ans.")
    return bytes(pdf.output())


def demo_request(tenant: str) -> str:
    """One pending request: the MARTIN family's new mobile phone, waiting for the town."""
    from portal.families.rules import Change
    from portal.requests import file_changes

    change = Change("guardian", "R-001", "mobile_phone", "+33611223344")
    return file_changes.made(tenant, "F-001", None, [change], "Nouveau numéro depuis septembre").request_id


DEMO_AGENT = {"email": "agent@ville-demo.example", "password": "Guichet-Demo-2026"}


def demo_agent(tenant: str) -> dict[str, str]:
    """An agent of the town with every permission, active: its email, password and TOTP secret (printed by
    make run, so the console can be tried with any authenticator application, or pyotp)."""
    from portal.accounts import passwords
    from portal.agents import store, totp
    from portal.agents.model import ACTIVE, PERMISSIONS, Agent
    from portal.kernel import clock, ids

    secret, agent_id = totp.new_secret(), ids.random_id()
    agent = Agent(
        agent_id=agent_id,
        email=DEMO_AGENT["email"],
        first_name="Camille",
        last_name="Agent",
        permissions=tuple(sorted(PERMISSIONS)),
        service_ids=tuple(s["service_id"] for s in service_records()),
        status=ACTIVE,
        created_at=clock.now(),
        password_hash=passwords.hash_password(DEMO_AGENT["password"]),
        totp_secret=totp.seal(tenant, agent_id, secret),
    )
    assert store.create(tenant, agent)
    return {**DEMO_AGENT, "totp_secret": secret}


def demo_bookings(tenant: str, today: date) -> int:
    """A few bookings, decided by the same rules as a parent's: Léa's meals of the next two weeks, and the
    Wednesday centre of the week after next, full (2 places) with a waiting child."""
    from portal.bookings import changes
    from portal.bookings.model import Change
    from portal.bookings.store import published

    made = 0
    wednesday = today + timedelta(days=(2 - today.weekday()) % 7 + 14)
    for child_id, activity_id, days, unit in (
        ("E-001", "CANT-JF", [today + timedelta(days=n) for n in range(7, 21)], "REPAS"),
        ("E-002", "MERC", [wednesday], "JOURNEE"),
        ("E-003", "MERC", [wednesday], "JOURNEE"),
        ("E-004", "MERC", [wednesday], "JOURNEE"),
    ):
        kid, activity = published.child(tenant, child_id), published.activity(tenant, activity_id)
        enrolment = published.enrolment(tenant, child_id, activity_id)
        assert kid and activity and enrolment
        result, _ = changes.make(tenant, kid, activity, enrolment, [Change(d, unit, True) for d in days])
        made += result.summary.booked + result.summary.waiting
    return made


def _activities(month: date) -> list[tuple[str, str, int]]:
    found = []
    if month.month in SCHOOL_MONTHS:
        found += [MEALS, CARE]
    if month.month in HOLIDAY_MONTHS:
        found.append(HOLIDAY)
    return found


def _quantity(rng: random.Random, nature: str, children: int) -> int:
    per_child = {MEALS[0]: (12, 18), CARE[0]: (4, 20), HOLIDAY[0]: (2, 5)}[nature]
    return sum(rng.randint(*per_child) for _ in range(children))


def _split(quantity: int, children: tuple[str, ...]) -> list[tuple[str, int]]:
    share, extra = divmod(quantity, len(children))
    return [(child, share + (1 if i < extra else 0)) for i, child in enumerate(children)]


def _payments(rng: random.Random, invoice_id: str, day: date, amount: int, recent: bool) -> list[dict]:
    if recent:
        return []  # the latest invoices are still to pay
    kind = rng.random()
    paid_parts = [amount] if kind < 0.75 else ([amount // 2, amount - amount // 2] if kind < 0.9 else [amount // 2])
    out = []
    for i, part in enumerate(paid_parts):
        number = str(100500000 + rng.randint(0, 99999))
        payment_type = rng.choice(PAYMENT_TYPES)
        description = (
            f"Règlement en ligne - Transaction n° {rng.getrandbits(20):05x}"
            if payment_type == "Carte bancaire"
            else payment_type
        )
        out.append(
            {
                "type": "payment",
                "invoice_id": invoice_id,
                "number": number,
                "payment_type": payment_type,
                "date": (day + timedelta(days=15 + 10 * i)).isoformat(),
                "amount": _euros(part),
                "description": description,
            }
        )
    return out


def _euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _fr(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d} EUR"


def invoice_pdf(municipality: str, family_label: str, invoice: dict, payments: list[dict]) -> bytes:
    """A one-page municipal invoice, as the guide describes it (codes in the footer)."""
    from fpdf import FPDF

    cents = lambda text: int(text.replace(".", ""))  # noqa: E731 - amounts here always have two decimals
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, municipality, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, f"{invoice['issuer']} - {invoice['nature']}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, f"Facture n° {invoice['number']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for label, value in (
        ("Destinataire", family_label),
        ("Date", date.fromisoformat(invoice["date"]).strftime("%d/%m/%Y")),
        ("Échéance", date.fromisoformat(invoice["due_date"]).strftime("%d/%m/%Y")),
    ):
        pdf.cell(40, 6, label)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    for text, width in (("Désignation", 90), ("Quantité", 25), ("Prix unitaire", 35), ("Montant", 35)):
        pdf.cell(width, 7, text, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for line in invoice["lines"]:
        pdf.cell(90, 7, line["label"], border=1)
        pdf.cell(25, 7, str(line["quantity"]), border=1, align="R")
        pdf.cell(35, 7, _fr(cents(line["unit_price"])), border=1, align="R")
        pdf.cell(35, 7, _fr(cents(line["amount"])), border=1, align="R")
        pdf.ln()
    total = cents(invoice["amount"])
    paid = sum(cents(p["amount"]) for p in payments)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(150, 7, "Total de la facture", border=1)
    pdf.cell(35, 7, _fr(total), border=1, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    for p in payments:
        pdf.cell(
            0,
            6,
            f"Règlement n° {p['number']} du {date.fromisoformat(p['date']):%d/%m/%Y} "
            f"({p['payment_type']}) : {_fr(cents(p['amount']))}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, f"Solde à payer : {_fr(max(0, total - paid))}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-35)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        f"Code émission : {invoice['emission_code']}    Référence : {invoice['reference']}    "
        f"Code personnel : {invoice['personal_code']}\n"
        "Pour consulter vos factures en ligne, abonnez-vous dans Mon espace citoyen / Mes abonnements.",
    )
    return bytes(pdf.output())


def publish(tenant: str, municipality: str, today: date | None = None) -> dict:
    """Import the demo records and upload their PDFs; return what `make run` prints."""
    from portal.publishing.imports import import_lines

    day = today or date.today()
    data = records(day) + bookings_records(day) + file_records() + document_records(day)
    data += service_records() + agenda_records(day)
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in data).encode()
    report = import_lines(tenant, body)
    assert not report.rejected, report.rejected
    invoices = _store_pdfs(tenant, municipality, data)
    # An invoice of the second family, to subscribe "avec une de vos factures".
    sample = next(i for i in reversed(invoices) if i["family_id"] == FAMILIES[1].family_id)
    bookings = demo_bookings(tenant, day)
    demo_request(tenant)
    agent = demo_agent(tenant)
    from portal.documents.sending import store_pdf

    for paper in (r for r in data if r["type"] == "family_document"):
        store_pdf(tenant, paper["document_id"], certificate_pdf(municipality, paper["title"]))
    return {
        "children": {f"{name} {LAST_NAMES[fid]}": cid for (fid, name), cid in CHILD_IDS.items()},
        "activities": [r["activity_id"] for r in data if r["type"] == "activity"],
        "bookings": bookings,
        "agent": agent,
        "records": report.accepted,
        "invoices": len(invoices),
        "subscriber_codes": {f.label: f.subscriber_code for f in FAMILIES},
        "invoice_for_subscription": {
            "emission_code": sample["emission_code"],
            "reference": sample["reference"],
            "amount": sample["amount"].replace(".", ","),
            "personal_code": sample["personal_code"],
        },
    }


def _store_pdfs(tenant: str, municipality: str, data: list[dict]) -> list[dict]:
    """Each demo invoice's PDF (with the payments under it) in the documents bucket; the invoices."""
    from portal.billing.documents import store_pdf

    labels = {r["family_id"]: r["label"] for r in data if r["type"] == "family"}
    payments: dict[str, list[dict]] = {}
    for r in data:
        if r["type"] == "payment":
            payments.setdefault(r["invoice_id"], []).append(r)
    invoices = [r for r in data if r["type"] == "invoice"]
    for invoice in invoices:
        pdf = invoice_pdf(municipality, labels[invoice["family_id"]], invoice, payments.get(invoice["invoice_id"], []))
        store_pdf(tenant, invoice["invoice_id"], pdf)
    return invoices
