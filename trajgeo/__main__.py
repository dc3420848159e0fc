"""Allow ``python -m trajgeo``."""

from trajgeo.cli.main import entry

__all__: list[str] = []

if __name__ == "__main__":
    entry()
