"""Bar charts as plain geometry for inline SVG drawn by the templates (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, BASELINE = 360, 160, 130  # the SVG viewBox; bars grow up from BASELINE


@dataclass(frozen=True)
class Segment:
    y: float
    height: float
    css: str
    value: int
    name: str


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    total: int
    segments: tuple[Segment, ...]

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return min((s.y for s in self.segments), default=BASELINE)


def stacked_bars(rows: list[tuple[str, list[tuple[str, str, int]]]]) -> list[Bar]:
    """``[(label, [(name, css_class, value), …]), …]`` → bars scaled to the tallest stack."""
    tallest = max((sum(v for _, _, v in parts) for _, parts in rows), default=0) or 1
    slot = WIDTH / max(len(rows), 1)
    bars = []
    for index, (label, parts) in enumerate(rows):
        y, segments = BASELINE, []
        for name, css, value in parts:
            height = (BASELINE - 20) * value / tallest
            y -= height
            segments.append(Segment(y=round(y, 1), height=round(height, 1), css=css, value=value, name=name))
        bars.append(Bar(label=label, x=round(index * slot + slot * 0.15, 1), width=round(slot * 0.7, 1),
                        total=sum(v for _, _, v in parts), segments=tuple(segments)))
    return bars


def simple_bars(rows: list[tuple[str, int]], css: str = "bar") -> list[Bar]:
    return stacked_bars([(label, [(label, css, value)]) for label, value in rows])
