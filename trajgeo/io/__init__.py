"""Reading and writing: GeoJSON export, atomic writes, packed layers, YAML, data download."""

__all__: list[str] = []
