"""The browser's decoder of the body asset gives back what the Python encoder packed.

The decoder functions of atlas/views/js/body_view.js run in Node.js (the same JavaScript the
browser runs); their vertices and faces are compared with the mesh the server loaded."""

import json
import shutil
import subprocess

import numpy as np
import pytest

import atlas
from atlas.exports.html import BODY_VIEW_JS
from atlas.views import palette

NODE = shutil.which("node")

SCRIPT = """
import { readFileSync } from 'node:fs';
import { unpack, dequantise, decodeFaces } from './body_view.mjs';
const blob = readFileSync('./body.bin');
const buffer = blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength);
const { arrays, meta } = unpack(buffer);
const V = dequantise(arrays.vertices_q, meta.origin, meta.scale, meta.vertices);
const F = decodeFaces(arrays.faces_rel);
console.log(JSON.stringify({ V: Array.from(V), F: Array.from(F), markers: meta.markers,
                             palette: meta.palette }));
"""


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_browser_decoder_matches_the_python_mesh(tmp_path):
    scene = atlas.load().scene
    (tmp_path / "body.bin").write_bytes(scene.asset)
    (tmp_path / "body_view.mjs").write_text(BODY_VIEW_JS.read_text())
    (tmp_path / "decode.mjs").write_text(SCRIPT)
    out = subprocess.run([NODE, "decode.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    body = scene.body
    vertices = np.asarray(got["V"], dtype=np.float64).reshape(-1, 3)
    assert vertices.shape == body.vertices.shape
    assert np.abs(vertices - body.vertices).max() < 0.01  # 16-bit steps: well under 0.1 mm
    assert np.array_equal(np.asarray(got["F"]).reshape(-1, 3), body.faces)
    assert got["markers"] == len(scene.markers)
    assert got["palette"]["essential"] == list(palette.rgb("essential"))
