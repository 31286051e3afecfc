"""template.yaml as CloudFormation will see it: the SAM transform, run offline.

    .venv-sam/bin/python -m infra.transformed [--out transformed.json]

What SAM generates (the API's stages and methods, the roles' policies, the
schedules, the event source mappings) is where the mistakes that only a real
account would reveal hide; tests/unit/test_transformed_template.py reads this
output and pins them. It runs the translator that `sam deploy` uses
(aws-sam-translator, in .venv-sam only), with no AWS call: the region and the
parameters are fixed dummies, local code paths become the S3 URIs `sam package`
would write, and managed policies are named from a fixed map.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
REGION = "eu-west-3"  # samconfig.toml's
PARAMETERS = {"SenderIdentity": "example.org"}  # the parameters without a default
# What IAM would answer for the managed policies a SAM template may name (the loader of `sam deploy` asks IAM).
MANAGED_POLICIES = {
    "AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "AWSLambdaSQSQueueExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
    "AWSXrayWriteOnlyAccess": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
}
CODE_PROPERTIES = ("CodeUri", "ContentUri")


def packaged(template: dict[str, Any]) -> dict[str, Any]:
    """The template with its local code directories as S3 URIs, as `sam package` leaves it."""
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        for name in CODE_PROPERTIES:
            if isinstance(properties.get(name), str) and not properties[name].startswith("s3://"):
                properties[name] = f"s3://offline-artifacts/{properties[name].strip('/')}"
    return template


def transform(path: Path = TEMPLATE) -> dict[str, Any]:
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator
    from samtranslator.yaml_helper import yaml_parse

    template = packaged(yaml_parse(path.read_text(encoding="utf-8")))
    # A session that only names a region: the translator reads it for AWS::Region and the partition.
    session = boto3.session.Session(region_name=REGION)
    translator = Translator(None, Parser(), boto_session=session)
    result: dict[str, Any] = translator.translate(
        template, parameter_values=dict(PARAMETERS), get_managed_policy_map=lambda: MANAGED_POLICIES
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.transformed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--out", type=Path, help="write the JSON here instead of printing it")
    args = parser.parse_args(argv)
    document = json.dumps(transform(args.template), indent=1, sort_keys=True)
    if args.out:
        args.out.write_text(document + "\n", encoding="utf-8")
    else:
        sys.stdout.write(document + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
