"""Draw the installable app's icons (static/img/icon-192.png, icon-512.png) from the
design of static/img/icon.svg: four white vertebrae on the theme blue.

The vertebrae sit inside the middle 70% of the square, so the icon survives a phone's
round or squircle mask ("maskable"). Run once after changing the design; the PNGs are
committed. Needs Pillow (installed with the dev dependencies)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (11, 92, 173, 255)
WHITE = (255, 255, 255, 255)
IMG = Path(__file__).resolve().parents[1] / "src" / "spinewise" / "web" / "static" / "img"

# (x, y, width, height) of each vertebra on a 32-unit square, as in icon.svg, scaled to the safe zone
VERTEBRAE = ((13, 4, 6, 5), (12, 10.5, 8, 5), (12, 17, 8, 5), (13, 23.5, 6, 5))


def draw(size: int) -> Image.Image:
    scale = 4  # drawn larger, then shrunk: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), BLUE)
    pen = ImageDraw.Draw(image)
    zone = 0.7 * big  # inside the maskable safe zone (a centred circle of 80%)
    unit = zone / 32
    left = top = (big - zone) / 2
    for x, y, w, h in VERTEBRAE:
        box = (left + x * unit, top + y * unit, left + (x + w) * unit, top + (y + h) * unit)
        pen.rounded_rectangle(box, radius=2 * unit, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    for size in (192, 512):
        draw(size).save(IMG / f"icon-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
