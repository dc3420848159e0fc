"""The catalogue table's writers: every format reads back with pandas/geopandas."""

from __future__ import annotations

import json
import sys

import pytest

from tests.analysis.test_catalogue import FAST, SMALL


@pytest.fixture(scope="module")
def cat():
    from trajgeo.analysis.catalogue import CatalogueOptions, run_catalogue

    return run_catalogue(FAST, CatalogueOptions(samples=SMALL), jobs=1)


def test_csv_reads_back_with_numbers_as_numbers(cat, tmp_path):
    pd = pytest.importorskip("pandas")
    from trajgeo.io.table import write_table

    out = tmp_path / "t.csv"
    write_table(cat, "csv", str(out))
    df = pd.read_csv(out)
    assert list(df.columns) == cat.columns()
    assert len(df) == 2 and list(df["event_id"]) == [r.event_id for r in cat.rows]
    for col in ("claim_probability", "p_inside_JPN_eez", "impact_lon", "nearest_limit_km"):
        assert df[col].dtype.kind == "f", col
    assert df["impact_lat"].tolist() == pytest.approx([r.impact_lat for r in cat.rows])
    assert df["verdict"].tolist() == [r.verdict for r in cat.rows]
    assert set(df["verdict"]) <= {"holds", "near_line"}


def test_json_reads_back(cat, tmp_path):
    pd = pytest.importorskip("pandas")
    from trajgeo.io.table import write_table

    out = tmp_path / "t.json"
    write_table(cat, "json", str(out))
    records = json.loads(out.read_text())
    assert records == json.loads(json.dumps(cat.records()))
    df = pd.read_json(out)
    assert df.shape == (2, len(cat.columns()))
    assert df["claim_probability"].tolist() == pytest.approx(
        [r.claim_probability for r in cat.rows]
    )


def test_markdown_table(cat):
    from trajgeo.io.table import MARKDOWN_COLUMNS, to_markdown

    lines = to_markdown(cat).splitlines()
    assert lines[0] == "| " + " | ".join(MARKDOWN_COLUMNS) + " |"
    assert len(lines) == 4 and lines[2].startswith("| 2017-05-14-hwasong-12 | 1 | Kusong |")
    assert "near the line" in lines[3] and " %" in lines[3]


def test_geoparquet_has_points_and_regions(cat, tmp_path):
    gpd = pytest.importorskip("geopandas")
    pytest.importorskip("pyarrow")
    from trajgeo.io.table import write_table

    out = tmp_path / "t.parquet"
    write_table(cat, "geoparquet", str(out))
    df = gpd.read_parquet(out)
    assert df.crs.to_epsg() == 4326 and len(df) == 2
    assert [(p.x, p.y) for p in df.geometry] == [(r.impact_lon, r.impact_lat) for r in cat.rows]
    regions = gpd.GeoSeries(df["region_95"])
    assert all(regions.geom_type.isin(["Polygon", "MultiPolygon"]))
    assert all(regions.contains(df.geometry))
    assert df["p_inside_JPN_eez"].dtype.kind == "f"


def test_geopackage_has_two_layers(cat, tmp_path):
    gpd = pytest.importorskip("geopandas")
    import pyogrio

    from trajgeo.io.table import write_table

    out = tmp_path / "t.gpkg"
    write_table(cat, "gpkg", str(out))
    assert [name for name, _ in pyogrio.list_layers(out)] == ["missiles", "regions_95"]
    pts = gpd.read_file(out, layer="missiles")
    regions = gpd.read_file(out, layer="regions_95")
    assert list(pts["event_id"]) == [r.event_id for r in cat.rows]
    assert pts.geom_type.tolist() == ["Point", "Point"]
    assert regions["region_95_km2"].tolist() == [r.region_95_km2 for r in cat.rows]
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


@pytest.mark.parametrize(("fmt", "path"), [("csv", "t.json"), ("gpkg", "t.parquet"), ("json", "t")])
def test_extension_must_match(cat, tmp_path, fmt, path):
    from trajgeo.errors import InputError
    from trajgeo.io.table import write_table

    with pytest.raises(InputError, match="the extension does not match"):
        write_table(cat, fmt, str(tmp_path / path))
    assert not list(tmp_path.iterdir())


def test_binary_formats_refuse_standard_output(cat):
    from trajgeo.errors import InputError
    from trajgeo.io.table import write_table

    with pytest.raises(InputError, match="binary file, not standard output"):
        write_table(cat, "geoparquet", "-")


def test_geo_formats_without_the_geo_extra_say_what_to_install(cat, tmp_path, monkeypatch):
    from trajgeo.errors import MissingDependencyError
    from trajgeo.io.table import write_table

    monkeypatch.setitem(sys.modules, "geopandas", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'trajgeo\[geo\]'"):
        write_table(cat, "gpkg", str(tmp_path / "t.gpkg"))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Kusong", "Kusong"),
        (-12.5, -12.5),
        (0, 0),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_csv_cells_cannot_run_as_formulas(value, cell):
    from trajgeo.io.table import csv_cell

    assert csv_cell(value) == cell
