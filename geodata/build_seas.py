"""Build trajgeo's named-sea layer: ``geodata/seas/seas.npz``.

Run:  python geodata/build_seas.py   (offline, deterministic, a few seconds)

What it is
----------
trajgeo's own reconstruction of a few seas as the International Hydrographic
Organization's *Limits of Oceans and Seas* (S-23, 3rd edition, 1953) describes
them in words. S-23 gives limits as lines between named headlands and islands
("from Siriya Saki to Esan Saki"); where a limit follows a coast, the coast is
the shipped land layer (``geodata/land/land.npz``, Natural Earth 1:10m land and
the GSHHG islands ``build_islands.py`` lists, lakes filled). No sea polygon is copied from anywhere.

How
---
Water = a box (22 to 55.5 deg N, 117 to 180 deg E) minus land. Each closing
line below is cut out of the water (a 20 m wide slot), which splits the water
into pieces; each named sea is the piece holding its seed point. Water the
closing lines leave unnamed (the part of the South China Sea in the box) is
dropped. The headland coordinates are read off the S-23 text where it gives a
latitude or longitude and are otherwise trajgeo's approximate positions of the
named capes (about 0.05 deg, 5 km): the limits are good to a few km in the
straits, which is far inside any impact estimate's spread.

Check: every closing line must start and end on land (else a sea would leak
into its neighbour), and each seed must fall in a different piece.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from trajgeo.io.packed import pack_layer, read_layer  # noqa: E402
from trajgeo.maritime.seas import SEAS  # noqa: E402

BOX = (117.0, 22.0, 180.0, 55.5)

#: A point surely inside each sea (names and aliases: trajgeo.maritime.seas.SEAS).
SEEDS: dict[str, tuple[float, float]] = {
    "Sea of Japan": (135.0, 40.0),
    "Yellow Sea": (123.5, 36.0),
    "East China Sea": (125.0, 29.0),
    "Sea of Okhotsk": (148.0, 52.0),
    "Seto Inland Sea": (133.0, 34.2),
    "Pacific Ocean": (150.0, 35.0),
}

#: Closing lines: (what S-23 says the limit is, what trajgeo drew, vertices lon/lat).
CLOSING_LINES: list[tuple[str, str, list[tuple[float, float]]]] = [
    (
        "Japan Sea / Eastern China Sea: Nomo Saki (32 35 N, Kyushu) to the south point of "
        "Hukae Sima (Goto), through it to Ose Saki, thence to Hunan Kan, the south point of "
        "Saisyu To (Jeju), through it to its western extreme",
        "Nomo Saki - Fukue-jima south - Ose Saki - Jeju south point - Jeju west extreme",
        [(129.80, 32.62), (128.80, 32.62), (128.61, 32.63), (126.55, 33.25), (126.18, 33.32)],
    ),
    (
        "Yellow Sea / Eastern China Sea: the parallel of 33 17 N from Saisyu To to the mainland",
        "Jeju west extreme along 33 deg 17 min N to the Chinese coast (carried on over land)",
        [(126.18, 33.32), (126.15, 33.2833), (119.5, 33.2833)],
    ),
    (
        "Yellow Sea / Japan Sea: western extreme of Quelpart (Jeju) to Ka Nyo (34 13 N), Oku To "
        "(34 22 N), the Zyonan To islands (34 24 N), Tin To (Jindo, 34 25 N), thence north-east "
        "to the Korean mainland",
        "Jeju west extreme - (125.95, 34.22) - Jindo north-west coast - Korean mainland",
        [(126.18, 33.32), (125.95, 34.22), (126.05, 34.42), (126.25, 34.55), (126.40, 34.75)],
    ),
    (
        "Japan Sea / Inland Sea, in Simonoseki Kaikyo: Nagoya Saki (130 49 E, Kyushu) through "
        "Uma Sima and Mutsure Sima (33 58 N) to Murasaki Hana (34 01 N, Honshu)",
        "Nagoya Saki - Mutsure-jima - Murasaki Hana",
        [(130.80, 33.89), (130.87, 33.97), (130.92, 34.03)],
    ),
    (
        "Japan Sea / Pacific, in Tsugaru Kaikyo: Siriya Saki (141 28 E) to Esan Saki (41 48 N)",
        "Shiriya-zaki - Esan-misaki",
        [(141.42, 41.35), (141.467, 41.43), (141.17, 41.80), (141.10, 41.86)],
    ),
    (
        "Japan Sea / Sea of Okhotsk, in La Perouse (Soya) Strait: Soni Misaki to Nishi Notoro "
        "Misaki (45 55 N)",
        "Soya-misaki - Cape Crillon",
        [(141.93, 45.48), (141.94, 45.52), (142.08, 45.90), (142.10, 45.95)],
    ),
    (
        "Japan Sea / Sea of Okhotsk, north: Cape Tuik (51 45.7 N, Sakhalin) to Cape Sushcheva "
        "(mainland)",
        "Sakhalin west coast at 51 45.7 N - the mainland opposite",
        [(142.30, 51.762), (141.60, 51.762), (140.70, 51.60), (140.40, 51.55)],
    ),
    (
        "Eastern China Sea / South China Sea: Fuki Kaku (north point of Formosa) to Kiushan Tao "
        "(Haitan, 25 25 N), thence west to the mainland",
        "Fugui Cape - Haitan (Pingtan) - Fujian coast",
        [(121.60, 25.25), (121.535, 25.30), (119.90, 25.42), (118.90, 25.42)],
    ),
    (
        "Eastern China Sea / Pacific: Santyo Kaku (east point of Formosa) to Yonakuni Sima, "
        "thence through the Nansei Shoto (Sakishima, Okinawa, Amami, Osumi islands) to Kyushu",
        "Sandiao Cape - Yonaguni - Iriomote - Ishigaki - Miyako - Okinawa - Amami - Yakushima - "
        "Tanegashima - Osumi peninsula (trajgeo's points on each island)",
        [
            (121.90, 24.95),
            (122.01, 25.01),
            (122.95, 24.45),
            (123.80, 24.32),
            (124.15, 24.40),
            (125.30, 24.75),
            (127.70, 26.10),
            (128.25, 26.85),
            (129.30, 28.10),
            (130.50, 30.35),
            (130.95, 30.50),
            (130.95, 30.80),
            (130.80, 31.10),
            (130.85, 31.30),
        ],
    ),
    (
        "Inland Sea / Pacific, Bungo Suido: S-23 closes the Inland Sea across the Bungo Suido "
        "between Kyushu and Shikoku (the exact headlands were not checked against the text)",
        # trajgeo's choice: the narrows
        "Seki-zaki - Sadamisaki",
        [(131.85, 33.24), (131.90, 33.27), (132.02, 33.34), (132.10, 33.39)],
    ),
    (
        "Inland Sea / Pacific, Kii Suido: Kamoda Saki (Shikoku) to Hino Misaki (Honshu)",
        "Gamoda-misaki - Hinomisaki",
        [(134.65, 33.82), (134.72, 33.83), (135.07, 33.88), (135.15, 33.90)],
    ),
    (
        "Sea of Okhotsk / Pacific: Nosyappu Saki (43 23 N, Hokkaido) through the Kuril Islands "
        "to Cape Lopatka (50 52 N), all narrow waters between being the Sea of Okhotsk",
        "Nosappu-misaki - Shikotan - Iturup - Urup - Simushir - Onekotan - Paramushir - Lopatka "
        "(trajgeo's points on the islands' Pacific side)",
        [
            (145.75, 43.36),
            (145.82, 43.385),
            (146.75, 43.80),
            (148.80, 45.45),
            (150.30, 46.10),
            (152.20, 47.10),
            (154.10, 48.80),
            (154.80, 49.40),
            (156.10, 50.30),
            (156.67, 50.87),
            (156.80, 51.10),
        ],
    ),
]

SLOT_DEG = 0.0002  # half-width of the cut along a closing line (about 20 m)


def build() -> tuple[list, list[str], list[str]]:
    """Split the box's water by the closing lines; return (geometries, names, aliases)."""
    import shapely
    from shapely.geometry import LineString, Point, box

    land_geoms, _a, _m = read_layer(HERE / "land" / "land.npz", bbox=BOX)
    land = shapely.union_all([shapely.make_valid(g) for g in land_geoms])
    for _said, drawn, pts in CLOSING_LINES:
        for end in (pts[0], pts[-1]):
            if not land.contains(Point(end)):
                raise SystemExit(f"closing line {drawn!r}: end {end} is not on land")
    water = box(*BOX).difference(land)
    cuts = shapely.union_all([LineString(p).buffer(SLOT_DEG) for _s, _d, p in CLOSING_LINES])
    pieces = list(getattr(water.difference(cuts), "geoms", []))
    geoms, names, aliases = [], [], []
    used: set[int] = set()
    for name, alias in SEAS.items():
        seed = SEEDS[name]
        hit = [k for k, p in enumerate(pieces) if p.contains(Point(seed))]
        if len(hit) != 1 or hit[0] in used:
            raise SystemExit(f"{name}: its seed {seed} is not in a piece of its own")
        used.add(hit[0])
        # give the slot back to the sea on each side (the sliver is < 20 m)
        sea = pieces[hit[0]].buffer(SLOT_DEG * 1.01, join_style="mitre").intersection(water)
        sea = shapely.make_valid(sea)
        geoms.append(shapely.make_valid(shapely.simplify(sea, 0.0005)))
        names.append(name)
        aliases.append("|".join(alias))
    return geoms, names, aliases


def main() -> None:
    geoms, names, aliases = build()
    out = HERE / "seas" / "seas.npz"
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = pack_layer(
        out,
        geoms,
        {"name": names, "aliases": aliases},
        {
            "layer": "seas",
            "dataset": "trajgeo-seas",
            "source": "trajgeo's reconstruction of IHO S-23 (3rd ed., 1953) limits, "
            "coasts from geodata/land/land.npz; see geodata/build_seas.py",
            "limits": json.dumps([[s, d] for s, d, _p in CLOSING_LINES]),
        },
        cell_deg=5.0,
        max_vertices=None,
    )
    print(f"wrote {out.relative_to(HERE.parent)}: {counts}")


if __name__ == "__main__":
    main()
