/* Layer loaders for the dashboard map (Leaflet only; clusters styled with Leaflet.markercluster's CSS).
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

  /* Points as little-endian int32 pairs (lon, lat) x 1e5, clustered on a screen grid.
   *
   * Each zoom level is clustered once, in one pass over typed arrays (100,000 points take a few
   * tens of milliseconds), and only the clusters in view are drawn: bubbles in Leaflet.markercluster's
   * style (its stylesheet), single points as circle markers on a canvas. Clicking a bubble zooms in.
   * The layer exposes cqPoints = {count, rendered} for tests and the benchmark.
   */
  var CELL_PX = 60;
  function mercatorX(lon) { return (lon + 180) / 360; }
  function mercatorY(lat) {
    var s = Math.sin(lat * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }
  function toLatLng(x, y) {
    return L.latLng(Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI, x * 360 - 180);
  }

  function gridClusters(xs, ys, zoom) {
    var cell = CELL_PX / (256 * Math.pow(2, zoom)), byCell = new Map(), out = [];
    for (var i = 0; i < xs.length; i++) {
      var cx = Math.floor(xs[i] / cell), cy = Math.floor(ys[i] / cell), key = cx * 1e8 + cy;
      var c = byCell.get(key);
      if (c === undefined) { c = {n: 0, x: 0, y: 0, cx: cx, cy: cy}; byCell.set(key, c); out.push(c); }
      c.n++; c.x += xs[i]; c.y += ys[i];
    }
    for (var j = 0; j < out.length; j++) { out[j].x /= out[j].n; out[j].y /= out[j].n; }
    // Cells split groups at arbitrary lines: let the larger of two bubbles closer than half a cell
    // (in neighbouring cells) absorb the smaller, so bubbles do not overlap.
    out.sort(function (p, q) { return q.n - p.n; });
    var limit = (cell / 2) * (cell / 2), kept = [];
    for (var k = 0; k < out.length; k++) {
      var a = out[k];
      if (a.gone) { continue; }
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var b = byCell.get((a.cx + dx) * 1e8 + a.cy + dy);
          if (!b || b === a || b.gone || b.n > a.n) { continue; }
          if ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y) < limit) {
            a.x = (a.x * a.n + b.x * b.n) / (a.n + b.n); a.y = (a.y * a.n + b.y * b.n) / (a.n + b.n);
            a.n += b.n; b.gone = true;
          }
        }
      }
      kept.push(a);
    }
    return kept;
  }

  function bubble(map, latlng, n, zoom) {
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var icon = L.divIcon({html: "<div><span>" + n + "</span></div>", iconSize: L.point(40, 40),
      className: "marker-cluster marker-cluster-" + size});
    return L.marker(latlng, {icon: icon, keyboard: false}).on("click", function () {
      map.setView(latlng, Math.min(zoom + 2, map.getMaxZoom()));
    });
  }

  window.cqPointCluster = function (map, url, style) {
    // Single points go on a canvas in a pane of their own that ignores the pointer: a canvas covers
    // the whole map, and clicks must still reach the areas underneath.
    if (!map.getPane("cqPoints")) {
      var pane = map.createPane("cqPoints");
      pane.style.zIndex = "450";
      pane.style.pointerEvents = "none";
    }
    var layer = L.layerGroup(), renderer = L.canvas({padding: 0.5, pane: "cqPoints"}), byZoom = {}, xs, ys;
    layer.cqPoints = {count: 0, rendered: 0};
    function draw() {
      var zoom = Math.round(map.getZoom()), view = map.getBounds().pad(0.25), shown = 0;
      var clusters = byZoom[zoom] || (byZoom[zoom] = gridClusters(xs, ys, zoom));
      var dot = L.Util.extend({renderer: renderer, pane: "cqPoints", interactive: false}, style);
      layer.clearLayers();
      for (var i = 0; i < clusters.length; i++) {
        var c = clusters[i], latlng = toLatLng(c.x, c.y);
        if (!view.contains(latlng)) { continue; }
        layer.addLayer(c.n === 1 || zoom >= map.getMaxZoom() ? L.circleMarker(latlng, dot) : bubble(map, latlng, c.n, zoom));
        shown++;
      }
      layer.cqPoints.rendered = shown;
    }
    load(url, "binary", function (buf) {
      var a = new Int32Array(buf), n = a.length / 2;
      xs = new Float64Array(n); ys = new Float64Array(n);
      for (var i = 0; i < n; i++) { xs[i] = mercatorX(a[2 * i] / 1e5); ys[i] = mercatorY(a[2 * i + 1] / 1e5); }
      layer.cqPoints.count = n;
      map.addLayer(layer);
      draw();
      map.on("moveend", draw);
      map.getContainer().setAttribute("data-points-loaded", String(n));
    });
  };
})();
