"""The Earth's rotation: ranges that depend on direction, and capability rings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from trajgeo.errors import InputError
from trajgeo.physics.kepler import (
    _GOLDEN,
    EARTH_RADIUS_KM,
    MU,
    OMEGA,
    BoolOrArray,
    FloatOrArray,
    _arrays,
    _check,
    _check_body,
    _kepler_core,
    _met_reach,
    _out,
    _radii,
)

__all__ = [
    "CapabilityRing",
    "RotatingRange",
    "capability_ring",
    "rotating_range",
]


@dataclass(frozen=True)
class RotatingRange:
    """Result of :func:`rotating_range`.

    Attributes
    ----------
    distance_km
        Great-circle distance from the launch site to the Earth-fixed impact
        point, km (``inf`` when orbital).
    bearing_deg
        Initial bearing of that great circle from the launch site, degrees
        clockwise from north.
    impact_lat_deg, impact_dlon_deg
        Impact latitude and longitude east of the launch site, degrees (sphere).
    launch_azimuth_deg
        Direction of the ground-relative burnout velocity, degrees.
    flight_path_angle_deg
        Burnout angle used (the range-maximising one unless given).
    time_s
        Free-flight time, s.
    is_global
        True when the inertial burnout speed could reach any point on Earth
        (at or above circular speed for a surface burnout); the distance is
        then ``inf``.
    rotation_applied
        Whether the Earth's rotation was included.
    """

    distance_km: FloatOrArray
    bearing_deg: FloatOrArray
    impact_lat_deg: FloatOrArray
    impact_dlon_deg: FloatOrArray
    launch_azimuth_deg: FloatOrArray
    flight_path_angle_deg: FloatOrArray
    time_s: FloatOrArray
    is_global: BoolOrArray
    rotation_applied: bool


def _rotating_eval(
    v: npt.NDArray[np.float64],
    az: npt.NDArray[np.float64],
    lat: npt.NDArray[np.float64],
    gamma: npt.NDArray[np.float64],
    r_b: npt.NDArray[np.float64],
    r_i: npt.NDArray[np.float64],
    mu: float,
    omega: float,
) -> dict[str, npt.NDArray[Any]]:
    """Earth-fixed impact of an Earth-relative burnout state (angles in radians)."""
    cl, sl = np.cos(lat), np.sin(lat)
    cg, sg = np.cos(gamma), np.sin(gamma)
    # local frame at the launch site (longitude 0): up, east, north
    up = np.stack([cl, np.zeros_like(cl), sl])
    east = np.stack([np.zeros_like(cl), np.ones_like(cl), np.zeros_like(cl)])
    north = np.stack([-sl, np.zeros_like(cl), cl])
    v_e = v * cg * np.sin(az) + omega * r_b * cl  # ω × r adds eastward speed
    v_n = v * cg * np.cos(az)
    v_u = v * sg
    v_h = np.hypot(v_e, v_n)
    speed_i = np.hypot(v_h, v_u)
    gamma_i = np.arctan2(v_u, v_h)
    core = _kepler_core(speed_i, gamma_i, r_b, r_i, mu, want=frozenset({"psi", "t"}))
    # global: this inertial speed could reach any range angle at some elevation
    met_global = _met_reach(speed_i, r_b, r_i, mu)[2]
    psi = np.where(core["orbital"], 0.0, core["psi"])
    t = np.where(core["orbital"], 0.0, core["t"])
    with np.errstate(invalid="ignore", divide="ignore"):
        # horizontal direction of travel (falls back to the launch azimuth when vertical)
        fe = np.where(v_h > 0, v_e / np.where(v_h > 0, v_h, 1.0), np.sin(az))
        fn = np.where(v_h > 0, v_n / np.where(v_h > 0, v_h, 1.0), np.cos(az))
    h_hat = fe * east + fn * north
    imp = np.cos(psi) * up + np.sin(psi) * h_hat
    rot = -omega * t  # the Earth turns east under the flight
    x = imp[0] * np.cos(rot) - imp[1] * np.sin(rot)
    y = imp[0] * np.sin(rot) + imp[1] * np.cos(rot)
    z = imp[2]
    imp_f = np.stack([x, y, z])
    cosd = np.sum(imp_f * up, axis=0)
    sind = np.linalg.norm(np.cross(up, imp_f, axis=0), axis=0)
    dist = np.arctan2(sind, cosd)
    bearing = (
        np.degrees(np.arctan2(np.sum(imp_f * east, axis=0), np.sum(imp_f * north, axis=0))) % 360.0
    )
    return {
        "dist": np.where(core["orbital"], np.inf, dist),
        "global": core["orbital"] | met_global,
        "bearing": bearing,
        "lat": np.degrees(np.arcsin(np.clip(z, -1.0, 1.0))),
        "dlon": np.degrees(np.arctan2(y, x)),
        "t": np.where(core["orbital"], np.inf, t),
        "orbital": core["orbital"],
    }


def _golden_max(
    f: Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]],
    lo: npt.NDArray[np.float64],
    hi: npt.NDArray[np.float64],
    iterations: int = 60,
) -> npt.NDArray[np.float64]:
    """Elementwise golden-section search for the maximum of a unimodal ``f``."""
    a, b = lo.copy(), hi.copy()
    c = b - _GOLDEN * (b - a)
    d = a + _GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        left = fc >= fd
        a = np.where(left, a, c)
        b = np.where(left, d, b)
        new = np.where(left, b - _GOLDEN * (b - a), a + _GOLDEN * (b - a))
        fn = f(new)
        c, d, fc, fd = (
            np.where(left, new, d),
            np.where(left, c, new),
            np.where(left, fn, fd),
            np.where(left, fc, fn),
        )
    return 0.5 * (a + b)


@dataclass(frozen=True)
class _Burnout:
    """What :func:`rotating_range` holds fixed while it searches angles and azimuths."""

    v: npt.NDArray[np.float64]
    latr: npt.NDArray[np.float64]
    r_b: npt.NDArray[np.float64]
    r_i: npt.NDArray[np.float64]
    mu: float
    w: float
    flight_path_angle_deg: Any

    def solve(self, az_deg: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], Any]:
        """Flight-path angle (given, or the farthest) and the flight, for a launch azimuth."""
        azr = np.radians(az_deg)
        if self.flight_path_angle_deg is None:

            def score(g: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
                return _rotating_eval(
                    self.v, azr, self.latr, g, self.r_b, self.r_i, self.mu, self.w
                )["dist"]

            gamma = _golden_max(
                score,
                np.full_like(self.v, np.radians(0.01)),
                np.full_like(self.v, np.radians(89.9)),
            )
        else:
            gamma = np.radians(
                np.broadcast_to(np.asarray(self.flight_path_angle_deg, dtype=float), self.v.shape)
            )
        return gamma, _rotating_eval(
            self.v, azr, self.latr, gamma, self.r_b, self.r_i, self.mu, self.w
        )


def _aim(state: _Burnout, target: npt.NDArray[np.float64], toward: bool) -> tuple[Any, Any, Any]:
    """Launch azimuth, angle and flight; with ``toward``, aim until the impact bears ``target``."""
    launch = target.copy()
    gamma, res = state.solve(launch)
    if toward:
        for _ in range(25):
            miss = np.where(res["orbital"], 0.0, (res["bearing"] - target + 180.0) % 360.0 - 180.0)
            if np.all(np.abs(miss) < 1e-7):
                break
            launch = launch - miss
            gamma, res = state.solve(launch)
    return launch, gamma, res


def rotating_range(
    speed_km_s: Any,
    azimuth_deg: Any,
    latitude_deg: Any,
    *,
    flight_path_angle_deg: Any = None,
    burnout_altitude_km: Any = 0.0,
    powered_range_km: Any = 0.0,
    toward_bearing: bool = False,
    rotating: bool = True,
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
    omega: float = OMEGA,
) -> RotatingRange:
    """Range of a burnout speed in a launch direction, over a rotating Earth.

    The burnout speed is relative to the ground, so the inertial velocity is
    v_rel + ω × r (up to 465 m/s eastward at the equator). The Kepler arc is
    flown in the inertial frame; the impact point is then turned back by
    −ω·t_ff (the target moved east during the flight) and the great-circle
    distance and bearing are measured from the launch site, on the sphere.

    Parameters
    ----------
    speed_km_s
        Burnout speed relative to the rotating Earth, km/s.
    azimuth_deg
        Degrees clockwise from north: the launch azimuth (direction of the
        ground-relative velocity), or with ``toward_bearing`` the bearing of
        the target from the launch site.
    latitude_deg
        Launch latitude, degrees, taken as geocentric on the sphere (the
        geodetic/geocentric difference is < 0.2°).
    flight_path_angle_deg
        Burnout flight-path angle; by default the angle that maximises the
        distance (found by golden-section search, per element).
    burnout_altitude_km
        Burnout altitude, km; burnout is taken above the launch site.
    powered_range_km
        Added to the distance along the same bearing.
    toward_bearing
        If True, find the launch azimuth whose Earth-fixed impact lies on the
        great circle of bearing ``azimuth_deg`` ("range toward a target"),
        by fixed-point iteration on the azimuth. Without rotation the two
        readings agree.
    rotating
        Set False to get the non-rotating answer (ω = 0) from the same code.
    mu, earth_radius_km, omega
        Sphere and rotation rate (rad/s).

    Returns
    -------
    RotatingRange

    Examples
    --------
    From 40.6° N, with the speed that reaches 10,400 km on a non-rotating Earth:

    >>> from trajgeo.physics.kepler import minimum_energy_trajectory
    >>> v = minimum_energy_trajectory(10_400.0).speed_km_s
    >>> r = rotating_range(v, [90.0, 0.0, 270.0], 40.6, toward_bearing=True)
    >>> [round(float(d), -1) for d in r.distance_km]
    [12350.0, 10180.0, 9280.0]
    """
    _check_body(mu, earth_radius_km)
    scalar, (v, az, lat, hb, pr) = _arrays(
        speed_km_s, azimuth_deg, latitude_deg, burnout_altitude_km, powered_range_km
    )
    _check(v >= 0, "speed_km_s", v, "a number ≥ 0 (inf allowed)", "speed must be ≥ 0 km/s")
    _check(np.abs(lat) <= 90.0, "latitude_deg", lat, "-90 to 90 degrees", "latitude out of range")
    _check(
        np.isfinite(az), "azimuth_deg", az, "a finite number of degrees", "azimuth must be finite"
    )
    r_b, r_i = _radii(earth_radius_km, hb, 0.0)
    r_i = np.broadcast_to(r_i, r_b.shape)
    w = omega if rotating else 0.0
    target = np.mod(az, 360.0)
    state = _Burnout(v, np.radians(lat), r_b, r_i, mu, w, flight_path_angle_deg)
    launch, gamma, res = _aim(state, target, toward_bearing and w != 0.0)
    glob = res["global"]
    dist = np.where(glob, np.inf, earth_radius_km * res["dist"] + pr)
    return RotatingRange(
        distance_km=_out(scalar, dist),
        bearing_deg=_out(scalar, res["bearing"]),
        impact_lat_deg=_out(scalar, res["lat"]),
        impact_dlon_deg=_out(scalar, res["dlon"]),
        launch_azimuth_deg=_out(scalar, np.mod(launch, 360.0)),
        flight_path_angle_deg=_out(scalar, np.degrees(gamma)),
        time_s=_out(scalar, res["t"]),
        is_global=_out(scalar, glob),
        rotation_applied=bool(rotating),
    )


@dataclass(frozen=True)
class CapabilityRing:
    """Result of :func:`capability_ring`: the reach of a burnout speed from a site.

    Attributes
    ----------
    lon_deg, lat_deg
        Ring points, one per launch azimuth (NaN where ``is_global``).
    distance_km, bearing_deg
        Great-circle distance and bearing of each point from the site.
    azimuth_deg
        Bearings (or launch azimuths, see ``toward_bearing``), 0..360; the
        last point closes the ring.
    is_global
        Per point: the speed is orbital in that direction.
    rotation_applied
        Whether the Earth's rotation was included.
    placement
        How distance and bearing were turned into lon/lat: ``"wgs84"``
        (pyproj ``Geod(ellps="WGS84").fwd``) or ``"sphere"``.
    """

    lon_deg: npt.NDArray[np.float64]
    lat_deg: npt.NDArray[np.float64]
    distance_km: npt.NDArray[np.float64]
    bearing_deg: npt.NDArray[np.float64]
    azimuth_deg: npt.NDArray[np.float64]
    is_global: npt.NDArray[np.bool_]
    rotation_applied: bool
    placement: str


def capability_ring(
    lon_deg: float,
    lat_deg: float,
    speed_km_s: float,
    *,
    n_azimuths: int = 73,
    burnout_altitude_km: float = 0.0,
    toward_bearing: bool = True,
    rotating: bool = True,
    placement: Literal["wgs84", "sphere"] = "wgs84",
    mu: float = MU,
    earth_radius_km: float = EARTH_RADIUS_KM,
    omega: float = OMEGA,
) -> CapabilityRing:
    """Ring of maximum-range impact points around a launch site.

    For each bearing from 0 to 360° the range-maximising shot toward that
    bearing is flown with :func:`rotating_range`. With rotation the ring is
    not a circle: it bulges east and shrinks west.

    Parameters
    ----------
    lon_deg, lat_deg
        Launch site, degrees.
    speed_km_s
        Burnout speed relative to the ground, km/s.
    n_azimuths
        Number of ring points, including the closing point (≥ 4).
    burnout_altitude_km, toward_bearing, rotating, mu, earth_radius_km, omega
        As in :func:`rotating_range`; with ``toward_bearing`` (default) the
        points are evenly spaced in bearing, otherwise in launch azimuth.
    placement
        ``"wgs84"`` (default) places each point at the spherical distance and
        bearing along a WGS84 geodesic with pyproj, like trajgeo's range
        rings; ``"sphere"`` returns the spherical impact point itself.

    Returns
    -------
    CapabilityRing

    Examples
    --------
    >>> from trajgeo.physics.kepler import minimum_energy_trajectory
    >>> v = minimum_energy_trajectory(10_400.0).speed_km_s
    >>> ring = capability_ring(124.7, 40.0, v, n_azimuths=9)
    >>> ring.lon_deg.shape, bool(ring.distance_km[2] > ring.distance_km[6])
    ((9,), True)
    """
    _check_body(mu, earth_radius_km)
    _check_ring_options(n_azimuths, placement)
    az = np.linspace(0.0, 360.0, n_azimuths)
    res = rotating_range(
        speed_km_s,
        az,
        lat_deg,
        burnout_altitude_km=burnout_altitude_km,
        toward_bearing=toward_bearing,
        rotating=rotating,
        mu=mu,
        earth_radius_km=earth_radius_km,
        omega=omega,
    )
    dist = np.asarray(res.distance_km, dtype=float)
    brg = np.asarray(res.bearing_deg, dtype=float)
    glob = np.asarray(res.is_global, dtype=bool)
    lon, lat = _ring_points(lon_deg, lat_deg, res, placement)
    return CapabilityRing(
        lon_deg=lon,
        lat_deg=lat,
        distance_km=dist,
        bearing_deg=brg,
        azimuth_deg=az,
        is_global=glob,
        rotation_applied=bool(rotating),
        placement=placement,
    )


def _check_ring_options(n_azimuths: int, placement: str) -> None:
    """Refuse a ring of fewer than 4 points or an unknown placement."""
    if n_azimuths < 4:
        raise InputError(
            "a ring needs at least 4 points",
            field="n_azimuths",
            value=n_azimuths,
            allowed="an integer ≥ 4",
        )
    if placement not in ("wgs84", "sphere"):
        raise InputError(
            "unknown placement", field="placement", value=placement, allowed=("wgs84", "sphere")
        )


def _ring_points(
    lon_deg: float, lat_deg: float, res: RotatingRange, placement: str
) -> tuple[np.ndarray, np.ndarray]:
    """Place the ring's impact points (NaN where the shot reaches any point on Earth).

    ``"sphere"``: the spherical impact points themselves; ``"wgs84"``: each
    point at the spherical distance and bearing along a WGS84 geodesic.
    """
    dist = np.asarray(res.distance_km, dtype=float)
    brg = np.asarray(res.bearing_deg, dtype=float)
    glob = np.asarray(res.is_global, dtype=bool)
    if placement == "sphere":
        lon = (lon_deg + np.asarray(res.impact_dlon_deg) + 180.0) % 360.0 - 180.0
        lat = np.asarray(res.impact_lat_deg, dtype=float).copy()
    else:
        from pyproj import Geod

        finite = np.where(glob, 0.0, dist)
        lon, lat, _ = Geod(ellps="WGS84").fwd(
            np.full_like(dist, lon_deg), np.full_like(dist, lat_deg), brg, finite * 1000.0
        )
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return np.where(glob, np.nan, lon), np.where(glob, np.nan, lat)
