"""Hit-testing: which areas contain a clicked point (or whose marker is under it), smallest first."""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

MARKER_RADIUS_PX = 7.5  # a point area's marker: radius 6.5 px and its 2 px stroke, half outside


@dataclass(frozen=True)
class AreaIndex:
    """A spatial index over area polygons, built once and queried per click.

    Attributes
    ----------
    ids
        Area ids, aligned with ``geoms``.
    geoms
        Polygons in EPSG:4326.
    layers
        The layer of each area, to restrict hits to visible layers.
    area_km2
        Each area's size, used to rank overlapping hits.
    """

    ids: tuple[str, ...]
    geoms: np.ndarray
    layers: tuple[str, ...]
    area_km2: np.ndarray
    tree: shapely.STRtree

    @classmethod
    def from_areas(cls, gdf: gpd.GeoDataFrame) -> AreaIndex:
        """Index the polygons and points of a GeoDataFrame with ``layer`` and ``area_km2`` columns."""
        polygonal = gdf[gdf.geom_type.isin(["Polygon", "MultiPolygon", "Point"])]
        geoms = np.asarray(polygonal.geometry.values)
        shapely.prepare(geoms)
        return cls(
            ids=tuple(polygonal.index),
            geoms=geoms,
            layers=tuple(polygonal["layer"]),
            area_km2=polygonal["area_km2"].to_numpy(dtype=float),
            tree=shapely.STRtree(geoms),
        )

    def hits(self, lon: float, lat: float, layers: tuple[str, ...] | None = None, zoom: int | None = None) -> list[str]:
        """Return the ids of the areas containing a point (or whose marker is under it), smallest area first.

        Parameters
        ----------
        lon, lat
            The point in WGS-84 degrees.
        layers
            Only consider areas of these layers; all layers when None.
        zoom
            The map's zoom: a point area (a marker) is hit within
            :data:`MARKER_RADIUS_PX` screen pixels of it. Markers are not hit
            when the zoom is unknown.

        Returns
        -------
        list of str
            Area ids ranked by ascending area (markers first), so the most specific area comes first.
        """
        point = shapely.Point(lon, lat)
        reach = 0.0 if zoom is None else MARKER_RADIUS_PX * degrees_per_pixel(zoom) / math.cos(math.radians(lat))
        candidates = [
            i
            for i in self.tree.query(point, predicate="dwithin", distance=max(reach, 1e-12))
            if (self.geoms[i].intersects(point) if self.geoms[i].geom_type != "Point" else reach > 0)
            and (self.geoms[i].geom_type != "Point" or _pixels(self.geoms[i], lon, lat, zoom) <= MARKER_RADIUS_PX)
        ]
        if layers is not None:
            candidates = [i for i in candidates if self.layers[i] in layers]
        ranked = sorted(candidates, key=lambda i: (self.area_km2[i], self.ids[i]))
        return [self.ids[i] for i in ranked]


def degrees_per_pixel(zoom: int) -> float:
    """Return the degrees of longitude one screen pixel spans on a web-Mercator map at ``zoom``."""
    return 360.0 / (256 * 2**zoom)


def _pixels(marker: shapely.Point, lon: float, lat: float, zoom: int | None) -> float:
    """Return the screen distance in pixels between a marker and a point (Mercator: latitude is stretched)."""
    if zoom is None:
        return math.inf
    step = degrees_per_pixel(zoom)
    dx = (marker.x - lon) / step
    dy = (marker.y - lat) / (step * math.cos(math.radians(lat)))
    return math.hypot(dx, dy)
