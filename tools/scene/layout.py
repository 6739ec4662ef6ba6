"""Place composed objects by the spatial words of the prompt, without interpenetration.

Works on axis-aligned bounding boxes (metres, +Y up, every object facing +Z at yaw 0):

- requests with no relation stand side by side along +X (their copies in a row);
- "scattered" strews the copies at seeded random spots and turns, none overlapping;
- "next to" / "left of" / "right of" put the subject beside its anchor (+X / -X), "behind" and
  "in front of" along -Z / +Z, "on top of" on the anchor's top face, "around" in a ring facing
  the anchor (chairs face the table), "in a row" keeps the copies in a line;
- anything that would overlap something already placed slides on along its direction until it
  is clear, so no two objects' boxes interpenetrate (touching, as a lamp on a table does, is fine).

Pure numpy on boxes: no trimesh here, so the rules are easy to test on their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from tools.scene.prompt import Relation

EPS = 1e-6
MAX_SLIDES = 200
Vec = tuple[float, float, float]


@dataclass(frozen=True)
class Box:
    """An axis-aligned box, ``low`` and ``high`` corners in metres."""

    low: Vec
    high: Vec

    def moved(self, offset: Vec) -> "Box":
        return Box(tuple(a + b for a, b in zip(self.low, offset)),  # type: ignore[arg-type]
                   tuple(a + b for a, b in zip(self.high, offset)))  # type: ignore[arg-type]

    @property
    def size(self) -> Vec:
        return tuple(h - lo for lo, h in zip(self.low, self.high))  # type: ignore[return-value]

    @property
    def centre(self) -> Vec:
        return tuple((lo + h) / 2 for lo, h in zip(self.low, self.high))  # type: ignore[return-value]

    def overlaps(self, other: "Box") -> bool:
        """True when the interiors intersect; boxes that only touch do not overlap."""
        return all(a_lo < b_hi - EPS and b_lo < a_hi - EPS
                   for a_lo, a_hi, b_lo, b_hi in zip(self.low, self.high, other.low, other.high))


def union(boxes: Sequence[Box]) -> Box:
    return Box(tuple(min(b.low[i] for b in boxes) for i in range(3)),  # type: ignore[arg-type]
               tuple(max(b.high[i] for b in boxes) for i in range(3)))  # type: ignore[arg-type]


def turned_box(box: Box, yaw_deg: float) -> Box:
    """The box that holds ``box`` after turning it ``yaw_deg`` about +Y through the origin."""
    angle = math.radians(yaw_deg)
    c, s = math.cos(angle), math.sin(angle)
    xs, zs = [], []
    for x in (box.low[0], box.high[0]):
        for z in (box.low[2], box.high[2]):
            # rotation about +Y: x' = x cos + z sin, z' = -x sin + z cos
            xs.append(x * c + z * s)
            zs.append(-x * s + z * c)
    return Box((min(xs), box.low[1], min(zs)), (max(xs), box.high[1], max(zs)))


@dataclass
class Placement:
    """Where one object ends up: turn it ``yaw_deg`` about +Y, then move it to ``position``."""

    position: Vec = (0.0, 0.0, 0.0)
    yaw_deg: float = 0.0
    relation: str | None = None
    anchor_request: int | None = None


def gap_between(a: Box, b: Box) -> float:
    """Breathing room between neighbours: a tenth of the smaller footprint, 5 cm to 1 m."""
    smaller = min(max(a.size[0], a.size[2]), max(b.size[0], b.size[2]))
    return min(1.0, max(0.05, 0.1 * smaller + 0.05))


def arrange(local_boxes: Sequence[Box], requests: Sequence[int], relations: Sequence[Relation], *,
            surround: float | None = None) -> list[Placement]:
    """Placements for objects whose local boxes are ``local_boxes``; ``requests[i]`` is the index of
    the request (prompt object) that object ``i`` is a copy of. The result is centred on x = z = 0.

    With ``surround`` (metres), groups of related objects (a table and the chairs around it) stand
    in a ring around an empty circle of that radius, each group facing the centre: the layout of a
    panorama or a room seen from its middle.
    """
    placements = _Arranger(local_boxes, requests, relations).run()
    if surround is not None and placements:
        placements = _surround(placements, list(local_boxes), list(requests), list(relations), surround)
    return placements


def _groups(requests: list[int], relations: list[Relation]) -> list[list[int]]:
    """Objects joined by relations (through their requests), in prompt order."""
    parent = {r: r for r in requests}

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for relation in relations:
        if relation.anchor is not None and relation.subject in parent and relation.anchor in parent:
            parent[root(relation.subject)] = root(relation.anchor)
    clusters: dict[int, list[int]] = {}
    for index, request in enumerate(requests):
        clusters.setdefault(root(request), []).append(index)
    # copies of one request with no relation become one group each when there are many (a row of
    # three barrels stays a row; "four trees" and "bookshelves all the way around" spread round the ring)
    tied = {r.subject for r in relations if r.anchor is not None or r.relation in ("in_row", "stacked")}
    tied |= {r.anchor for r in relations if r.anchor is not None}
    out: list[list[int]] = []
    for members in clusters.values():
        request = requests[members[0]]
        if len(members) >= 3 and all(requests[i] == request for i in members) and request not in tied:
            out += [[i] for i in members]
        else:
            out.append(members)
    # each request's groups at even steps round the ring, the others between them
    share: dict[int, int] = {}
    for group in out:
        share[requests[group[0]]] = share.get(requests[group[0]], 0) + 1
    seen: dict[int, int] = {}
    lone = sum(1 for group in out if share[requests[group[0]]] == 1)  # the groups that are all of their request
    lone_seen = 0
    keyed = []
    for order, group in enumerate(out):
        request = requests[group[0]]
        if share[request] == 1:
            lone_seen += 1
            keyed.append(((lone_seen - 0.5) / lone, order, group))
        else:
            seen[request] = seen.get(request, 0) + 1
            keyed.append(((seen[request] - 0.5) / share[request], order, group))
    return [group for _, _, group in sorted(keyed)]


def _surround(placements: list[Placement], local: list[Box], requests: list[int], relations: list[Relation],
              clear: float) -> list[Placement]:
    groups = _groups(requests, relations)
    boxes = [turned_box(local[i], placements[i].yaw_deg).moved(placements[i].position) for i in range(len(local))]
    spans = []
    for group in groups:
        box = union([boxes[i] for i in group])
        spans.append((box, max(box.size[0], 0.3)))
    circumference_needed = sum(width + 0.6 for _, width in spans)
    depth = max(box.size[2] for box, _ in spans)
    radius = max(clear + depth / 2, circumference_needed / (2 * math.pi))
    angle = 0.0
    out = [Placement(p.position, p.yaw_deg, p.relation, p.anchor_request) for p in placements]
    total = sum(width + 0.6 for _, width in spans)
    for group, (box, width) in zip(groups, spans):
        share = (width + 0.6) / total * 2 * math.pi
        theta = angle + share / 2
        angle += share
        centre = box.centre
        turn = math.degrees(theta) + 180.0  # the group's front (+Z) faces the middle
        c, s = math.cos(math.radians(turn)), math.sin(math.radians(turn))
        target = (radius * math.sin(theta), radius * math.cos(theta))
        for i in group:
            x, y, z = placements[i].position
            dx, dz = x - centre[0], z - centre[2]
            # rotation about +Y: x' = x cos + z sin, z' = -x sin + z cos
            out[i] = Placement((round(target[0] + dx * c + dz * s, 5), y, round(target[1] - dx * s + dz * c, 5)),
                               (placements[i].yaw_deg + turn) % 360.0, placements[i].relation,
                               placements[i].anchor_request)
    return out


class _Arranger:
    def __init__(self, local_boxes: Sequence[Box], requests: Sequence[int], relations: Sequence[Relation]) -> None:
        self.local = list(local_boxes)
        self.groups: dict[int, list[int]] = {}
        for index, request in enumerate(requests):
            self.groups.setdefault(request, []).append(index)
        self.relation_of: dict[int, Relation] = {}
        # "three barrels stacked by the door": the copies pile up, and the pile stands by its anchor
        self.stacked = {r.subject for r in relations if r.relation == "stacked"}
        for relation in relations:
            if relation.relation == "stacked":
                continue
            if relation.subject in self.groups and relation.subject not in self.relation_of and (
                    relation.anchor is None or (relation.anchor in self.groups and relation.anchor != relation.subject)):
                self.relation_of[relation.subject] = relation
        self.placements = [Placement() for _ in self.local]
        self.world: dict[int, Box] = {}
        self.state: dict[int, str] = {}

    def run(self) -> list[Placement]:
        for request in self.groups:
            self._place_request(request)
        if self.world:
            middle = union(list(self.world.values())).centre
            for placement in self.placements:
                x, y, z = placement.position
                placement.position = (round(x - middle[0], 5) + 0.0, round(y, 5) + 0.0, round(z - middle[2], 5) + 0.0)
        return self.placements

    # -- one request (all its copies) ----------------------------------------------------------
    def _place_request(self, request: int) -> None:
        if self.state.get(request) == "done":
            return
        if self.state.get(request) == "busy":  # reached again through a cycle; the caller drops its relation
            return
        self.state[request] = "busy"
        relation = self.relation_of.get(request)
        if relation is not None and relation.anchor is not None:
            self._place_request(relation.anchor)
            if self.state.get(relation.anchor) != "done":  # a cycle ("a next to b, b next to a")
                self.relation_of.pop(request, None)
                relation = None
        members = self.groups[request]
        if relation is not None and relation.relation == "flanking" and relation.anchor is not None:
            return self._flank(request, members, relation)
        if relation is not None and relation.relation == "around":
            offsets = self._ring(members, anchor=relation.anchor)
        elif relation is not None and relation.relation == "scattered":
            offsets = self._scatter(members, request)
        elif request in self.stacked and len(members) > 1:
            offsets = self._stack(members)
        else:
            offsets = self._row(members)
        cluster = union([self._box(i, offset) for i, offset in zip(members, offsets)])
        shift, direction = self._cluster_target(cluster, relation)
        shift = self._clear(members, offsets, shift, direction, relation)
        for member, (offset, yaw) in zip(members, offsets):
            placement = self.placements[member]
            placement.position = tuple(a + b for a, b in zip(offset, shift))  # type: ignore[assignment]
            placement.yaw_deg = yaw
            placement.relation = relation.relation if relation else None
            placement.anchor_request = relation.anchor if relation else None
            self.world[member] = self._box(member, (placement.position, yaw))
        self.state[request] = "done"

    def _box(self, member: int, offset: tuple[Vec, float]) -> Box:
        position, yaw = offset
        return turned_box(self.local[member], yaw).moved(position)

    def _row(self, members: list[int]) -> list[tuple[Vec, float]]:
        """Copies side by side along +X, starting at x = 0 (the cluster is moved as a whole later)."""
        offsets: list[tuple[Vec, float]] = []
        cursor = 0.0
        for member in members:
            box = self.local[member]
            offsets.append(((cursor - box.low[0], 0.0, 0.0), 0.0))
            cursor += box.size[0] + gap_between(box, box)
        return offsets

    def _stack(self, members: list[int]) -> list[tuple[Vec, float]]:
        """Copies piled up: two in a column, more in a pyramid (each layer one fewer, resting between two below)."""
        count = len(members)
        bottom = 1 if count == 2 else next(k for k in range(1, count + 1) if k * (k + 1) // 2 >= count)
        offsets: list[tuple[Vec, float]] = []
        layer, in_layer, height = 0, 0, 0.0
        width = max(self.local[m].size[0] for m in members)
        for member in members:
            box = self.local[member]
            per_layer = max(1, bottom - layer)
            x = (in_layer - (per_layer - 1) / 2) * width * 1.02
            offsets.append(((x - box.centre[0], height - box.low[1], -box.centre[2]), 0.0))
            in_layer += 1
            if in_layer >= per_layer:
                layer, in_layer = layer + 1, 0
                height += max(self.local[m].size[1] for m in members)
        return offsets

    def _scatter(self, members: list[int], request: int) -> list[tuple[Vec, float]]:
        """Copies at seeded random spots and turns in a disc that grows until none overlap."""
        import random

        rng = random.Random(1000 + request)
        size = max(max(self.local[m].size[0], self.local[m].size[2]) for m in members)
        radius = size * (0.8 + 0.7 * math.sqrt(len(members)))
        offsets: list[tuple[Vec, float]] = []
        placed: list[Box] = []
        for member in members:
            for attempt in range(400):
                r = radius * math.sqrt(rng.random()) * (1.0 + attempt / 100)
                theta = rng.uniform(0, 2 * math.pi)
                yaw = rng.uniform(0, 360)
                offset = ((r * math.cos(theta), 0.0, r * math.sin(theta)), yaw)
                box = self._box(member, offset)
                if not any(box.overlaps(other) for other in placed):
                    break
            offsets.append(offset)
            placed.append(box)
        return offsets

    def _ring(self, members: list[int], *, anchor: int | None) -> list[tuple[Vec, float]]:
        """Copies in a ring around the anchor's centre (or around x = z = 0), each facing inwards."""
        count = len(members)
        core = union([self.world[i] for i in self.groups[anchor]]) if anchor is not None else None
        centre = core.centre if core is not None else (0.0, 0.0, 0.0)
        half = (core.size[0] / 2, core.size[2] / 2) if core is not None else (0.0, 0.0)
        scale = 1.0
        offsets: list[tuple[Vec, float]] = []
        for _ in range(60):
            offsets = []
            for k, member in enumerate(members):
                theta = 2 * math.pi * k / count
                dx, dz = math.sin(theta), math.cos(theta)
                yaw = math.degrees(theta) + 180.0  # +Z (the object's front) turned to face the centre
                box = turned_box(self.local[member], yaw)
                # distance from the centre to the anchor's edge plus the object's own reach, along (dx, dz)
                reach = abs(dx) * half[0] + abs(dz) * half[1]
                own = abs(dx) * (-box.low[0] if dx > 0 else box.high[0]) + \
                    abs(dz) * (-box.low[2] if dz > 0 else box.high[2])  # its reach back towards the centre
                gap = gap_between(box, core) if core is not None else gap_between(box, box)
                radius = (reach + own + gap) * scale
                if core is None:
                    radius = max(radius, scale * count * max(box.size[0], box.size[2]) / (2 * math.pi) * 1.2)
                offsets.append(((centre[0] + dx * radius, 0.0, centre[2] + dz * radius), yaw))
            boxes = [self._box(m, o) for m, o in zip(members, offsets)]
            clash = any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
            if core is not None:
                clash = clash or any(box.overlaps(core) for box in boxes)
            if not clash:
                break
            scale *= 1.1
        return offsets

    # -- where a cluster goes ------------------------------------------------------------------
    def _cluster_target(self, cluster: Box, relation: Relation | None) -> tuple[Vec, Vec]:
        """The shift that puts ``cluster`` where its relation says, and the way to slide if blocked."""
        if relation is None or relation.anchor is None:
            return self._after_everything(cluster), (1.0, 0.0, 0.0)
        anchor_boxes = [self.world[i] for i in self.groups[relation.anchor]]
        core = union(anchor_boxes)
        gap = gap_between(cluster, core)
        cx, cz = cluster.centre[0], cluster.centre[2]
        ax, az = core.centre[0], core.centre[2]
        kind = relation.relation
        if kind == "around":
            return (0.0, 0.0, 0.0), (1.0, 0.0, 0.0)
        if kind in ("next_to", "right_of"):
            return (core.high[0] + gap - cluster.low[0], 0.0, az - cz), (1.0, 0.0, 0.0)
        if kind == "left_of":
            return (core.low[0] - gap - cluster.high[0], 0.0, az - cz), (-1.0, 0.0, 0.0)
        if kind == "behind":
            return (ax - cx, 0.0, core.low[2] - gap - cluster.high[2]), (0.0, 0.0, -1.0)
        if kind == "in_front":
            return (ax - cx, 0.0, core.high[2] + gap - cluster.low[2]), (0.0, 0.0, 1.0)
        if kind == "on_top":
            top = anchor_boxes[0]  # on the first copy's top face, at a free spot of it when others stand there
            x, z = self._free_spot_on(top, cluster)
            return (x - cx, top.high[1] - cluster.low[1], z - cz), (1.0, 0.0, 0.0)
        if kind == "held":  # in the figure's hand: at its side, gripped a third of the way up, at hand height
            hand = core.low[1] + 0.42 * core.size[1]
            return (core.high[0] - 0.2 * cluster.size[0] - cluster.low[0], hand - 0.3 * cluster.size[1] - cluster.low[1],
                    core.centre[2] + 0.25 * core.size[2] - cz), (0.0, 1.0, 0.0)
        if kind == "stuck_in":  # on the anchor, its lower part sunk into it (a sword in a stone)
            top = anchor_boxes[0]
            sink = min(0.3 * cluster.size[1], 0.5 * top.size[1])
            return (top.centre[0] - cx, top.high[1] - sink - cluster.low[1], top.centre[2] - cz), (0.0, 1.0, 0.0)
        return self._after_everything(cluster), (1.0, 0.0, 0.0)  # "in_row": a row on its own

    def _free_spot_on(self, top: Box, cluster: Box) -> tuple[float, float]:
        """The centre (x, z) for ``cluster`` on the top face of ``top``: its middle if free, else the free
        spot nearest the middle (a teapot and two mugs share a table), else the middle."""
        half_x, half_z = cluster.size[0] / 2, cluster.size[2] / 2
        spare_x, spare_z = max(top.size[0] / 2 - half_x, 0.0), max(top.size[2] / 2 - half_z, 0.0)
        spots = sorted(((top.centre[0] + fx * spare_x, top.centre[2] + fz * spare_z)
                        for fx in (-1, -0.5, 0, 0.5, 1) for fz in (-1, -0.5, 0, 0.5, 1)),
                       key=lambda p: (p[0] - top.centre[0]) ** 2 + (p[1] - top.centre[2]) ** 2)
        for x, z in spots:
            box = Box((x - half_x, top.high[1] + EPS, z - half_z),
                      (x + half_x, top.high[1] + cluster.size[1], z + half_z))
            if not any(box.overlaps(other) for other in self.world.values()):
                return x, z
        return top.centre[0], top.centre[2]

    def _flank(self, request: int, members: list[int], relation: Relation) -> None:
        """Copies on alternate sides of the anchor, level with its front ("torches either side of the gate")."""
        core = union([self.world[i] for i in self.groups[relation.anchor]])  # type: ignore[index]
        for k, member in enumerate(members):
            box = self.local[member]
            side = 1 if k % 2 == 0 else -1
            row = k // 2  # a third and fourth copy stand further out
            gap = gap_between(box, core) + row * (box.size[0] + gap_between(box, box))
            x = core.high[0] + gap - box.low[0] if side > 0 else core.low[0] - gap - box.high[0]
            z = core.high[2] - box.high[2]  # flush with the anchor's front
            placement = self.placements[member]
            placement.position, placement.yaw_deg = (x, 0.0, z), 0.0
            placement.relation, placement.anchor_request = relation.relation, relation.anchor
            self.world[member] = self._box(member, ((x, 0.0, z), 0.0))
        self.state[request] = "done"

    def _after_everything(self, cluster: Box) -> Vec:
        if not self.world:
            return (0.0, 0.0, -cluster.centre[2])
        placed = union(list(self.world.values()))
        return (placed.high[0] + gap_between(cluster, placed) - cluster.low[0], 0.0, -cluster.centre[2])

    def _clear(self, members: list[int], offsets: list[tuple[Vec, float]], shift: Vec, direction: Vec,
               relation: Relation | None) -> Vec:
        """Slide the cluster along ``direction`` until none of its boxes overlaps a placed one."""
        local = [self._box(m, o) for m, o in zip(members, offsets)]
        if relation is not None and relation.relation in ("stuck_in", "held"):  # into its anchor on purpose
            return shift
        for _ in range(MAX_SLIDES):
            moved = [box.moved(shift) for box in local]
            blocking = [other for other in self.world.values() for box in moved if box.overlaps(other)]
            if not blocking:
                return shift
            if relation is not None and relation.relation == "next_to" and direction == (1.0, 0.0, 0.0):
                # the right side is taken: try the left side of the anchor once before sliding on
                anchor = union([self.world[i] for i in self.groups[relation.anchor]])  # type: ignore[index]
                cluster = union(local)
                left = (anchor.low[0] - gap_between(cluster, anchor) - cluster.high[0], shift[1], shift[2])
                direction = (-1.0, 0.0, 0.0)
                if not any(box.moved(left).overlaps(other) for box in local for other in self.world.values()):
                    return left
                shift = left
                continue
            step = max(_penetration(box, other, direction) for box in moved for other in blocking)
            gap = gap_between(union(moved), union(blocking))
            shift = tuple(s + d * (step + gap) for s, d in zip(shift, direction))  # type: ignore[assignment]
        return shift


def _penetration(box: Box, other: Box, direction: Vec) -> float:
    """How far ``box`` must move along the axis ``direction`` to stop overlapping ``other``."""
    axis = next(i for i, d in enumerate(direction) if d != 0)
    if direction[axis] > 0:
        return max(0.0, other.high[axis] - box.low[axis])
    return max(0.0, box.high[axis] - other.low[axis])
