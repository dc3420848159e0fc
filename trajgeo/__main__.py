"""Allow ``python -m trajgeo``."""

from trajgeo.cli.main import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
