"""Templates, static files, migrations and the demo article: beside editorial/ in a checkout, inside the
package (editorial/_bundled/) in a wheel. The wheel's mapping and the lookup must name the same folders."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from editorial import create_app, resources
from tests.conftest import ROOT


def test_a_checkout_uses_its_own_folders(app):
    assert not resources.installed()
    assert resources.path("templates") == ROOT / "templates"
    assert Path(app.template_folder) == ROOT / "templates"
    assert Path(app.static_folder) == ROOT / "static"
    assert Path(app.extensions["migrate"].directory) == ROOT / "migrations"
    assert resources.default_instance() == ROOT / "instance"


def test_an_installed_package_uses_the_bundled_folders(monkeypatch, tmp_path):
    bundled = tmp_path / "_bundled"
    for name in resources.NAMES:
        (bundled / name).mkdir(parents=True)
    monkeypatch.setattr(resources, "BUNDLED", bundled)
    monkeypatch.delenv("EDITORIAL_INSTANCE", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert resources.installed()
    assert resources.path("static") == bundled / "static"
    assert resources.default_instance() == Path(sys.prefix) / "var" / "editorial-instance"
    monkeypatch.setenv("EDITORIAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert Path(app.template_folder) == bundled / "templates"
    assert Path(app.extensions["migrate"].directory) == bundled / "migrations"


def test_an_unknown_folder_is_refused():
    with pytest.raises(ValueError, match="no resource folder"):
        resources.path("../etc")


def test_the_wheel_bundles_every_folder_the_app_looks_up():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    bundled = {target.removeprefix("editorial/_bundled/").split("/")[0] for target in mapping.values()}
    assert bundled == set(resources.NAMES)
    for source, target in mapping.items():
        assert (ROOT / source).exists(), source
        assert target == f"editorial/_bundled/{source}"
