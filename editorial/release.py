"""The release number, written once: pyproject.toml reads it from here (hatch's dynamic version), the wheel is
named after it, and `flask --app editorial version` and the admin's People page show it."""

__version__ = "0.1.0"
