"""Real image files for photo tests: a JPEG with GPS and camera EXIF, a PNG with text and XMP, a bomb."""

import io
import struct
import zlib

from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112
ROTATE_90_CW = 6  # the camera was held upright: the pixels lie on their side
# What Pillow reports about how pixels are laid out (not about who, where or with what camera).
PIXEL_INFO = (
    "dpi",
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "progressive",
    "progression",
)


def jpeg_with_gps(size=(300, 200), color="orange") -> bytes:
    """A JPEG as a phone writes it: camera make and model, the GPS position, an orientation to apply."""
    exif = Image.Exif()
    exif[MAKE] = "Apple"
    exif[MODEL] = "iPhone 15 Pro"
    exif[ORIENTATION] = ROTATE_90_CW
    exif[GPS_IFD] = {1: "N", 2: (55.0, 40.0, 12.5), 3: "E", 4: (12.0, 34.0, 5.25)}
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", exif=exif.tobytes(), comment=b"Nordparken 14, 2. th")
    return buffer.getvalue()


def png_with_text(size=(120, 80)) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Politibetjent Hansen")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta><exif:GPSLatitude>55,40N</exif:GPSLatitude></x:xmpmeta>")
    buffer = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 255)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(side=11_000) -> bytes:
    """A 1-bit PNG of side x side pixels (121 million for 11,000) that is about 15 KB on disk."""
    row = b"\0" * (1 + (side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def metadata_of(content: bytes) -> dict:
    """What a reader of the served bytes can learn besides the pixels."""
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        return {
            "size": image.size,
            "exif": dict(exif),
            "gps": dict(exif.get_ifd(GPS_IFD)),
            "info": {key for key in image.info if key not in PIXEL_INFO},
        }
