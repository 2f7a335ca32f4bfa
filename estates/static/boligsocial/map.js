/*
 * The public map of findings (progressive enhancement). Every element marked data-bs-map gets a Leaflet map
 * with a numbered marker per finding, read from the JSON script its data-markers names:
 * [{number, title, lat, lng, url, status, status_label}]. The markers carry the numbers of the list beside
 * the map, and each opens the finding's own page. Without JavaScript (or Leaflet) the section stays hidden
 * and the list is the page. Tiles and attribution come from the container (BOLIGSOCIAL_MAP_* settings).
 */
(function () {
    "use strict";

    function markerIcon(marker) {
        var icon = document.createElement("span");
        icon.className = "bs-map__marker bs-map__marker--" + marker.status;
        icon.textContent = String(marker.number);
        return L.divIcon({ className: "bs-map__pin", html: icon, iconSize: [32, 32], iconAnchor: [16, 16] });
    }

    function popup(marker) {
        var box = document.createElement("div");
        var link = document.createElement("a");
        link.href = marker.url;
        link.textContent = marker.number + ". " + marker.title;
        var status = document.createElement("p");
        status.textContent = marker.status_label;
        box.appendChild(link);
        box.appendChild(status);
        return box;
    }

    function build(container) {
        var source = document.getElementById(container.dataset.markers);
        if (!source || typeof L === "undefined") {
            return;
        }
        var markers = JSON.parse(source.textContent);
        if (!markers.length) {
            return;
        }
        var section = container.closest("[data-bs-map-section]");
        if (section) {
            section.hidden = false;
        }
        var map = L.map(container, { scrollWheelZoom: false });
        // No landmark of its own: the section around it is the region, named by its heading.
        L.tileLayer(container.dataset.tileUrl, { maxZoom: 19, attribution: container.dataset.attribution }).addTo(map);
        var bounds = [];
        markers.forEach(function (marker) {
            var point = [marker.lat, marker.lng];
            bounds.push(point);
            L.marker(point, { icon: markerIcon(marker), title: marker.number + ". " + marker.title, alt: marker.title })
                .bindPopup(popup(marker))
                .addTo(map);
        });
        if (bounds.length === 1) {
            map.setView(bounds[0], 17);
        } else {
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18 });
        }
    }

    function start() {
        document.querySelectorAll("[data-bs-map]").forEach(build);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
