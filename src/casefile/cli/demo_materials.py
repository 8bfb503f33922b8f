"""Materials for the demo, made at run time (no binaries in the repository)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

REPORT = """\
Investigators reach Yablunska Street as the town of Bucha is opened to the press
Officials said on Sunday that at least 20 bodies had been found on a single street in Bucha, a town
north-west of Kyiv, after Russian forces withdrew from the area.
"We need to work with witnesses," the regional prosecutor said, adding that teams were recording
every body before burial.
Russia's defence ministry denied that any civilians had been harmed, calling the images a
provocation.
Satellite imagery taken in March shows objects on the street consistent with bodies.
"""


def _photo(path: Path, colour: tuple[int, int, int], lat: float, lon: float, when: str) -> None:
    img = Image.new("RGB", (320, 200), colour)
    ImageDraw.Draw(img).text((12, 12), f"demo photo {when}", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F] = "DemoCam"
    exif.get_ifd(0x8769)[0x9003] = when
    gps = exif.get_ifd(0x8825)

    def dms(value: float) -> tuple[float, float, float]:
        d = int(value)
        m = int((value - d) * 60)
        s = round(((value - d) * 60 - m) * 60, 2)
        return (float(d), float(m), s)

    gps[1], gps[2], gps[3], gps[4] = "N", dms(lat), "E", dms(lon)
    img.save(path, "JPEG", exif=exif)


def write_materials(folder: Path) -> None:
    (folder / "report-bucha-yablunska.txt").write_text(REPORT)
    _photo(folder / "photo-yablunska-1.jpg", (90, 80, 70), 50.5443, 30.2204, "2022:04:02 10:15:00")
    _photo(folder / "photo-yablunska-2.jpg", (70, 75, 90), 50.5449, 30.2188, "2022:04:02 10:41:00")
