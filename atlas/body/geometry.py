"""Geometry on the skin: trimesh does the mesh work (ray casts, edges, areas); scipy's sparse
graph routines give geodesic distances and connected patches.  No renderer, no Panel."""

from __future__ import annotations

import numpy as np
import trimesh
from scipy import sparse
from scipy.sparse import csgraph


def skin_mesh(vertices: np.ndarray, faces: np.ndarray) -> trimesh.Trimesh:
    """The skin as a trimesh mesh, exactly as given (no merging or reordering of vertices)."""
    return trimesh.Trimesh(vertices.astype(np.float64), faces, process=False, validate=False)


def ray_hit(mesh: trimesh.Trimesh, origin, direction) -> np.ndarray | None:
    """First point where a ray meets the surface (trimesh's ray casting).

    If the ray meets nothing ahead (its start lies just outside the skin), the nearest crossing
    behind the start is used, so a start point a little outside the body still lands on it.
    """
    o = np.asarray(origin, dtype=np.float64)
    d = np.asarray(direction, dtype=np.float64)
    d = d / np.linalg.norm(d)
    for sign in (1.0, -1.0):
        hits, _, _ = mesh.ray.intersects_location([o], [sign * d], multiple_hits=True)
        if len(hits):
            return hits[np.argmin(np.linalg.norm(hits - o, axis=1))]
    return None


def nearest_vertex(vertices: np.ndarray, point) -> int:
    return int(np.argmin(np.linalg.norm(vertices - np.asarray(point), axis=1)))


def edge_graph(mesh: trimesh.Trimesh) -> sparse.csr_matrix:
    """Symmetric vertex adjacency weighted by edge length, for geodesic distances.  Being
    symmetric, it is searched with ``directed=True``: the same distances, without scipy building
    its transpose on every call."""
    e, w = mesh.edges_unique, mesh.edges_unique_length
    n = len(mesh.vertices)
    g = sparse.coo_matrix((w, (e[:, 0], e[:, 1])), shape=(n, n))
    return (g + g.T).tocsr()


def geodesic_voronoi(graph: sparse.csr_matrix, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each vertex: distance to its nearest seed along the surface, and that seed's index."""
    dist, _, source = csgraph.dijkstra(
        graph, directed=True, indices=seeds, min_only=True, return_predecessors=True)
    index_of = {int(s): i for i, s in enumerate(seeds)}
    owner = np.array([index_of.get(int(s), -1) for s in source])
    return dist, owner


def geodesic_distance(graph: sparse.csr_matrix, sources, limit: float = np.inf) -> np.ndarray:
    """Surface distance from the nearest of ``sources`` to every vertex (inf beyond ``limit``)."""
    return csgraph.dijkstra(graph, directed=True, indices=list(sources), min_only=True, limit=limit)


def vertex_areas(mesh: trimesh.Trimesh) -> np.ndarray:
    """A third of each adjacent triangle's area per vertex; sums to the mesh area."""
    share = np.repeat(mesh.area_faces / 3.0, 3)
    return np.bincount(mesh.faces.ravel(), weights=share, minlength=len(mesh.vertices))


def components(graph: sparse.csr_matrix, mask: np.ndarray) -> np.ndarray:
    """Connected-component label of each vertex in ``mask`` (-1 outside it)."""
    idx = np.flatnonzero(mask)
    sub = graph[idx][:, idx]
    _, lab = csgraph.connected_components(sub, directed=False)
    out = np.full(len(mask), -1)
    out[idx] = lab
    return out
