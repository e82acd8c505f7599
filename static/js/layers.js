/* Layer loaders for the dashboard map (Leaflet only; Leaflet.markercluster for clusters).
 *
 * GeoJSON and point data are not embedded in the map script, which Streamlit
 * resends on every rerun: the browser fetches them once from content-addressed
 * files under app/static/generated/ (and caches them). Standalone exports pass
 * the data inline instead. Labels arrive already HTML-escaped by the server.
 */
(function () {
  function mark(map, attribute) {
    var c = map.getContainer();
    c.setAttribute(attribute, String(Number(c.getAttribute(attribute) || 0) + 1));
  }

  function load(source, kind, then) {
    if (typeof source !== "string") { then(source); return; }
    fetch(source).then(function (r) { return kind === "json" ? r.json() : r.arrayBuffer(); }).then(then);
  }

  /* Files from geo.layers.pack_geojson: integer coordinates, each run of positions delta-encoded. */
  var NESTING = {Point: 0, MultiPoint: 1, LineString: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3};
  function unpack(c, depth, scale) {
    if (depth === 0) { return [c[0] / scale, c[1] / scale]; }
    if (depth > 1) { return c.map(function (part) { return unpack(part, depth - 1, scale); }); }
    var out = new Array(c.length / 2), x = 0, y = 0;
    for (var i = 0; i < c.length; i += 2) { x += c[i]; y += c[i + 1]; out[i / 2] = [x / scale, y / scale]; }
    return out;
  }
  window.cqUnpack = function (data) {
    if (!data.cq_scale) { return data; }
    data.features.forEach(function (f) {
      var g = f.geometry;
      if (g) { g.coordinates = unpack(g.coordinates, NESTING[g.type], data.cq_scale); }
    });
    return data;
  };

  /* spec: {pane, z, interactive, area: {boundary, schematic}, points: {type: style, _default: style}} */
  window.cqGeoJsonLayer = function (map, target, spec, source) {
    if (spec.pane && !map.getPane(spec.pane)) { map.createPane(spec.pane).style.zIndex = String(spec.z); }
    function pointStyle(p) {
      var s = L.Util.extend({}, spec.points[p.type] || spec.points._default);
      s.fillOpacity = p.status === "existing" ? 0.9 : 0.25;
      s.dashArray = p.unverified ? "3 3" : null;
      return s;
    }
    function styleOf(f) {
      return f.geometry && f.geometry.type === "Point" ? pointStyle(f.properties) :
        (f.properties.schematic ? spec.area.schematic : spec.area.boundary);
    }
    load(source, "json", function (data) {
      data = window.cqUnpack(data);
      var options = {
        interactive: spec.interactive,
        style: styleOf,
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, L.Util.extend({pane: spec.pane || "overlayPane",
            interactive: spec.interactive}, pointStyle(f.properties)));
        },
        onEachFeature: function (f, layer) {
          if (!spec.interactive) { return; }
          if (f.properties.label) { layer.bindTooltip(f.properties.label, {sticky: true}); }
          layer.on("mouseover", function () {
            var o = layer.options;
            layer.setStyle({weight: (o.weight || 1) + 2, fillOpacity: Math.min((o.fillOpacity || 0) + 0.15, 1)});
          });
          layer.on("mouseout", function () { geo.resetStyle(layer); });
        }
      };
      if (spec.pane) { options.pane = spec.pane; }
      var geo = L.geoJSON(data, options).addTo(target);
      mark(map, "data-layers-drawn");
    });
  };

  /* Points as little-endian int32 pairs (lon, lat) x 1e5, clustered. */
  window.cqPointCluster = function (map, url, style) {
    var group = L.markerClusterGroup({showCoverageOnHover: false});
    load(url, "binary", function (buf) {
      var a = new Int32Array(buf), markers = new Array(a.length / 2);
      for (var i = 0; i < a.length; i += 2) { markers[i / 2] = L.circleMarker([a[i + 1] / 1e5, a[i] / 1e5], style); }
      group.addLayers(markers);
      map.addLayer(group);
      map.getContainer().setAttribute("data-points-loaded", String(markers.length));
    });
  };
})();
