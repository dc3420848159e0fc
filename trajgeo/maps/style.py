"""Themes and size presets for trajgeo's maps (static and interactive).

A :class:`Theme` is a frozen set of colours, line widths and font sizes that
both renderers read: colours are plain ``#RRGGBB`` (or ``#RRGGBBAA``) strings
so that matplotlib and Leaflet take them as they are. The shot colours follow
the Okabe–Ito palette, which stays distinct for readers with the common
forms of colour-vision deficiency.

Two themes ship (``light`` and ``dark``); a newsroom's house style is a YAML
file that starts from one of them and overrides fields::

    base: light                # or dark
    font_family: Source Sans 3
    title_size: 13
    colors:
      sea: "#eef3f7"
      shots: ["#d55e00", "#0072b2"]

Unknown keys and malformed values are refused with an :class:`~trajgeo.errors.InputError`
that names the file and the field.

Size presets (:data:`SIZES`): ``web`` is 1200 px wide at 200 dpi (6 in), for
an article column; ``print`` is 180 mm wide at 300 dpi.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trajgeo.errors import InputError

__all__ = [
    "DARK",
    "LIGHT",
    "OKABE_ITO",
    "SIZES",
    "THEMES",
    "Palette",
    "Size",
    "Theme",
    "load_theme",
    "resolve_size",
]

#: Okabe & Ito (2008) colour-blind-safe palette, strongest first for map lines.
OKABE_ITO: tuple[str, ...] = (
    "#D55E00",  # vermillion
    "#0072B2",  # blue
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


@dataclass(frozen=True)
class Palette:
    """The colours of a theme, as ``#RRGGBB`` strings.

    Attributes
    ----------
    background
        Paper colour around the map (title and footer band).
    sea, land
        Fills of sea and land.
    coastline, border
        Coastline and national border strokes.
    text, muted
        Main text and secondary text (subtitle, footer, scale bar).
    halo
        Outline drawn behind text on the map so it reads over any fill.
    eez, eez_label
        EEZ boundary stroke and its labels.
    overlap
        Fill of overlapping-claim and joint-regime bands.
    launch
        Launch-site marker.
    impact
        Reported impact points.
    ring
        Range rings.
    capability, capability_label
        Capability rings (how far a tested missile could fly on a normal
        trajectory) and their labels (darker, for legible small text).
    overflight
        Highlight under the stretch of a track over another state's land.
    shots
        One colour per shot line, used in turn.
    inset_frame
        Rectangle that shows the main map's extent on the locator inset.
    """

    background: str = "#FFFFFF"
    sea: str = "#E8EFF5"
    land: str = "#F4F1EA"
    coastline: str = "#8C969E"
    border: str = "#A7A9AC"
    text: str = "#1A1A1A"
    muted: str = "#5A5F66"
    halo: str = "#FFFFFF"
    eez: str = "#2C6E9B"
    eez_label: str = "#245A80"
    overlap: str = "#9E7BB5"
    launch: str = "#000000"
    impact: str = "#000000"
    ring: str = "#5A5F66"
    capability: str = "#CC79A7"
    capability_label: str = "#8A3D6E"
    overflight: str = "#F0E442"
    shots: tuple[str, ...] = OKABE_ITO[:6]
    inset_frame: str = "#D55E00"

    def shot(self, i: int) -> str:
        """Return the colour of the ``i``-th shot line (0-based), cycling."""
        return self.shots[i % len(self.shots)]


@dataclass(frozen=True)
class Theme:
    """Everything about how a map looks, apart from its content.

    Attributes
    ----------
    name
        ``"light"``, ``"dark"`` or the house-style file's name.
    colors
        The :class:`Palette`.
    font_family
        A font family name; matplotlib falls back to DejaVu Sans if it is absent.
    title_size, subtitle_size, label_size, small_size
        Font sizes in points (title, subtitle, map labels, footer and scale bar).
    arc_width, zone_alpha, eez_width, border_width, coast_width
        Line widths in points, and the opacity of impact-zone fills.
    """

    name: str = "light"
    colors: Palette = field(default_factory=Palette)
    font_family: str = "DejaVu Sans"
    title_size: float = 11.5
    subtitle_size: float = 8.5
    label_size: float = 7.5
    small_size: float = 6.0
    arc_width: float = 1.8
    zone_alpha: float = 0.28
    eez_width: float = 0.9
    border_width: float = 0.5
    coast_width: float = 0.45


LIGHT = Theme()
DARK = Theme(
    name="dark",
    colors=Palette(
        background="#15191E",
        sea="#1D2733",
        land="#2E3238",
        coastline="#6B737C",
        border="#5D646C",
        text="#F2F2F2",
        muted="#B4BAC1",
        halo="#15191E",
        eez="#7FB8E0",
        eez_label="#A8D0EE",
        overlap="#B99AD0",
        launch="#FFFFFF",
        impact="#FFFFFF",
        ring="#B4BAC1",
        capability="#CC79A7",
        capability_label="#E7B3D2",
        overflight="#B8A92E",
        shots=("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#D55E00"),
        inset_frame="#E69F00",
    ),
)
#: The shipped themes by name.
THEMES: dict[str, Theme] = {"light": LIGHT, "dark": DARK}


@dataclass(frozen=True)
class Size:
    """Output size: pixels and resolution (the figure is ``width_px / dpi`` inches wide)."""

    name: str
    width_px: int
    height_px: int
    dpi: float

    @property
    def inches(self) -> tuple[float, float]:
        """Figure size in inches."""
        return self.width_px / self.dpi, self.height_px / self.dpi


#: Size presets: ``web`` (1200 px wide for an article) and ``print`` (180 mm at 300 dpi).
SIZES: dict[str, Size] = {
    "web": Size("web", 1200, 1000, 200.0),
    "print": Size("print", 2126, 1772, 300.0),
}


#: What an image's width or height may be.
_PIXELS = "a whole number of pixels from 200 to 10,000"


def resolve_size(
    preset: str | Size = "web",
    *,
    width: int | None = None,
    height: int | None = None,
    dpi: float | None = None,
) -> Size:
    """Return a :class:`Size` from a preset (a name or a Size) with pixel and dpi overrides.

    Giving only ``width`` keeps the preset's aspect ratio. Without ``dpi`` the
    layout is the preset's (the dpi scales with the width, so text keeps its
    size relative to the map); giving ``dpi`` keeps the pixel size and makes
    text larger or smaller relative to the map.

    Examples
    --------
    >>> resolve_size("web", width=600)
    Size(name='web', width_px=600, height_px=500, dpi=100.0)
    """
    from trajgeo._checks import count, number

    if isinstance(preset, Size):
        base = preset
    elif isinstance(preset, str) and preset in SIZES:
        base = SIZES[preset]
    else:
        raise InputError(
            "unknown size preset", field="size", value=preset, allowed=", ".join(SIZES)
        )
    if width is not None:
        width = count(width, "width", low=200, high=10_000, allowed=_PIXELS)
    if height is not None:
        height = count(height, "height", low=200, high=10_000, allowed=_PIXELS)
    if dpi is not None:
        dpi = number(dpi, "dpi", low=30, high=1200, allowed="30 to 1200 dots per inch")
    w, h = base.width_px, base.height_px
    if width is not None and height is None:
        h = round(width * h / w)
        w = width
    elif height is not None and width is None:
        w = round(height * w / h)
        h = height
    elif width is not None and height is not None:
        w, h = width, height
    if dpi is None:
        # same layout in inches, fewer or more pixels
        dpi = base.dpi * w / base.width_px
    return Size(base.name, int(w), int(h), float(dpi))


# --------------------------------------------------------------------------- house styles
_NUMBER_FIELDS = (
    "title_size",
    "subtitle_size",
    "label_size",
    "small_size",
    "arc_width",
    "zone_alpha",
    "eez_width",
    "border_width",
    "coast_width",
)


def _shown(value: Any) -> Any:
    """Return a style value fit to quote in an error: a number or short text, else nothing.

    A style file may be any file (``--theme ~/.netrc``); its content is never echoed.
    """
    if isinstance(value, (bool, int, float)) or (isinstance(value, str) and len(value) <= 40):
        return value
    return ...


def _installed_font(family: str, src: str) -> str:
    """Return ``family`` if matplotlib can find it (else every label logs a warning)."""
    from matplotlib import font_manager

    try:
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        raise InputError(
            "font not installed",
            source=src,
            field="font_family",
            value=_shown(family),
            allowed="an installed font family, or sans-serif, serif, monospace",
        ) from None
    return family


def _shown_key(key: Any) -> str:
    text = str(key)
    return text if len(text) <= 40 and text.isprintable() else "(a long or unprintable key)"


def _colour(value: Any, *, source: str, fld: str) -> str:
    if not isinstance(value, str) or not _HEX.match(value.strip()):
        raise InputError(
            "not a colour",
            source=source,
            field=fld,
            value=_shown(value),
            allowed="a hex colour such as '#1a1a1a' or '#1a1a1a80'",
        )
    return value.strip().upper()


def _style_numbers(doc: dict[str, Any], src: str) -> dict[str, float]:
    """Read the sizes and alphas a house-style file sets, each checked against its range."""
    numbers: dict[str, float] = {}
    for key in _NUMBER_FIELDS:
        if key in doc:
            val = doc[key]
            hi = 1.0 if key == "zone_alpha" else 72.0
            lo = 1.0 if key.endswith("_size") else 0.0  # a font of size 0 cannot be drawn
            if isinstance(val, bool) or not isinstance(val, (int, float)) or not lo <= val <= hi:
                raise InputError(
                    "not a number in range",
                    source=src,
                    field=key,
                    value=_shown(val),
                    allowed=f"a number from {lo:g} to {hi:g}",
                )
            numbers[key] = float(val)
    return numbers


def _style_colours(colours: dict[Any, Any], src: str) -> dict[str, Any]:
    """Read the palette colours a house-style file sets (``shots``: a tuple), each checked."""
    names = {f.name for f in dataclasses.fields(Palette)}
    pal_changes: dict[str, Any] = {}
    for key, val in colours.items():
        fld = f"colors.{_shown_key(key)}"
        if key not in names:
            raise InputError(
                "unknown colour", source=src, field=fld, allowed=", ".join(sorted(names))
            )
        if key == "shots":
            if not isinstance(val, list) or not val:
                raise InputError(
                    "expected a list of hex colours", source=src, field=fld, value=_shown(val)
                )
            pal_changes[key] = tuple(
                _colour(v, source=src, fld=f"{fld}[{i}]") for i, v in enumerate(val)
            )
        else:
            pal_changes[key] = _colour(val, source=src, fld=fld)
    return pal_changes


def load_theme(theme: str | Path | Theme | None = None) -> Theme:
    """Return a theme by name (``light``, ``dark``) or from a house-style YAML file.

    Parameters
    ----------
    theme
        A :class:`Theme`, a shipped theme's name, or the path of a YAML file
        (see the module docstring). ``None`` gives ``light``.

    Raises
    ------
    InputError
        For an unknown name, a missing or malformed file, an unknown key or a
        bad value; the message names the file and the field.

    Examples
    --------
    >>> load_theme("dark").colors.sea
    '#1D2733'
    """
    if theme is None:
        return LIGHT
    if isinstance(theme, Theme):
        return theme
    text = str(theme)
    if text in THEMES:
        return THEMES[text]
    path = Path(text)
    if path.suffix.lower() not in (".yaml", ".yml", ".json") and not path.exists():
        raise InputError(
            "unknown theme",
            field="theme",
            value=text,
            allowed="light, dark, or a house-style .yaml file",
        )
    from trajgeo.io.yamlfile import read_yaml

    try:
        doc = read_yaml(path)
    except InputError as exc:  # EventFileError: keep its message, it names the file
        raise InputError(exc.message, source=str(path)) from None
    src = str(path)
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise InputError("expected a mapping of style fields", source=src)
    allowed_top = {"base", "name", "font_family", "colors", *_NUMBER_FIELDS}
    for key in doc:
        if key not in allowed_top:
            raise InputError(
                "unknown field",
                source=src,
                field=_shown_key(key),
                allowed=", ".join(sorted(allowed_top)),
            )
    base_name = doc.get("base", "light")
    if not isinstance(base_name, str) or base_name not in THEMES:
        raise InputError(
            "unknown base theme",
            source=src,
            field="base",
            value=_shown(base_name),
            allowed=", ".join(THEMES),
        )
    base = THEMES[base_name]
    changes: dict[str, Any] = {"name": str(doc.get("name", path.stem))}
    if "font_family" in doc:
        if not isinstance(doc["font_family"], str) or not doc["font_family"].strip():
            raise InputError(
                "not a font family name",
                source=src,
                field="font_family",
                value=_shown(doc["font_family"]),
            )
        changes["font_family"] = _installed_font(doc["font_family"].strip(), src)
    changes.update(_style_numbers(doc, src))
    colours = doc.get("colors", {}) or {}
    if not isinstance(colours, dict):
        raise InputError(
            "expected a mapping of colour names to hex colours", source=src, field="colors"
        )
    changes["colors"] = dataclasses.replace(base.colors, **_style_colours(colours, src))
    return dataclasses.replace(base, **changes)
