"""The server programs the deploy tests drive (nginx, openssl, systemd-analyze): found, or the test is skipped
locally; under EDITORIAL_REQUIRE_DEPLOY_TOOLS=1 (CI, which installs them) a missing one fails instead."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SBIN = "/usr/sbin:/sbin"


def tool(name: str) -> str:
    """The program's path (PATH, then the sbin folders)."""
    found = shutil.which(name) or shutil.which(name, path=SBIN)
    if found is None:
        if os.environ.get("EDITORIAL_REQUIRE_DEPLOY_TOOLS", "") not in ("", "0", "false", "no"):
            pytest.fail(f"{name} is required here (EDITORIAL_REQUIRE_DEPLOY_TOOLS) but not installed")
        pytest.skip(f"{name} is not installed")
    return found


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for news.example.org and its key (cert.pem, key.pem in `folder`)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([tool("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=news.example.org",
                    "-keyout", str(key), "-out", str(cert), "-days", "1"], check=True, capture_output=True, timeout=60)
    return cert, key
