"""Pack the built zone and land layers into trajgeo's shipped ``.npz`` format.

Run after ``build_eez.py``:  python geodata/pack_layers.py

Reads ``geodata/_cache/build/{zones,land}.fgb`` (or ``geodata/eez/zones.fgb``
and ``geodata/land/land.fgb`` where the build left them), snaps coordinates
to 1e-7 degree, checks that every geometry reads back valid and within 1 cm,
and writes ``geodata/eez/zones.npz`` and ``geodata/land/land.npz``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from trajgeo.io.packed import pack_layer, read_layer  # noqa: E402

LAYERS = {
    "zones": (["_cache/build/zones.fgb", "eez/zones.fgb"], "eez/zones.npz"),
    "land": (["_cache/build/land.fgb", "land/land.fgb"], "land/land.npz"),
}


def _source(candidates: list[str]) -> Path:
    for rel in candidates:
        if (HERE / rel).exists():
            return HERE / rel
    raise SystemExit(
        f"no built layer found (looked for {', '.join(candidates)}); run geodata/build_eez.py first"
    )


def main() -> None:
    import pyogrio
    import shapely

    manifest_path = HERE / "eez" / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    packed = {}
    for name, (candidates, target) in LAYERS.items():
        src = _source(candidates)
        meta, _fids, wkb, values = pyogrio.raw.read(str(src))
        geoms = shapely.from_wkb(wkb)
        attrs = {f: [str(v) for v in col] for f, col in zip(meta["fields"], values, strict=False)}
        out = HERE / target
        out.parent.mkdir(parents=True, exist_ok=True)
        counts = pack_layer(
            out,
            geoms,
            attrs,
            {
                "layer": name,
                "source": src.name,
                "dataset": manifest.get("dataset", ""),
                "version": manifest.get("version", ""),
            },
        )
        back, back_attrs, _ = read_layer(out)
        order = {zid: i for i, zid in enumerate(attrs["zone_id"])}
        worst = 0.0
        for zid, geom in zip(back_attrs["zone_id"], back, strict=False):
            if not geom.is_valid:
                raise SystemExit(f"{out}: {zid} reads back invalid")
            diff = geoms[order[str(zid)]].symmetric_difference(geom).area
            worst = max(worst, diff)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        packed[str(out.relative_to(HERE.parent))] = digest
        print(
            f"{out.relative_to(HERE.parent)}: {counts['records']} records, "
            f"{counts['pieces']} polygons, {counts['vertices']:,} vertices, "
            f"{out.stat().st_size / 1e6:.1f} MB; largest area change {worst:.2e} deg²"
        )
    if manifest:
        manifest.setdefault("files", {}).update(packed)
        manifest["packed_format"] = (
            "trajgeo packed polygons (.npz): int32 coordinates in "
            "1e-7 degree, ragged offsets, per-polygon bbox index"
        )
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
