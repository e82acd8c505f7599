/* Layer loaders for the dashboard map: Leaflet, topojson-client for areas, supercluster for enterprise points.
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
  function load(source, then) {  // a served file's URL, or the data itself (standalone exports)
    if (typeof source !== "string") { then(source); return; }
    fetchJSON(source).then(then);
  }
  /* data: {topo: {source, object}} (a TopoJSON file URL or the topology itself; decoded by topojson-client)
   * or {geojson: url | FeatureCollection}. */
  function features(data, then) {
    if (data.topo) {
      load(data.topo.source, function (t) { then(topojson.feature(t, t.objects[data.topo.object]).features); });
    } else if (data.geojson) {
      load(data.geojson, function (fc) { then(fc.features); });
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

  /* Enterprise points: a GeoJSON FeatureCollection of points (properties.name, HTML-escaped), clustered by
   * supercluster, which indexes every zoom level once; each view then asks it for the clusters in view.
   * Bubbles have Leaflet.markercluster's look (its stylesheet) and zoom in to where they split when clicked;
   * single points are circle markers named on hover, in a pane above the areas: a click on one reaches the
   * map as a click on the area underneath. The layer exposes cqPoints = {count, rendered, index} for tests
   * and the benchmark, and the map container gets data-points-loaded (the number of points) once drawn.
   */
  var CLUSTER_PX = 60;  // cluster radius in screen pixels (supercluster's extent set to Leaflet's 256-px tiles)

  function bubble(map, index, f) {
    var n = f.properties.point_count, size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
    var icon = L.divIcon({html: "<div><span>" + n + "</span></div>", iconSize: L.point(40, 40),
      className: "marker-cluster marker-cluster-" + size});
    return L.marker(latlng, {icon: icon, keyboard: false}).on("click", function () {
      map.setView(latlng, Math.min(index.getClusterExpansionZoom(f.properties.cluster_id), map.getMaxZoom()));
    });
  }

  window.cqPointCluster = function (map, source, style) {
    var paneName = pane(map, "cqPoints", 450), layer = L.layerGroup(), index = null;
    var dot = L.Util.extend({pane: paneName}, style);
    layer.cqPoints = {count: 0, rendered: 0, index: null};
    function draw() {
      var b = map.getBounds().pad(0.25);
      var bbox = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -85), Math.min(b.getEast(), 180),
        Math.min(b.getNorth(), 85)];
      var shown = index.getClusters(bbox, Math.round(map.getZoom()));
      layer.clearLayers();
      shown.forEach(function (f) {
        if (f.properties.cluster) { layer.addLayer(bubble(map, index, f)); return; }
        var c = f.geometry.coordinates, point = L.circleMarker(L.latLng(c[1], c[0]), dot);
        if (f.properties.name) { point.bindTooltip(f.properties.name); }
        layer.addLayer(point);
      });
      layer.cqPoints.rendered = shown.length;
    }
    load(source, function (fc) {
      index = new Supercluster({radius: CLUSTER_PX, extent: 256, minZoom: map.getMinZoom(),
        maxZoom: map.getMaxZoom() - 1});  // at the map's last zoom every point stands alone
      index.load(fc.features);
      layer.cqPoints.index = index;
      layer.cqPoints.count = fc.features.length;
      map.addLayer(layer);
      draw();
      map.on("moveend", draw);
      map.getContainer().setAttribute("data-points-loaded", String(fc.features.length));
    });
  };
})();
