"""The portal is published to its bucket with the right types and pointed at the API."""

from __future__ import annotations

import boto3

from infra.provision import LOCAL_REGION
from infra.publish_web import WEB, publish


def test_the_portal_files_are_uploaded_with_their_types_and_a_config_for_the_api(aws_stack):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="portal-web", CreateBucketConfiguration={"LocationConstraint": LOCAL_REGION})

    published = publish(s3, "portal-web", "https://api.example.org/v1/", "ville-x")

    assert {"index.html", "app.js", "style.css", "config.js"} <= set(published)  # and the modules (below)
    assert s3.head_object(Bucket="portal-web", Key="index.html")["ContentType"].startswith("text/html")
    config = s3.get_object(Bucket="portal-web", Key="config.js")["Body"].read().decode()
    assert '"api": "https://api.example.org/v1"' in config and '"tenant": "ville-x"' in config


def test_the_portal_modules_are_uploaded_under_their_folders_as_javascript_revalidated_each_time(aws_stack):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="portal-web", CreateBucketConfiguration={"LocationConstraint": LOCAL_REGION})
    modules = {path.relative_to(WEB).as_posix() for path in WEB.rglob("*.js") if path.parent != WEB}

    published = publish(s3, "portal-web", "https://api.example.org/v1/", "ville-x")

    assert {"core/router.js", "areas/billing.js", "areas/bookings/routes.js", "areas/bookings/calendar.js"} <= modules
    console = {"agent/index.html", "agent/", "agent/console.css"}  # the agents' page, under its folder's key too
    assert set(published) == {"index.html", "app.js", "style.css", "config.js"} | modules | console
    for key in modules:
        head = s3.head_object(Bucket="portal-web", Key=key)
        assert head["ContentType"] == "text/javascript; charset=utf-8"
        assert head["CacheControl"] == "no-cache"  # a module is never paired with an older one after a deployment
    assert s3.get_object(Bucket="portal-web", Key="core/api.js")["Body"].read() == (WEB / "core/api.js").read_bytes()


def test_the_agents_console_is_served_for_its_folder_as_the_mailed_invitation_opens_it(aws_stack):
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="portal-web", CreateBucketConfiguration={"LocationConstraint": LOCAL_REGION})

    publish(s3, "portal-web", "https://api.example.org/v1/", "ville-x")

    page = s3.get_object(Bucket="portal-web", Key="agent/")
    assert page["ContentType"].startswith("text/html")
    assert page["Body"].read() == (WEB / "agent/index.html").read_bytes()
