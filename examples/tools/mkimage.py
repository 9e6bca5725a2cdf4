#!/usr/bin/python3
"""Draw the example editions' pictures as deterministic RGB PNGs.

    /usr/bin/python3 examples/tools/mkimage.py [EDITION [OUT_DIR]]
    (default: every edition, into examples/EDITION/images)

Standard library only (zlib + struct).  Every picture is drawn from simple
shapes - gradients, polygons, discs, bars - so the same script always writes
the same bytes; tests/e2e/examples.sh redraws them and compares.
"""
import os
import struct
import sys
import zlib

W, H = 800, 500   # the drawing's own units
SCALE = 2         # pixels per unit: 1600 x 1000, >= 150 ppi across a full page


class Canvas:
    """An RGB picture drawn in W x H units and stored at SCALE pixels per
    unit, so the shapes are sharp at print size rather than enlarged."""
    def __init__(self, w=W, h=H, bg=(255, 255, 255), scale=SCALE):
        self.s = scale
        self.w, self.h = w * scale, h * scale            # pixels
        self.rows = [bytearray(bytes(bg) * self.w) for _ in range(self.h)]

    # -- in pixels
    def _span(self, x0, x1, y, c):
        x0, x1 = max(0, int(x0)), min(self.w, int(x1))
        if 0 <= y < self.h and x1 > x0:
            self.rows[y][3 * x0:3 * x1] = bytes(c) * (x1 - x0)

    def _rect(self, x0, y0, x1, y1, c):
        for y in range(max(0, int(y0)), min(self.h, int(y1))):
            self._span(x0, x1, y, c)

    # -- in units
    def hspan(self, x0, x1, y, c):
        """A one-unit-high run from x0 to x1 on row y."""
        s = self.s
        self._rect(x0 * s, int(y) * s, x1 * s, (int(y) + 1) * s, c)

    def rect(self, x0, y0, x1, y1, c):
        s = self.s
        self._rect(int(x0) * s, int(y0) * s, int(x1) * s, int(y1) * s, c)

    def vgradient(self, y0, y1, top, bottom):
        s = self.s
        n = max(1, (y1 - y0) * s - 1)
        for y in range(y0 * s, y1 * s):
            t = (y - y0 * s) / n
            c = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom))
            self._span(0, self.w, y, c)

    def disc(self, cx, cy, r, c):
        s = self.s
        cx, cy, r = (cx + 0.5) * s - 0.5, (cy + 0.5) * s - 0.5, r * s
        for y in range(int(cy - r), int(cy + r) + 1):
            d = r * r - (y - cy) ** 2
            if d >= 0:
                half = d ** 0.5
                self._span(round(cx - half), round(cx + half) + 1, y, c)

    def polygon(self, pts, c):
        """Even-odd scanline fill of a closed polygon."""
        s = self.s
        pts = [(x * s, y * s) for x, y in pts]
        ys = [p[1] for p in pts]
        for y in range(max(0, int(min(ys))), min(self.h, int(max(ys)) + 1)):
            yc = y + 0.5
            xs = []
            for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
                if (y0 <= yc < y1) or (y1 <= yc < y0):
                    xs.append(x0 + (yc - y0) * (x1 - x0) / (y1 - y0))
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                self._span(round(a), round(b), y, c)

    def line(self, x0, y0, x1, y1, c, width=1):
        s = self.s
        x0, y0, x1, y1, hw = x0 * s, y0 * s, x1 * s, y1 * s, width * s / 2
        n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        for i in range(n + 1):
            x = x0 + (x1 - x0) * i / n
            y = y0 + (y1 - y0) * i / n
            self._rect(x - hw, y - hw, x + hw + 1, y + hw + 1, c)

    def png(self):
        raw = b"".join(b"\x00" + bytes(r) for r in self.rows)

        def chunk(tag, data):
            body = tag + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


class Rng:
    """A tiny LCG so the 'random' details never depend on Python's version."""
    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s * 1103515245 + 12345) & 0x7FFFFFFF
        return self.s / 0x7FFFFFFF

    def range(self, a, b):
        return a + (b - a) * self.next()


def wetland():
    """Winter wetland on the Yellow River: sky, far hills, water, reeds, birds."""
    c = Canvas()
    c.vgradient(0, 260, (150, 185, 222), (232, 226, 214))
    c.disc(610, 120, 34, (250, 236, 200))
    c.polygon([(0, 250), (120, 190), (260, 230), (400, 175), (560, 225), (700, 185), (800, 215), (800, 270), (0, 270)], (128, 140, 150))
    c.vgradient(270, 500, (120, 150, 170), (60, 88, 110))
    rng = Rng(7)
    for i in range(40):       # light on the water
        y = int(rng.range(280, 480))
        x = rng.range(0, 760)
        c.hspan(x, x + rng.range(20, 90), y, (170, 195, 210))
    for i in range(140):      # reeds on the near bank
        x = rng.range(0, 800)
        h = rng.range(40, 110)
        c.line(x, 500, x + rng.range(-8, 8), 500 - h, (150, 120, 70), 2)
    for i in range(18):       # birds: small v shapes
        x = rng.range(80, 720)
        y = rng.range(40, 200)
        s = rng.range(6, 13)
        c.line(x - s, y - s / 2, x, y, (40, 40, 46), 2)
        c.line(x, y, x + s, y - s / 2, (40, 40, 46), 2)
    for i in range(6):        # swans on the water
        x = 150 + i * 95 + rng.range(-20, 20)
        y = 330 + rng.range(0, 90)
        c.disc(x, y, 11, (245, 245, 240))
        c.rect(x + 6, y - 22, x + 10, y - 4, (245, 245, 240))
        c.disc(x + 9, y - 23, 4, (245, 245, 240))
    return c


def millet(seed, sun_x):
    """Millet harvest on the terraces of 𠀋山镇: terraced golden rows under blue sky."""
    c = Canvas()
    c.vgradient(0, 220, (90, 150, 215), (200, 220, 235))
    c.disc(sun_x, 80, 40, (255, 243, 190))
    c.polygon([(0, 200), (180, 120), (330, 180), (520, 100), (800, 190), (800, 240), (0, 240)], (110, 130, 95))
    rng = Rng(seed)
    y = 220
    band = 0
    while y < 500:            # terraces: alternating gold bands with darker edges
        h = 30 + band * 6
        gold = (226 - band * 6, 178 - band * 8, 60 + band * 2)
        c.rect(0, y, 800, y + h, gold)
        c.rect(0, y + h - 4, 800, y + h, (150, 110, 50))
        for i in range(60):   # drooping millet heads
            x = rng.range(0, 800)
            c.disc(x, y + rng.range(6, h - 8), rng.range(2, 4.5), (196, 140, 40))
        y += h
        band += 1
    for i in range(3):        # harvesters
        x = 200 + i * 170 + rng.range(-30, 30)
        base = 330 + i * 25
        c.polygon([(x - 14, base), (x + 14, base), (x + 9, base - 38), (x - 9, base - 38)], (200, 60, 50))
        c.disc(x, base - 48, 10, (230, 190, 150))
        c.rect(x - 15, base - 60, x + 15, base - 55, (240, 230, 200))
    return c


def chart():
    """Quarterly bar chart (1,129.62 = the year-to-date total in the lead story)."""
    c = Canvas(bg=(250, 248, 242))
    c.rect(80, 60, 82, 440, (60, 60, 60))
    c.rect(80, 438, 760, 440, (60, 60, 60))
    for k in range(1, 5):
        c.rect(82, 440 - k * 90, 760, 441 - k * 90, (215, 212, 205))
    values = [342.15, 381.06, 406.41]          # 亿元, Q1..Q3 of 2026
    prev = [325.30, 359.88, 384.70]            # same quarters of 2025
    for i, (v, p) in enumerate(zip(values, prev)):
        x = 140 + i * 210
        c.rect(x, 440 - p * 0.8, x + 60, 438, (170, 170, 170))
        c.rect(x + 70, 440 - v * 0.8, x + 130, 438, (180, 40, 40))
    rng = Rng(3)
    pts = [(170 + i * 210, 440 - (5.2 + rng.range(0, 1.2)) * 50) for i in range(3)]
    for a, b in zip(pts, pts[1:]):
        c.line(a[0], a[1], b[0], b[1], (30, 80, 160), 3)
    for x, y in pts:
        c.disc(x, y, 7, (30, 80, 160))
    return c


def showroom():
    """A car showroom: floor, glass wall, three cars."""
    c = Canvas()
    c.vgradient(0, 300, (210, 225, 235), (235, 240, 244))
    for x in range(0, 800, 100):
        c.rect(x, 0, x + 4, 300, (120, 130, 140))
    c.vgradient(300, 500, (200, 200, 198), (150, 150, 148))
    colours = [(190, 30, 40), (30, 60, 120), (235, 235, 235)]
    for i, col in enumerate(colours):
        x = 60 + i * 250
        y = 380 + (i % 2) * 40
        c.polygon([(x, y), (x + 200, y), (x + 205, y - 35), (x + 150, y - 45), (x + 120, y - 80),
                   (x + 55, y - 80), (x + 30, y - 45), (x - 5, y - 35)], col)
        c.polygon([(x + 62, y - 72), (x + 113, y - 72), (x + 135, y - 47), (x + 42, y - 47)], (160, 200, 225))
        for wx in (x + 40, x + 160):
            c.disc(wx, y, 20, (30, 30, 30))
            c.disc(wx, y, 9, (190, 190, 190))
    c.rect(300, 30, 500, 80, (20, 70, 140))     # the brand board
    c.rect(320, 48, 480, 62, (240, 240, 240))
    return c


def opera():
    """A stage of 秦腔: red curtains, lit floor, two performers."""
    c = Canvas(bg=(25, 20, 30))
    c.rect(0, 0, 800, 60, (150, 20, 30))
    for x in range(0, 800, 40):
        c.rect(x, 60, x + 20, 90, (150, 20, 30))
    c.polygon([(0, 60), (150, 60), (90, 420), (0, 420)], (170, 25, 35))
    c.polygon([(650, 60), (800, 60), (800, 420), (710, 420)], (170, 25, 35))
    c.vgradient(380, 500, (120, 90, 60), (70, 50, 35))
    c.polygon([(300, 60), (500, 60), (640, 420), (160, 420)], (70, 60, 55))
    for x, col in ((330, (230, 200, 60)), (470, (60, 120, 200))):
        c.polygon([(x - 40, 400), (x + 40, 400), (x + 22, 260), (x - 22, 260)], col)
        c.rect(x - 50, 265, x + 50, 285, col)
        c.disc(x, 240, 20, (240, 215, 190))
        c.polygon([(x - 24, 228), (x + 24, 228), (x, 190)], (20, 20, 20))
    return c


def night_market():
    """A night market: dark sky, a row of stalls with awnings, lanterns."""
    c = Canvas()
    c.vgradient(0, 320, (15, 20, 50), (60, 50, 80))
    rng = Rng(5)
    for i in range(60):       # stars
        c.disc(rng.range(0, 800), rng.range(0, 200), rng.range(0.8, 1.8), (230, 230, 210))
    c.polygon([(0, 320), (0, 150), (80, 150), (80, 110), (160, 110), (160, 320)], (35, 35, 55))
    c.polygon([(640, 320), (640, 130), (720, 100), (800, 130), (800, 320)], (35, 35, 55))
    c.vgradient(320, 500, (90, 70, 60), (50, 40, 35))
    colours = [(200, 50, 40), (230, 160, 40), (40, 120, 90), (60, 90, 170), (200, 50, 40)]
    for i, col in enumerate(colours):
        x = 20 + i * 156
        c.rect(x, 300, x + 140, 420, (120, 90, 60))              # stall
        c.rect(x + 8, 320, x + 132, 360, (250, 220, 150))        # lit counter
        c.polygon([(x - 6, 300), (x + 146, 300), (x + 130, 260), (x + 10, 260)], col)
        for k in range(5):                                       # awning stripes
            c.rect(x + 14 + k * 26, 262, x + 24 + k * 26, 298, (245, 240, 230))
        for k in range(3):                                       # people
            px = x + 30 + k * 40 + rng.range(-6, 6)
            c.rect(px - 9, 400, px + 9, 470, (30, 30, 40))
            c.disc(px, 390, 10, (220, 190, 160))
    for i in range(9):        # lanterns on a string
        x = 40 + i * 90
        y = 200 + 18 * ((i % 3) - 1)
        c.line(x, 150, x, y - 16, (90, 80, 70), 1)
        c.disc(x, y, 16, (235, 60, 40))
        c.rect(x - 8, y - 19, x + 8, y - 15, (240, 200, 60))
    return c


PICTURES = {
    "hexi": {
        "wetland.png": wetland,
        "millet-1.png": lambda: millet(11, 640),
        "millet-2.png": lambda: millet(29, 160),
        "gdp-chart.png": chart,
        "showroom.png": showroom,
        "opera.png": opera,
    },
    "tabloid-mini": {
        "night-market.png": night_market,
    },
}


def main(argv):
    """mkimage.py [EDITION [OUT_DIR]]: one edition's pictures (default: all,
    into examples/EDITION/images)."""
    here = os.path.dirname(os.path.abspath(__file__))
    editions = [argv[1]] if len(argv) > 1 else sorted(PICTURES)
    for ed in editions:
        out = argv[2] if len(argv) > 2 else os.path.join(here, "..", ed, "images")
        os.makedirs(out, exist_ok=True)
        for name, draw in sorted(PICTURES[ed].items()):
            data = draw().png()
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            print("%s %d bytes" % (os.path.normpath(os.path.join(out, name)), len(data)))


if __name__ == "__main__":
    main(sys.argv)
