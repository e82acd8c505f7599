"""Hit-testing: which areas contain a clicked point, smallest first."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely


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
        """Index the polygonal areas of a GeoDataFrame with ``layer`` and ``area_km2`` columns."""
        polygonal = gdf[gdf.geom_type.isin(["Polygon", "MultiPolygon"])]
        geoms = np.asarray(polygonal.geometry.values)
        shapely.prepare(geoms)
        return cls(
            ids=tuple(polygonal.index),
            geoms=geoms,
            layers=tuple(polygonal["layer"]),
            area_km2=polygonal["area_km2"].to_numpy(dtype=float),
            tree=shapely.STRtree(geoms),
        )

    def hits(self, lon: float, lat: float, layers: tuple[str, ...] | None = None) -> list[str]:
        """Return the ids of the areas containing a point, smallest area first.

        Parameters
        ----------
        lon, lat
            The point in WGS-84 degrees.
        layers
            Only consider areas of these layers; all layers when None.

        Returns
        -------
        list of str
            Area ids ranked by ascending area, so the most specific area comes first.
        """
        point = shapely.Point(lon, lat)
        candidates = self.tree.query(point, predicate="intersects")
        if layers is not None:
            candidates = [i for i in candidates if self.layers[i] in layers]
        ranked = sorted(candidates, key=lambda i: (self.area_km2[i], self.ids[i]))
        return [self.ids[i] for i in ranked]
