// The incident map: Leaflet (vendored), markers from /api/map; tiles only when configured.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { worldCopyJump: true, attributionControl: !!el.dataset.tiles });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap contributors" }).addTo(map);
  }
  map.setView([48.5, 31.0], 5);
  fetch(el.dataset.source, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (geo) {
      var layer = L.geoJSON(geo, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 7, color: "#b3261e", weight: 2, fillOpacity: 0.6 });
        },
        onEachFeature: function (f, lyr) {
          var box = document.createElement("div");
          var a = document.createElement("a");
          a.href = "/incidents/" + f.properties.incident;
          a.textContent = f.properties.title;
          box.appendChild(a);
          var p = document.createElement("div");
          p.textContent = (f.properties.place || "") + " · " + (f.properties.start || "date not known") +
            " · " + f.properties.status;
          box.appendChild(p);
          lyr.bindPopup(box);
        }
      }).addTo(map);
      if (geo.features.length) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 11 }); }
    });
})();
