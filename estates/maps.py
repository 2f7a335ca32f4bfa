"""The public map: where its tiles come from and whose work they are (Leaflet and map.js render it)."""

from estates import conf


def map_config() -> dict:
    """What the map container tells map.js: the tile server's URL template and its attribution (HTML)."""
    return {
        "tile_url": conf.setting("BOLIGSOCIAL_MAP_TILE_URL"),
        "attribution": conf.setting("BOLIGSOCIAL_MAP_ATTRIBUTION"),
    }
