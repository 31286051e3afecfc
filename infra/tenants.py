"""Create a municipality (tenant) and print its admin API key, once.

    python -m infra.tenants create --table <DataTable name> --region eu-west-3 \\
        --tenant ville-x --name "Ville X" --portal-url https://portail.ville-x.fr \\
        --sender ne-pas-repondre@mairie-services.fr --origin https://portail.ville-x.fr

Only the key's SHA-256 is stored: a lost key is replaced, not recovered.

Turn online payment (PayFiP) on, test mode first, after checking the régie's
client number with PayFiP itself (recupererDetailClient); ``--off`` turns it off:

    python -m infra.tenants payment --table <DataTable name> --tenant ville-x --numcli 012345 --mode T

Set how families keep their file: certified every N months (``--never`` asks for
none, the default), and the field groups a parent's change applies to at once
(contact, health, authorisations, pickups; none given: every change waits for
the town):

    python -m infra.tenants family-file --table <DataTable name> --tenant ville-x \\
        --certify-every-months 12 --apply-at-once contact --apply-at-once pickups

Uses the ordinary AWS credential chain (or AWS_ENDPOINT_URL for a stand-in).
"""

from __future__ import annotations

import argparse
import os
import sys

from .lambdas import use_layer


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.tenants", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="create a tenant and print its admin key")
    create.add_argument("--table", required=True, help="physical name of the DataTable")
    create.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    create.add_argument("--tenant", required=True, help="slug, e.g. ville-x")
    create.add_argument("--name", required=True, help="display name, e.g. 'Ville X'")
    create.add_argument("--portal-url", required=True, help="base URL of the portal, used in mailed links")
    create.add_argument("--sender", required=True, help="sender address, inside the SES identity")
    create.add_argument("--origin", action="append", default=[], help="allowed browser origin (repeatable)")
    create.add_argument("--terms-version", default="1")
    payment = sub.add_parser("payment", help="turn online payment (PayFiP) on or off for a tenant")
    payment.add_argument("--table", required=True, help="physical name of the DataTable")
    payment.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    payment.add_argument("--tenant", required=True)
    payment.add_argument("--numcli", help="the régie's 6-digit PayFiP client number")
    payment.add_argument("--mode", choices=("T", "X", "W"), help="T test, X activation, W production")
    payment.add_argument("--off", action="store_true", help="turn online payment off")
    payment.add_argument("--endpoint", default=None, help="PayFiP's SOAP endpoint (default: the DGFiP's)")
    family_file = sub.add_parser("family-file", help="how a tenant's families keep their file")
    family_file.add_argument("--table", required=True, help="physical name of the DataTable")
    family_file.add_argument("--region", default=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    family_file.add_argument("--tenant", required=True)
    every = family_file.add_mutually_exclusive_group(required=True)
    every.add_argument("--certify-every-months", type=int, help="a follower certifies the file every N months")
    every.add_argument("--never", action="store_true", help="never ask for the file's certification")
    family_file.add_argument(
        "--apply-at-once",
        action="append",
        default=[],
        choices=("contact", "health", "authorisations", "pickups"),
        help="a field group whose changes apply without the town (repeatable)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if not args.region:
        print("error: give --region or set AWS_REGION", file=sys.stderr)
        return 2
    os.environ.update({"TABLE_NAME": args.table, "AWS_REGION": args.region})
    for unused in ("SIGNING_SECRET_ID", "DOCUMENTS_BUCKET"):  # required by the settings, unused here
        os.environ.setdefault(unused, "unused-by-tenant-creation")
    use_layer()
    if args.command == "payment":
        return payment(args)
    if args.command == "family-file":
        return family_file(args)
    from portal.tenancy.provisioning import TenantExists, create_tenant

    try:
        key = create_tenant(
            slug=args.tenant,
            name=args.name,
            portal_url=args.portal_url,
            sender_email=args.sender,
            allowed_origins=args.origin,
            terms_version=args.terms_version,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except TenantExists:
        print(f"error: tenant {args.tenant!r} already exists", file=sys.stderr)
        return 1
    print(f"tenant {args.tenant} created; admin key (shown once, store it now):")
    print(key)
    return 0


def payment(args: argparse.Namespace) -> int:
    from portal.payments.provider import ProviderUnavailable
    from portal.payments.setup import set_online_payment

    if args.off:
        set_online_payment(args.tenant, None, None, args.endpoint)
        print(f"online payment off for {args.tenant}")
        return 0
    if not (args.numcli and args.mode):
        print("error: give --numcli and --mode (or --off)", file=sys.stderr)
        return 2
    try:
        set_online_payment(args.tenant, args.numcli, args.mode, args.endpoint)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ProviderUnavailable as exc:
        print(f"error: PayFiP did not confirm client {args.numcli}: {exc}", file=sys.stderr)
        return 1
    print(f"online payment on for {args.tenant}: PayFiP client {args.numcli}, mode {args.mode}")
    return 0


def family_file(args: argparse.Namespace) -> int:
    from portal.tenancy.provisioning import set_family_file

    try:
        set_family_file(args.tenant, None if args.never else args.certify_every_months, args.apply_at_once)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    every = "never" if args.never else f"every {args.certify_every_months} months"
    at_once = ", ".join(args.apply_at_once) or "none"
    print(f"family file of {args.tenant}: certified {every}; applied at once: {at_once}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
