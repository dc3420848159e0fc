"""Allow ``python -m trajgeo``."""

from trajgeo.cli.main import main

if __name__ == "__main__":
    main()
