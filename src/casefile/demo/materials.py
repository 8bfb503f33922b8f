"""Materials for the demo, made at run time (no binaries in the repository).

The reports are short texts written for this demonstration in the style of the April 2022
reporting on Bucha; publishers are labelled "(demo)". The photographs are generated images
carrying EXIF capture times and GPS positions, as a phone camera would write them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw


@dataclass(frozen=True)
class DemoReport:
    name: str
    publisher: str
    published: str
    text: str


def _text(*paragraphs: str) -> str:
    return "\n".join(paragraphs) + "\n"


REPORTS = (
    DemoReport(
        "report-bucha-yablunska.txt",
        "Regional news desk (demo)",
        "2022-04-03",
        _text(
            "Investigators reach Yablunska Street as the town of Bucha is opened to the press",
            "Officials said on Sunday that at least 20 bodies had been found on a single street "
            "in Bucha, a town north-west of Kyiv, after Russian forces withdrew from the area.",
            "Local residents described a massacre of civilians during the month of occupation.",
            '"We need to work with witnesses," the regional prosecutor said, adding that teams '
            "were recording every body before burial.",
            "Russia's defence ministry denied that any civilians had been harmed, calling the "
            "images a provocation.",
        ),
    ),
    DemoReport(
        "report-bucha-toll-rises.txt",
        "International wire service (demo)",
        "2022-04-04",
        _text(
            "Bucha death toll rises as forensic teams begin exhumations",
            "The mayor of Bucha said on Monday that 340 people had been killed in the town "
            "during the occupation, many of them shot in the streets and in their yards.",
            "Moscow claims Ukrainian forces staged the scenes in Bucha for Western media.",
            "Residents told reporters that soldiers of a motor rifle brigade had occupied "
            "Yablunska Street from early March and fired on anyone who went outside.",
        ),
    ),
    DemoReport(
        "report-bucha-monitors.txt",
        "Human rights monitor (demo)",
        "2022-04-15",
        _text(
            "Monitors document killings in Bucha",
            "At least 410 civilians were killed in the Bucha district, the Kyiv regional "
            "prosecutor's office said on Friday, as investigators continued to identify the dead.",
            "Satellite images taken in the middle of March show bodies lying on Yablunska "
            "Street, weeks before Russian forces withdrew from the town.",
            "Russia's foreign ministry insisted that the scenes in Bucha were staged.",
        ),
    ),
)

# (file, colour, lat, lon, EXIF capture time): street photographs and one satellite image.
PHOTOS = (
    ("photo-yablunska-1.jpg", (90, 80, 70), 50.5443, 30.2204, "2022:04:02 10:15:00"),
    ("photo-yablunska-2.jpg", (70, 75, 90), 50.5449, 30.2188, "2022:04:02 10:41:00"),
    ("photo-yablunska-3.jpg", (85, 90, 70), 50.5438, 30.2213, "2022:04:02 11:05:00"),
)
SATELLITE = ("satellite-yablunska-2022-03-19.jpg", (60, 70, 60))


def make_image(
    path: Path, colour: tuple[int, int, int], lat: float | None, lon: float | None, when: str
) -> None:
    img = Image.new("RGB", (320, 200), colour)
    ImageDraw.Draw(img).text((12, 12), f"demo image {when}", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F] = "DemoCam"
    exif.get_ifd(0x8769)[0x9003] = when
    if lat is not None and lon is not None:
        gps = exif.get_ifd(0x8825)

        def dms(value: float) -> tuple[float, float, float]:
            d = int(value)
            m = int((value - d) * 60)
            s = round(((value - d) * 60 - m) * 60, 2)
            return (float(d), float(m), s)

        gps[1], gps[2], gps[3], gps[4] = "N", dms(lat), "E", dms(lon)
    img.save(path, "JPEG", exif=exif)


def write_reports(folder: Path) -> list[tuple[Path, DemoReport]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for r in REPORTS:
        (folder / r.name).write_text(r.text)
        out.append((folder / r.name, r))
    return out


def write_images(folder: Path) -> list[Path]:
    """Street photos with GPS and capture time; a satellite image with a time but no GPS."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, colour, lat, lon, when in PHOTOS:
        make_image(folder / name, colour, lat, lon, when)
        paths.append(folder / name)
    name, colour = SATELLITE
    make_image(folder / name, colour, None, None, "2022:03:19 11:02:00")
    paths.append(folder / name)
    return paths


def write_materials(folder: Path) -> None:
    write_reports(folder / "reports")
    write_images(folder / "images")
