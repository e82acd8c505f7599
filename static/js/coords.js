/* Cursor coordinate readout for the dashboard map (no dependencies beyond Leaflet).
 * The map is drawn in WGS-84 or, over Amap tiles, in GCJ-02; the readout always
 * shows WGS-84 and, on a GCJ-02 map, the GCJ-02 value the tiles use. The GCJ-02
 * formulas mirror geo/crs.py (tested there against eviltransform). */
(function () {
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI;
  function offset(lon, lat) {
    var x = lon - 105.0, y = lat - 35.0, s = Math.sqrt(Math.abs(x));
    var common = (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    var dlat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * s + common
      + (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3
      + (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
    var dlon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * s + common
      + (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3
      + (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
    var rad = lat / 180 * PI, magic = 1 - EE * Math.sin(rad) * Math.sin(rad), sm = Math.sqrt(magic);
    dlat = (dlat * 180) / ((A * (1 - EE)) / (magic * sm) * PI);
    dlon = (dlon * 180) / (A / sm * Math.cos(rad) * PI);
    return [dlon, dlat];
  }
  function gcjToWgs(lon, lat) {
    var w = [lon, lat];
    for (var i = 0; i < 6; i++) {
      var d = offset(w[0], w[1]);
      w = [w[0] - (w[0] + d[0] - lon), w[1] - (w[1] + d[1] - lat)];
    }
    return w;
  }
  window.cqCoordReadout = function (map, gcj, labels) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "cq-coords");
      div.style.cssText = "background:rgba(255,255,255,.85);padding:2px 6px;font:12px/1.4 monospace;border-radius:3px";
      div.textContent = labels.hint;
      this._div = div;
      return div;
    };
    control.addTo(map);
    map.on("mousemove", function (e) {
      var lon = e.latlng.lng, lat = e.latlng.lat, text;
      if (gcj) {
        var w = gcjToWgs(lon, lat);
        text = "WGS-84 " + w[1].toFixed(5) + ", " + w[0].toFixed(5) + " · GCJ-02 " + lat.toFixed(5) + ", " + lon.toFixed(5);
      } else {
        text = "WGS-84 " + lat.toFixed(5) + ", " + lon.toFixed(5);
      }
      control._div.textContent = text;
    });
    window.cqGcjToWgs = gcjToWgs;
  };
})();
