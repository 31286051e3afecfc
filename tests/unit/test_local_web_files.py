"""The local stack serves the portal's files (web/) by their path, and nothing outside web/."""

from __future__ import annotations

import pytest

from infra import local
from infra.local import web_file


def test_the_mailed_links_pages_and_the_root_serve_the_single_page():
    for path in ("/", "/index.html", "/activation", "/mot-de-passe", "/email"):
        assert web_file(path) == "index.html"


def test_every_file_of_the_portal_is_served_by_its_path_without_a_list_of_modules(tmp_path, monkeypatch):
    assert web_file("/app.js") == "app.js"
    assert web_file("/style.css") == "style.css"
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "router.js").write_text("")
    monkeypatch.setattr(local, "WEB", tmp_path)
    assert web_file("/core/router.js") == "core/router.js"


def test_the_portal_modules_are_served_by_their_path():
    assert web_file("/core/router.js") == "core/router.js"
    assert web_file("/areas/billing.js") == "areas/billing.js"
    assert web_file("/areas/bookings/calendar.js") == "areas/bookings/calendar.js"


def test_the_agents_console_is_served_at_agent_with_its_modules_and_style_sheet():
    assert web_file("/agent/") == "agent/index.html"
    assert web_file("/agent/index.html") == "agent/index.html"
    assert web_file("/agent/console.js") == "agent/console.js"
    assert web_file("/agent/console.css") == "agent/console.css"


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/../infra/local.py",
        "/core/../../Makefile",
        "//etc/passwd",
        "/core/",
        "/core",
        "/nope.js",
        "/demo/invoices",
        "/%2e%2e/pyproject.toml",
        "/app.js\x00",
        "/" + "a" * 5000 + ".js",
    ],
)
def test_nothing_outside_web_nor_a_missing_file_is_served(path):
    assert web_file(path) is None


def test_a_link_inside_web_to_a_file_outside_is_not_followed(tmp_path, monkeypatch):
    web, secret = tmp_path / "web", tmp_path / "secret.js"
    web.mkdir()
    secret.write_text("secret")
    (web / "leak.js").symlink_to(secret)
    (web / "ok.js").write_text("ok")
    monkeypatch.setattr(local, "WEB", web)

    assert web_file("/ok.js") == "ok.js"
    assert web_file("/leak.js") is None


def test_only_pages_scripts_and_style_sheets_are_served(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("private")
    (tmp_path / "app.js").write_text("")
    monkeypatch.setattr(local, "WEB", tmp_path)

    assert web_file("/app.js") == "app.js"
    assert web_file("/notes.txt") is None
