"""Render the app icon set (PNG sizes, .ico, .icns) from resources/app/desktop_handover.svg.

Run once after editing the SVG, then commit the outputs:

    uv run python packaging/make_icons.py

Qt's QSvgRenderer draws each size from the vector source (so 16 px is rendered at 16 px,
not scaled down from 1024). The .ico and .icns containers are written here with the
stdlib: both are simple tables of images, and Qt's own writers store one size only.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "resources" / "app"
SVG = APP_DIR / "desktop_handover.svg"
STEM = "desktop_handover"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
# Windows shows 16-48 in lists and taskbars and 256 in large views; small sizes as BMP
# (what every Windows version and resource compiler reads), 64+ as PNG (Vista and later).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_BMP_MAX = 48
# ICNS element types holding PNG data, as `iconutil` writes them (Apple's icns format):
# icp4/icp5/icp6 = 16/32/64, ic07..ic10 = 128/256/512/1024, ic11..ic14 = the @2x variants.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render(size: int) -> QImage:
    """Render the SVG at `size`×`size` pixels into a premultiplied ARGB image."""
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """Encode a QImage as PNG bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs want bytes, run time a str
        raise SystemExit("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


def bmp_dib_bytes(image: QImage) -> bytes:
    """Encode a QImage as an ICO-style DIB: 32-bit BGRA bottom-up rows plus an AND mask."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)  # straight alpha, BGRA in memory
    size = argb.width()
    # The height field counts the XOR (colour) bitmap and the AND mask together.
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    stride = argb.bytesPerLine()
    raw = bytes(argb.constBits())
    rows = [raw[y * stride : y * stride + size * 4] for y in range(size)]
    colour = b"".join(reversed(rows))
    # With 32-bit alpha the AND mask is ignored, but it must be present: 1 bpp, rows padded
    # to 4 bytes; all zeros means "opaque where alpha says so".
    mask_row = ((size + 31) // 32) * 4
    return header + colour + bytes(mask_row * size)


def write_ico(path: Path, images: dict[int, QImage]) -> None:
    """Write a multi-size .ico: ICONDIR, one ICONDIRENTRY per size, then the image data."""
    blobs = [
        (size, bmp_dib_bytes(images[size]) if size <= ICO_BMP_MAX else png_bytes(images[size]))
        for size in ICO_SIZES
    ]
    out = bytearray(struct.pack("<HHH", 0, 1, len(blobs)))
    offset = 6 + 16 * len(blobs)
    for size, blob in blobs:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    for _, blob in blobs:
        out += blob
    path.write_bytes(bytes(out))


def write_icns(path: Path, images: dict[int, QImage]) -> None:
    """Write an .icns: the 'icns' header, then one (type, length, PNG) element per entry."""
    elements = bytearray()
    for kind, size in ICNS_TYPES:
        blob = png_bytes(images[size])
        elements += kind + struct.pack(">I", 8 + len(blob)) + blob
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(elements)) + bytes(elements))


def check(path: Path, expected_sizes: set[int]) -> None:
    """Read a written container back through Qt's image plugins and compare its sizes."""
    reader = QImageReader(str(path))
    found: set[int] = set()
    for _ in range(max(reader.imageCount(), 1)):
        image = reader.read()
        if image.isNull():
            raise SystemExit(f"{path.name}: Qt cannot read it back: {reader.errorString()}")
        found.add(image.width())
        if not reader.jumpToNextImage():
            break
    if not expected_sizes <= found:
        wanted = sorted(expected_sizes)
        raise SystemExit(f"{path.name}: Qt read sizes {sorted(found)}, wanted {wanted}")


def main() -> int:
    """Render every output next to the SVG and verify the containers."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    del app
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES})
    images = {size: render(size) for size in sizes}
    for size in PNG_SIZES:
        (APP_DIR / f"{STEM}_{size}.png").write_bytes(png_bytes(images[size]))
    write_ico(APP_DIR / f"{STEM}.ico", images)
    write_icns(APP_DIR / f"{STEM}.icns", images)
    check(APP_DIR / f"{STEM}.ico", set(ICO_SIZES))
    check(APP_DIR / f"{STEM}.icns", {16, 32, 64, 128, 256, 512})
    for path in sorted(APP_DIR.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
