#!/usr/bin/python3
"""Draw the test editions' pictures as deterministic RGB PNGs of given pixel
sizes (the page-quality checks compare a picture's box with its pixel aspect,
so the sizes matter more than the drawing).

    /usr/bin/python3 tests/editions/mkimages.py [EDITION_NAME]

Standard library only: a gradient sky, a ground band, discs and bars placed
from a fixed seed per picture, so the same script always writes the same bytes.
"""
import os
import random
import struct
import sys
import zlib

# edition -> [(file, width, height, sky top, sky bottom, ground)]
PICTURES = {
    "tabloid-feature": [
        ("shepherd-3x4.png", 900, 1200, (96, 140, 200), (222, 230, 240), (120, 150, 80)),
        ("ridge-3x1.png", 1800, 600, (40, 70, 140), (240, 190, 120), (90, 80, 70)),
        ("school-4x3.png", 1200, 900, (150, 190, 230), (245, 245, 250), (170, 130, 90)),
    ],
    "sports": [
        ("marathon.png", 1600, 900, (70, 120, 200), (220, 230, 245), (90, 90, 95)),
        ("pool.png", 1200, 800, (20, 110, 170), (120, 200, 230), (30, 140, 200)),
        ("goal.png", 1200, 900, (120, 170, 220), (230, 240, 250), (60, 150, 60)),
        ("pingpong.png", 900, 1200, (60, 40, 90), (150, 120, 170), (30, 90, 150)),
        ("skate-wide.png", 1800, 600, (200, 220, 240), (250, 250, 255), (230, 235, 245)),
        ("chess.png", 1000, 1000, (90, 60, 40), (200, 170, 130), (60, 40, 30)),
    ],
    "packed": [
        ("flood-gate.png", 1500, 1000, (110, 150, 190), (230, 235, 240), (110, 100, 80)),
    ],
    "county": [
        ("dam-4x3.png", 1600, 1200, (120, 160, 210), (225, 235, 245), (110, 120, 90)),
        ("school-3x2.png", 1500, 1000, (230, 225, 210), (250, 248, 240), (180, 140, 100)),
        ("sheep-16x9.png", 1600, 900, (170, 190, 210), (235, 238, 242), (150, 130, 100)),
        ("shop-1x1.png", 1000, 1000, (60, 50, 70), (190, 160, 150), (120, 60, 50)),
    ],
    "briefs-day": [
        ("metro-3x2.png", 1500, 1000, (80, 90, 110), (200, 205, 215), (120, 120, 125)),
    ],
    "gallery": [
        ("lake-4x1.png", 2400, 600, (150, 170, 200), (235, 240, 248), (225, 230, 238)),
        ("tower-2x3.png", 800, 1200, (110, 130, 170), (220, 225, 235), (200, 205, 215)),
        ("boat-1x1.png", 1000, 1000, (130, 150, 180), (230, 235, 242), (70, 90, 120)),
        ("mason-3x4.png", 900, 1200, (170, 160, 150), (230, 225, 215), (120, 110, 100)),
        ("bridge-16x9.png", 1600, 900, (120, 150, 190), (225, 232, 240), (90, 100, 90)),
        ("net-21x9.png", 2100, 900, (140, 160, 190), (228, 234, 242), (60, 90, 120)),
        ("market-3x2.png", 1500, 1000, (180, 60, 50), (240, 200, 160), (150, 110, 80)),
    ],
    "opinion": [
        ("cartoon-4x3.png", 1200, 900, (250, 245, 230), (255, 252, 240), (200, 190, 170)),
        ("theory-3x2.png", 1500, 1000, (120, 110, 100), (220, 215, 205), (90, 80, 70)),
    ],
    "photo-news": [
        ("oldtown-3x2.png", 1500, 1000, (170, 185, 205), (235, 238, 244), (225, 228, 235)),
        ("bridge-16x9.png", 1600, 900, (90, 130, 190), (215, 225, 240), (70, 90, 110)),
        ("library-3x4.png", 900, 1200, (50, 45, 60), (120, 100, 90), (140, 110, 80)),
        ("swim-4x3.png", 1200, 900, (130, 160, 200), (220, 228, 238), (40, 90, 130)),
        ("lantern-1x1.png", 1000, 1000, (40, 30, 50), (110, 60, 60), (90, 50, 40)),
        ("greenhouse-2x1.png", 1600, 800, (180, 200, 220), (240, 242, 245), (70, 140, 70)),
        ("frost-4x3.png", 1200, 900, (180, 200, 230), (245, 248, 252), (200, 215, 235)),
        ("exhibit-3x2.png", 1500, 1000, (90, 80, 70), (170, 150, 130), (120, 100, 80)),
        ("court-4x3.png", 1200, 900, (200, 170, 120), (240, 225, 200), (180, 120, 70)),
    ],
    "sparse": [
        ("lantern.png", 1200, 800, (20, 20, 60), (80, 60, 110), (140, 30, 30)),
    ],
}


def draw(w, h, top, bottom, ground, seed):
    rnd = random.Random(seed)
    horizon = int(h * rnd.uniform(0.55, 0.75))
    rows = []
    for y in range(horizon):
        t = y / max(1, horizon - 1)
        c = bytes(int(a + (b - a) * t) for a, b in zip(top, bottom))
        rows.append(bytearray(c * w))
    for y in range(horizon, h):
        t = (y - horizon) / max(1, h - horizon)
        c = bytes(max(0, int(v * (1 - 0.35 * t))) for v in ground)
        rows.append(bytearray(c * w))
    # bars (buildings, figures, lanes) and discs (sun, balls, heads)
    for _ in range(rnd.randint(4, 9)):
        bw = rnd.randint(w // 40, w // 8)
        bh = rnd.randint(h // 10, h // 2)
        x0 = rnd.randint(0, w - bw)
        c = bytes(rnd.randint(30, 220) for _ in range(3))
        for y in range(max(0, horizon - bh), min(h, horizon + bh // 6)):
            rows[y][3 * x0:3 * (x0 + bw)] = c * bw
    for _ in range(rnd.randint(2, 5)):
        r = rnd.randint(min(w, h) // 30, min(w, h) // 8)
        cx, cy = rnd.randint(r, w - r), rnd.randint(r, h - r)
        c = bytes(rnd.randint(120, 255) for _ in range(3))
        for y in range(cy - r, cy + r):
            dx = int((r * r - (y - cy) ** 2) ** 0.5)
            rows[y][3 * (cx - dx):3 * (cx + dx)] = c * (2 * dx)
    return rows


def png(path, w, h, rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(
            ">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    data = (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    names = sys.argv[1:] or sorted(PICTURES)
    for ed in names:
        out = os.path.join(here, ed, "images")
        os.makedirs(out, exist_ok=True)
        for k, (name, w, h, top, bottom, ground) in enumerate(PICTURES[ed]):
            png(os.path.join(out, name), w, h,
                draw(w, h, top, bottom, ground, f"{ed}/{name}"))


if __name__ == "__main__":
    main()
