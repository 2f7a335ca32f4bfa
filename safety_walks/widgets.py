"""The admin's map for a finding's position: staff click the map and the latitude and longitude fields fill in."""

from django import forms

from estates import maps

# Where the map opens when the finding has no position yet: Denmark, whole.
DEFAULT_CENTRE = (56.0, 10.5)
DEFAULT_ZOOM = 6


class MapPointInput(forms.NumberInput):
    """The longitude's own number input followed by a clickable map that fills it and the latitude input
    before it (found by the same id with "latitude" for "longitude", so form prefixes keep working). Without
    JavaScript the two number inputs are the whole widget."""

    template_name = "safety_walks/widgets/map_point_input.html"

    def __init__(self, attrs=None, *, longitude_name: str = "longitude", latitude_name: str = "latitude"):
        super().__init__(attrs={"step": "any", **(attrs or {})})
        self.longitude_name = longitude_name
        self.latitude_name = latitude_name

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id", "")
        context["widget"]["map"] = {
            **maps.map_config(),
            "latitude_id": widget_id[: -len(self.longitude_name)] + self.latitude_name
            if widget_id.endswith(self.longitude_name)
            else "",
            "centre": f"{DEFAULT_CENTRE[0]},{DEFAULT_CENTRE[1]}",
            "zoom": DEFAULT_ZOOM,
        }
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": ["boligsocial/leaflet/leaflet.css", "safety_walks/admin/map_point.css"]},
            js=["boligsocial/leaflet/leaflet.js", "safety_walks/admin/map_point.js"],
        )
