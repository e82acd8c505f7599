/* Layer loaders for the dashboard map (Leaflet only; clusters styled with Leaflet.markercluster's CSS).
 *
 * Area data are not embedded in the map script, which Streamlit resends on every
 * rerun: the browser fetches them once from content-addressed TopoJSON files under
 * app/static/generated/ (and caches them), decoded by topojson-client. Standalone
 * exports pass the data inline instead. Labels and names arrive HTML-escaped by the server.
 */
(function () {
  function mark(map, attribute) {
    var c = map.getContainer();
    c.setAttribute(attribute, String(Number(c.getAttribute(attribute) || 0) + 1));
  }

  var fetched = {};  // url -> promise of its parsed JSON: a topology shared by several layers is fetched once
  function fetchJSON(url) {
    if (!fetched[url]) { fetched[url] = fetch(url).then(function (r) { return r.json(); }); }
    return fetched[url];
  }
  function load(source, kind, then) {
    if (typeof source !== "string") { then(source); return; }
    if (kind === "json") { fetchJSON(source).then(then); return; }
    fetch(source).then(function (r) { return r.arrayBuffer(); }).then(then);
  }
  /* data: {topo: {source, object}} (a TopoJSON file URL or the topology itself; decoded by topojson-client)
   * or {geojson: url | FeatureCollection}. */
  function features(data, then) {
    if (data.topo) {
      load(data.topo.source, "json", function (t) { then(topojson.feature(t, t.objects[data.topo.object]).features); });
    } else if (data.geojson) {
      load(data.geojson, "json", function (fc) { then(fc.features); });
    } else { then([]); }
  }

  function pane(map, name, z, noPointer) {
    if (name && !map.getPane(name)) {
      var p = map.createPane(name);
      p.style.zIndex = String(z);
      if (noPointer) { p.style.pointerEvents = "none"; }
    }
    return name;
  }

  /* Permanent names at each feature's label point (properties.lp, or a point's own position), drawn only
   * from spec.minZoom and only inside the view; names arrive HTML-escaped. */
  function labelLayer(map, feats, spec) {
    var group = L.layerGroup(), paneName = pane(map, "cqLabels", 460, true), items = [];
    feats.forEach(function (f) {
      var p = f.properties || {}, at = p.lp || (f.geometry && f.geometry.type === "Point" && f.geometry.coordinates);
      if (at && p.name) { items.push({latlng: L.latLng(at[1], at[0]), name: p.name}); }
    });
    function draw() {
      group.clearLayers();
      if (map.getZoom() < spec.minZoom) { return; }
      var view = map.getBounds().pad(0.2);
      items.forEach(function (it) {
        if (!view.contains(it.latlng)) { return; }
        group.addLayer(L.marker(it.latlng, {pane: paneName, interactive: false, keyboard: false,
          icon: L.divIcon({className: "cq-label " + spec.className, html: "<span>" + it.name + "</span>", iconSize: null})}));
      });
    }
    group.addTo(map);
    map.on("moveend", draw);
    draw();
    return group;
  }

  /* Frame a selection: "fit" always (it was just chosen); "ensure" (a link opened with its own view) only when
   * the area is not wholly in view, or on a phone-sized map, where a desktop's view would leave it a speck. */
  var PHONE_PX = 480;  // a phone held upright: the desktop map column is wider than this
  function frame(map, b) {
    if (b.getNorthEast().equals(b.getSouthWest())) { map.setView(b.getCenter(), Math.max(map.getZoom(), 13)); return; }
    map.fitBounds(b, {padding: [24, 24], maxZoom: 15});
  }
  function fitTo(map, layer, mode) {
    var b = layer.getBounds && layer.getBounds();
    if (!b || !b.isValid()) { return; }
    if (mode === "ensure" && map.getBounds().contains(b) && map.getSize().x >= PHONE_PX) { return; }
    var ours = true;
    frame(map, b);
    ours = false;
    // The frame around the map may still be settling (its width and height arrive from the page a moment
    // later): frame again when it grows or shrinks markedly in the next seconds, unless the map was moved by
    // anything else meanwhile. A scroll bar coming and going is not worth a jump.
    var until = Date.now() + 3000;
    var refit = function (e) {
      if (Date.now() > until) { stop(); return; }
      var d = e.newSize.subtract(e.oldSize);
      if (Math.abs(d.x) < 60 && Math.abs(d.y) < 60) { return; }
      ours = true; frame(map, b); ours = false;
    };
    var stop = function () {
      map.off("resize", refit); map.off("mousedown touchstart wheel", stop); map.off("movestart", moved);
    };
    var moved = function () { if (!ours) { stop(); } };
    map.on("resize", refit);
    map.on("mousedown touchstart wheel", stop);
    map.on("movestart", moved);
  }

  /* One map layer. spec: {pane, z, interactive, minZoom, styles: {<accuracy>: style, _default: style},
   * points: {<type>: style, _default: style}, data: see features(), labels: {minZoom, className} | null,
   * fit: "fit" | "ensure" | null (the selection: frame it once drawn)}. Areas are styled by
   * properties.acc (dashed when approximate, dotted when schematic), points by type and status. */
  window.cqLayer = function (map, target, spec) {
    pane(map, spec.pane, spec.z);
    function pointStyle(p) {
      var s = L.Util.extend({}, spec.points[p.type] || spec.points._default);
      if (s.fillOpacity === undefined) { s.fillOpacity = p.status === "planned" ? 0.25 : 0.9; }
      s.dashArray = p.unverified ? "3 3" : null;
      return s;
    }
    function styleOf(f) {
      return f.geometry && f.geometry.type === "Point" ? pointStyle(f.properties) :
        (spec.styles[f.properties.acc] || spec.styles._default);
    }
    var group = null, wanted = false, loading = false;
    function build(feats) {
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
      var geo = L.geoJSON({type: "FeatureCollection", features: feats}, options);
      group = L.layerGroup([geo]);
      if (spec.labels) { group.addLayer(labelLayer(map, feats, spec.labels)); }
      if (wanted) { group.addTo(target); }
      mark(map, "data-layers-drawn");
      if (spec.fit) { fitTo(map, geo, spec.fit); }
    }
    function sync() {  // a layer with a minZoom is fetched when first needed and shown only from that zoom
      wanted = !spec.minZoom || map.getZoom() >= spec.minZoom;
      if (group) { if (wanted) { group.addTo(target); } else { group.remove(); } return; }
      if (wanted && !loading) { loading = true; features(spec.data, build); }
    }
    if (spec.minZoom) { map.on("zoomend", sync); }
    sync();
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
