"""Server-side geometry for the child's page: the network map and the outcome chart, as plain numbers.

The templates draw inline SVG from these numbers (no script, so the strict CSP holds); this module does the
arithmetic so that the templates only display. Colours come from the static stylesheet by class name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

# --- Network map ---------------------------------------------------------------------------------------------

MAP_WIDTH = 720
MAP_HEIGHT = 440
MAP_RADIUS = 170
MAP_MAX_DRAWN = 16


@dataclasses.dataclass
class NetworkNode:
    """One service or professional around the child: who, from which sector, in which role."""

    key: str
    label: str
    sector: str
    sector_label: str
    roles: list[str]
    x: float = 0.0
    y: float = 0.0
    anchor: str = "middle"
    label_y: float = 0.0

    @property
    def sector_y(self) -> float:
        return round(self.label_y + 13, 1)

    @property
    def role_text(self) -> str:
        return ", ".join(self.roles)


@dataclasses.dataclass
class Network:
    nodes: list[NetworkNode]
    centre_x: float = MAP_WIDTH / 2
    centre_y: float = MAP_HEIGHT / 2
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT

    @property
    def drawn(self) -> list[NetworkNode]:
        return self.nodes[:MAP_MAX_DRAWN]

    @property
    def not_drawn(self) -> int:
        return max(0, len(self.nodes) - MAP_MAX_DRAWN)


class NetworkBuilder:
    """Collects the people and units involved with a child, one node per unit or professional."""

    def __init__(self) -> None:
        self._nodes: dict[str, NetworkNode] = {}

    def add(self, *, key: str, label: str, sector: str, sector_label: str, role: str) -> None:
        node = self._nodes.get(key)
        if node is None:
            self._nodes[key] = NetworkNode(
                key=key, label=label, sector=sector, sector_label=sector_label, roles=[role]
            )
        elif role not in node.roles:
            node.roles.append(role)

    def build(self) -> Network:
        nodes = sorted(self._nodes.values(), key=lambda n: (n.sector_label, n.label))
        network = Network(nodes=nodes)
        drawn = network.drawn
        for index, node in enumerate(drawn):
            angle = -math.pi / 2 + 2 * math.pi * index / max(len(drawn), 1)
            node.x = round(network.centre_x + MAP_RADIUS * math.cos(angle), 1)
            node.y = round(network.centre_y + MAP_RADIUS * 0.95 * math.sin(angle), 1)
            cos = math.cos(angle)
            node.anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
            node.label_y = round(node.y + (24 if math.sin(angle) >= 0 else -28), 1)
        return network


# --- Outcome chart -------------------------------------------------------------------------------------------

CHART_WIDTH = 720
CHART_HEIGHT = 260
CHART_LEFT = 48
CHART_RIGHT = 16
CHART_TOP = 16
CHART_BOTTOM = 36
Y_MIN = 0.0
Y_MAX = 100.0


@dataclasses.dataclass(frozen=True)
class ChartPoint:
    day: dt.date
    value: float
    x: float
    y: float


@dataclasses.dataclass(frozen=True)
class ChartSeries:
    key: str
    label: str
    css_class: str
    points: list[ChartPoint]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclasses.dataclass(frozen=True)
class ChartTick:
    position: float
    label: str


@dataclasses.dataclass(frozen=True)
class Chart:
    series: list[ChartSeries]
    rows: list[tuple[dt.date, str, float]]
    y_ticks: list[ChartTick]
    x_ticks: list[ChartTick]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    right_edge: int = CHART_WIDTH - CHART_RIGHT
    top: int = CHART_TOP
    bottom_edge: int = CHART_HEIGHT - CHART_BOTTOM

    @property
    def y_label_x(self) -> int:
        return self.left - 6

    @property
    def x_label_y(self) -> int:
        return self.bottom_edge + 18

    @property
    def is_empty(self) -> bool:
        return not self.rows


def build_chart(raw: list[tuple[str, str, list[tuple[dt.date, float]]]]) -> Chart:
    """Place the series (key, label, [(day, value on 0–100)]) on one time axis and one 0–100 value axis."""
    days = [day for _key, _label, values in raw for day, _value in values]
    rows = sorted(
        ((day, label, round(value, 2)) for _key, label, values in raw for day, value in values),
        key=lambda row: (row[0], row[1]),
    )
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    first, last = (min(days), max(days)) if days else (dt.date.min, dt.date.min)
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        if first == last:
            return round(CHART_LEFT + plot_width / 2, 1)
        return round(CHART_LEFT + plot_width * (day - first).days / span, 1)

    def y_of(value: float) -> float:
        clamped = min(max(value, Y_MIN), Y_MAX)
        return round(CHART_TOP + plot_height * (1 - (clamped - Y_MIN) / (Y_MAX - Y_MIN)), 1)

    series = [
        ChartSeries(
            key=key,
            label=label,
            css_class=f"series-{index % 6}",
            points=[ChartPoint(day, value, x_of(day), y_of(value)) for day, value in sorted(values)],
        )
        for index, (key, label, values) in enumerate(raw)
        if values
    ]
    y_ticks = [ChartTick(y_of(v), f"{v:.0f}") for v in (0, 25, 50, 75, 100)]
    x_ticks: list[ChartTick] = []
    if days:
        for year in range(first.year, last.year + 1):
            day = dt.date(year, 1, 1)
            if first <= day <= last:
                x_ticks.append(ChartTick(x_of(day), str(year)))
        if not x_ticks:
            x_ticks.append(ChartTick(x_of(first), f"{first.day}.{first.month}.{first.year}"))
    return Chart(series=series, rows=rows, y_ticks=y_ticks, x_ticks=x_ticks)
