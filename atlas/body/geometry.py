"""Small geometry helpers on a triangle mesh given as numpy arrays (no renderer, no Panel)."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph


def ray_hit(vertices: np.ndarray, faces: np.ndarray, origin, direction) -> np.ndarray | None:
    """First point where a ray meets the surface (Moller-Trumbore over all triangles).

    If the ray meets nothing ahead (its start lies just outside the skin), the nearest crossing
    behind the start is used, so a start point a little outside the body still lands on it.
    """
    o = np.asarray(origin, dtype=np.float64)
    d = np.asarray(direction, dtype=np.float64)
    d = d / np.linalg.norm(d)
    v0 = vertices[faces[:, 0]].astype(np.float64)
    e1 = vertices[faces[:, 1]] - v0
    e2 = vertices[faces[:, 2]] - v0
    p = np.cross(d, e2)
    det = np.einsum("ij,ij->i", e1, p)
    ok = np.abs(det) > 1e-12
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = o - v0
    u = np.einsum("ij,ij->i", s, p) * inv
    q = np.cross(s, e1)
    v = (q @ d) * inv
    t = np.einsum("ij,ij->i", e2, q) * inv
    on = ok & (u >= 0) & (v >= 0) & (u + v <= 1)
    ahead, behind = on & (t > 1e-9), on & (t <= 1e-9)
    if ahead.any():
        return o + d * t[ahead].min()
    if behind.any():
        return o + d * t[behind].max()
    return None


def nearest_vertex(vertices: np.ndarray, point) -> int:
    return int(np.argmin(np.linalg.norm(vertices - np.asarray(point), axis=1)))


def edge_graph(vertices: np.ndarray, faces: np.ndarray) -> sparse.csr_matrix:
    """Symmetric vertex adjacency weighted by edge length, for geodesic distances."""
    e = np.vstack([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    e = np.unique(np.sort(e, axis=1), axis=0)
    w = np.linalg.norm(vertices[e[:, 0]] - vertices[e[:, 1]], axis=1)
    n = len(vertices)
    g = sparse.coo_matrix((w, (e[:, 0], e[:, 1])), shape=(n, n))
    return (g + g.T).tocsr()


def geodesic_voronoi(graph: sparse.csr_matrix, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each vertex: distance to its nearest seed along the surface, and that seed's index."""
    dist, _, source = csgraph.dijkstra(
        graph, directed=False, indices=seeds, min_only=True, return_predecessors=True)
    index_of = {int(s): i for i, s in enumerate(seeds)}
    owner = np.array([index_of.get(int(s), -1) for s in source])
    return dist, owner


def geodesic_distance(graph: sparse.csr_matrix, sources, limit: float = np.inf) -> np.ndarray:
    """Surface distance from the nearest of ``sources`` to every vertex (inf beyond ``limit``)."""
    return csgraph.dijkstra(graph, directed=False, indices=list(sources), min_only=True, limit=limit)


def vertex_areas(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """A third of each adjacent triangle's area per vertex; sums to the mesh area."""
    fa = 0.5 * np.linalg.norm(
        np.cross(vertices[faces[:, 1]] - vertices[faces[:, 0]],
                 vertices[faces[:, 2]] - vertices[faces[:, 0]]), axis=1)
    out = np.zeros(len(vertices))
    for k in range(3):
        np.add.at(out, faces[:, k], fa / 3.0)
    return out


def components(graph: sparse.csr_matrix, mask: np.ndarray) -> np.ndarray:
    """Connected-component label of each vertex in ``mask`` (-1 outside it)."""
    idx = np.flatnonzero(mask)
    sub = graph[idx][:, idx]
    _, lab = csgraph.connected_components(sub, directed=False)
    out = np.full(len(mask), -1)
    out[idx] = lab
    return out
