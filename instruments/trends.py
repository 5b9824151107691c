"""Each instrument's scores over time, drawn as SVG with the screening bands shaded."""

from dataclasses import dataclass

from instruments.definitions import Instrument, localised
from instruments.scoring import reliable_change

WIDTH, HEIGHT, PAD = 320, 120, 24
BAND_FILLS = ["#eef5ee", "#f6f3e6", "#f7ece1", "#f5e3dc", "#f1dcdc"]


@dataclass
class Trend:
    instrument: Instrument
    points: list  # administrations with a score, oldest first
    bands: list
    path: str
    change: str | None
    difference: float | None

    @property
    def baseline(self):
        return self.points[0]

    @property
    def latest(self):
        return self.points[-1]


def trend(instrument: Instrument, administrations, language: str = "en") -> Trend | None:
    """The scored administrations over time, the bands labelled in ``language`` (a validated one)."""
    points = [a for a in administrations if a.total is not None]
    if not points:
        return None
    top = max(band["max"] for band in instrument.bands)
    usable = HEIGHT - 2 * 8

    def y(value: float) -> float:
        return round(8 + usable * (1 - value / top), 1)

    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    for index, point in enumerate(points):
        point.x, point.y = round(PAD + index * step, 1), y(point.total)
    bands = []
    ordered = instrument.bands if instrument.higher_is == "worse" else tuple(reversed(instrument.bands))
    for index, band in enumerate(ordered):
        bands.append(
            {
                "y": y(band["max"] + (1 if band["max"] < top else 0)),
                "height": round(y(band["min"]) - y(band["max"] + (1 if band["max"] < top else 0)), 1),
                "fill": BAND_FILLS[min(index, len(BAND_FILLS) - 1)],
                "label": localised(band["label"], language),
            }
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    change = difference = None
    if len(points) > 1:
        change = reliable_change(instrument, points[0].total, points[-1].total)
        difference = round(points[-1].total - points[0].total, 1)
    return Trend(instrument, points, bands, path, change, difference)
