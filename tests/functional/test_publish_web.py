"""The portal is published to its bucket with the right types and pointed at the API."""

from __future__ import annotations

import boto3

from infra.provision import LOCAL_REGION
from infra.publish_web import publish


def test_the_portal_files_are_uploaded_with_their_types_and_a_config_for_the_api(aws_stack):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="portal-web", CreateBucketConfiguration={"LocationConstraint": LOCAL_REGION})

    published = publish(s3, "portal-web", "https://api.example.org/v1/", "ville-x")

    assert set(published) == {"index.html", "app.js", "style.css", "config.js"}
    assert s3.head_object(Bucket="portal-web", Key="index.html")["ContentType"].startswith("text/html")
    config = s3.get_object(Bucket="portal-web", Key="config.js")["Body"].read().decode()
    assert '"api": "https://api.example.org/v1"' in config and '"tenant": "ville-x"' in config
