"""The ``trajgeo`` command line: one module per subcommand, loaded on demand."""

__all__: list[str] = []
