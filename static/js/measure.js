/* The map's measure tool: leaflet-measure (npm 3.1.0, served from static/vendor), made to fit Leaflet 1.9
 * and the dashboard's click-to-select.
 *
 * - While measuring, leaflet-measure covers the map with an invisible "capture marker" that takes the clicks.
 *   Leaflet >= 1.8 pans the map to a marker that gets the focus (autoPanOnFocus), so every click would drag
 *   the map along (ljagis/leaflet-measure#171); the fix is the one folium's MeasureControl applies.
 * - A click on a marker is not passed on to the map (Marker.bubblingMouseEvents is false), so a click while
 *   measuring is no map click for streamlit-folium: it selects no area. A finished measurement (line, area,
 *   point) is a path, whose clicks Leaflet would pass on: they are made not to, so a click on one opens its
 *   popup and selects nothing.
 * - Lengths and areas are leaflet-measure's: @turf/length (haversine, mean earth radius) and @turf/area
 *   (spherical polygon area), on the coordinates the map is drawn in (GCJ-02 over Amap tiles).
 * - hideCoords hides the last point's coordinates in the results and popups: on a GCJ-02 map they would be
 *   GCJ-02 values without a label (the map's own readout, bottom left, names its datum).
 * - The map container carries data-measuring while a measurement is under way, and the map keeps the control
 *   as map.cqMeasureControl (for tests).
 */
(function () {
  var patched = false;
  window.cqMeasure = function (map, options, hideCoords) {
    if (!patched) {
      patched = true;
      L.Control.Measure.include({
        _setCaptureMarkerIcon: function () {
          this._captureMarker.options.autoPanOnFocus = false;
          this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
        }
      });
    }
    var control = new L.Control.Measure(options).addTo(map), ours = control._layer, box = map.getContainer();
    map.on("layeradd", function (e) {
      if (ours.hasLayer(e.layer)) { e.layer.options.bubblingMouseEvents = false; }
    });
    if (hideCoords) { L.DomUtil.addClass(box, "cq-measure-nocoords"); }
    map.on("measurestart", function () { box.setAttribute("data-measuring", "1"); });
    map.on("measurefinish", function () { box.removeAttribute("data-measuring"); });
    map.cqMeasureControl = control;
    return control;
  };
})();
