"""The gazetteer: launch sites and landmarks the way reports name them.

Entries live in ``geodata/gazetteer.yaml``; each has a name, aliases
(romanisation variants, other spellings), a state, a kind, coordinates, an
optional radius (how far "near X" may reach) and the source of its
coordinates. Lookup ignores case, accents, apostrophes, hyphens and spaces,
so ``Sŏhae``, ``sohae`` and ``So-hae`` find the same place, and a miss
suggests the closest names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from trajgeo.errors import DataError, InputError, UnknownPlaceError

__all__ = ["COASTS", "KINDS", "Gazetteer", "Place", "gazetteer", "lookup", "normalise_name"]

#: The kinds of place the gazetteer holds.
KINDS = ("launch_site", "landmark", "city", "area", "test_range", "island", "cape", "peninsula")

#: The coasts an area may be named after ("the east coast"): the side the sea is on.
COASTS = ("north", "east", "south", "west")


def normalise_name(text: str) -> str:
    """Fold a place name for matching: no case, accents, apostrophes, hyphens or spaces.

    Examples
    --------
    >>> normalise_name("Tongch'ang-ni") == normalise_name("Tongchang ni")
    True
    >>> normalise_name("Sŏhae")
    'sohae'
    """
    if not text.isascii():  # most names are: nothing to decompose
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub("", text.casefold())


#: What a folded name leaves out: anything but letters and digits.
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Place:
    """A named point (or area) with the source of its coordinates.

    Parameters
    ----------
    id
        Stable identifier, e.g. ``"sohae"``.
    name
        Display name.
    lon, lat
        WGS84 degrees.
    kind
        One of :data:`KINDS`.
    country
        ISO 3166-1 alpha-3 of the state the place is in.
    radius_km
        How far a launch "from near" this place may lie from the point; 0 for a point.
    aliases
        Other names and spellings.
    source
        Where the coordinates come from.
    note
        Anything else a reader should know.
    coast
        For an area named after a coast ("east coast"), the side of the state's land the
        sea is on (one of :data:`COASTS`); maps draw it as a band of land along that coast.
    """

    id: str
    name: str
    lon: float
    lat: float
    kind: str = "landmark"
    country: str = ""
    radius_km: float = 0.0
    aliases: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    coast: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "country": self.country,
            "kind": self.kind,
            "lat": self.lat,
            "lon": self.lon,
            "radius_km": self.radius_km,
            "source": self.source,
            "note": self.note,
            "coast": self.coast,
        }


@dataclass(frozen=True)
class Gazetteer:
    """A searchable set of :class:`Place` entries."""

    places: tuple[Place, ...]
    path: str = ""
    _index: Mapping[str, Place] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_places(cls, places: tuple[Place, ...], path: str = "") -> Gazetteer:
        """Build a gazetteer and its name index; duplicate names are an error."""
        index: dict[str, Place] = {}
        for place in places:
            for label in (place.id, place.name, *place.aliases):
                key = normalise_name(label)
                other = index.get(key)
                if other is not None and other.id != place.id:
                    raise DataError(
                        f"{path or 'gazetteer'}: name {label!r} is used by both "
                        f"{other.id!r} and {place.id!r}"
                    )
                index[key] = place
        return cls(places, path, index)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)

    def get(self, name: str) -> Place | None:
        """Return the place called ``name`` (any alias, any spelling), or ``None``."""
        return self._index.get(normalise_name(name))

    def lookup(self, name: str, *, source: str | None = None, field: str | None = None) -> Place:
        """Return the place called ``name`` or raise :class:`UnknownPlaceError` with suggestions."""
        place = self.get(name)
        if place is None:
            raise UnknownPlaceError(name, self.suggest(name), source=source, field=field)
        return place

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Return up to ``n`` display names close to ``name``, best first."""
        key = normalise_name(name)
        hits = difflib.get_close_matches(key, list(self._index), n=n * 3, cutoff=0.6)
        names: list[str] = []
        for hit in hits:
            place = self._index[hit]
            if place.name not in names:
                names.append(place.name)
        return names[:n]

    def search(
        self,
        query: str | None = None,
        *,
        kind: str | None = None,
        country: str | None = None,
        close: bool = True,
    ) -> list[Place]:
        """Return the places whose names contain ``query`` (folded), filtered by kind/country.

        An exact match comes first; with no substring hit, close names are
        returned, unless ``close`` is false (then nothing: a close name is a
        guess, and ``west coast`` is close to ``east coast``).
        """
        places = [
            p
            for p in self.places
            if (kind is None or p.kind == kind)
            and (country is None or p.country.upper() == country.upper())
        ]
        if not query:
            return places
        key = normalise_name(query)
        if not key:  # no letter or digit ("%", "🚀"): it names no place (it had matched all)
            return []
        hits = [
            p for p in places if any(key in normalise_name(n) for n in (p.id, p.name, *p.aliases))
        ]
        exact = self.get(query)
        if exact in hits:
            hits.remove(exact)
            hits.insert(0, exact)
        if not hits and close:
            near = set(self.suggest(query, n=5))
            hits = [p for p in places if p.name in near]
        return hits


def _place_from_mapping(raw: Mapping[str, Any], path: str, i: int) -> Place:
    where = f"places[{i}]"
    try:
        lat = float(raw["lat"])
        lon = float(raw["lon"])
        pid = str(raw["id"])
        name = str(raw["name"])
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{path}: {where}: needs id, name, lat and lon ({exc})") from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise DataError(f"{path}: {where} ({pid}): coordinates out of range")
    kind = str(raw.get("kind", "landmark"))
    if kind not in KINDS:
        raise DataError(f"{path}: {where} ({pid}): kind {kind!r} not one of {', '.join(KINDS)}")
    coast = str(raw.get("coast", "") or "")
    if coast and coast not in COASTS:
        raise DataError(f"{path}: {where} ({pid}): coast {coast!r} not one of {', '.join(COASTS)}")
    return Place(
        id=pid,
        name=name,
        lon=lon,
        lat=lat,
        kind=kind,
        country=str(raw.get("country", "") or ""),
        radius_km=float(raw.get("radius_km", 0.0) or 0.0),
        aliases=tuple(str(a) for a in raw.get("aliases", ()) or ()),
        source=str(raw.get("source", "") or ""),
        note=str(raw.get("note", "") or ""),
        coast=coast,
    )


def load_gazetteer(path: str | Path) -> Gazetteer:
    """Read a gazetteer YAML file (the format of ``geodata/gazetteer.yaml``)."""
    from trajgeo.io.yamlfile import read_yaml

    path = Path(path)
    name = _json_name(path)
    doc = _cached_json(name)
    if doc is None:
        try:
            doc = read_yaml(path)
        except InputError as exc:
            raise DataError(str(exc)) from None
        _save_json(name, doc)
    raw = doc.get("places") if isinstance(doc, Mapping) else None
    if not isinstance(raw, list):
        raise DataError(f"{path}: expected a mapping with a 'places' list")
    places = tuple(_place_from_mapping(r, str(path), i) for i, r in enumerate(raw))
    return Gazetteer.from_places(places, str(path))


def _json_name(path: Path) -> str:
    """Name the JSON copy of a gazetteer file in the user's cache (by its path, size and date)."""
    from trajgeo.maritime._piececache import digest

    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"gazetteer-v1-{digest(str(path.resolve()), str(stat.st_size), str(stat.st_mtime_ns))}"


def _cached_json(name: str) -> Any:
    """Return the gazetteer file as parsed before, from its JSON copy ``name``, or ``None``.

    Parsing the YAML (about 0.01 s) was a fifth of reading an event file.
    """
    import json

    from trajgeo.maritime._piececache import load_arrays

    found = load_arrays(name) if name else None
    if found is None or "json" not in found:
        return None
    try:
        return json.loads(str(found["json"]))
    except ValueError:
        return None


def _save_json(name: str, doc: Any) -> None:
    """Keep a JSON copy ``name`` of a parsed gazetteer file, if JSON holds it exactly."""
    import json

    import numpy as np

    from trajgeo.maritime._piececache import save_arrays

    if not name:
        return
    try:
        text = json.dumps(doc, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # a date or another value JSON would not give back
    if json.loads(text) == doc:
        save_arrays(name, {"json": np.array(text)}, keep=4)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Return the gazetteer shipped with trajgeo (read once, then cached)."""
    from trajgeo.io.data import data_path

    return load_gazetteer(data_path("gazetteer.yaml"))


def lookup(name: str) -> Place:
    """Find a place in the shipped gazetteer by any of its names.

    Raises
    ------
    UnknownPlaceError
        With close names as suggestions.

    Examples
    --------
    >>> lookup("Sŏhae").id  # doctest: +SKIP
    'sohae'
    """
    return gazetteer().lookup(name)
