#!/usr/bin/env python3
"""plot.py RESULTS.json OUT.svg - make bench's results as a picture: time
and peak memory against pages for banmian (PDF + EPUB), Typst (PDF) and
pandoc (EPUB), both axes logarithmic, and the batch row when there is one.

Plain SVG written by hand (no plotting library): two panels side by side,
one polyline a tool, a marker and its value at every size measured.
"""
import json
import math
import sys
from xml.sax.saxutils import escape

TOOLS = [  # key of the time, key of the memory, label, colour
    ("e2e_wall", "peak_rss_mb", "banmian PDF + EPUB", "#c0392b"),
    ("typst_pdf_wall", "typst_rss_mb", "Typst PDF", "#2471a3"),
    ("pandoc_epub_wall", "pandoc_rss_mb", "pandoc EPUB", "#7d7d7d"),
]
W, H = 1010, 420
PANEL_W, PANEL_H = 330, 270
TOP = 70


def log_scale(lo, hi, a, b):
    lo, hi = math.log10(lo), math.log10(hi)
    if hi - lo < 1e-9:
        hi = lo + 1
    return lambda v: a + (math.log10(v) - lo) / (hi - lo) * (b - a)


def nice_ticks(lo, hi):
    """1-2-5 steps between lo and hi (a log axis)."""
    out = []
    e = math.floor(math.log10(lo))
    while 10 ** e <= hi * 1.001:
        for m in (1, 2, 5):
            v = m * 10 ** e
            if lo * 0.999 <= v <= hi * 1.001:
                out.append(v)
        e += 1
    return out


def fmt(v):
    return f"{v:g}" if v >= 1 else f"{v:.2g}"


def panel(svg, x0, title, unit, rows, scale_key_index):
    pages = [r["pages"] for r in rows]
    series = []
    for t in TOOLS:
        key = t[scale_key_index]
        pts = [(r["pages"], r[key] * (1000 if unit == "ms" else 1)) for r in rows if r.get(key)]
        if pts:
            series.append((t, pts))
    vals = [v for _, pts in series for _, v in pts]
    if not vals:
        return
    lo, hi = min(vals) / 1.5, max(vals) * 1.5
    ticks = nice_ticks(lo, hi)
    if len(ticks) >= 2:
        lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    x = log_scale(min(pages), max(pages), x0 + 50, x0 + PANEL_W)
    y = log_scale(lo, hi, TOP + PANEL_H, TOP)
    svg.append(f'<text x="{x0 + 50 + (PANEL_W - 50) / 2}" y="{TOP - 14}" text-anchor="middle" '
               f'font-size="15" font-weight="bold">{escape(title)}</text>')
    svg.append(f'<rect x="{x0 + 50}" y="{TOP}" width="{PANEL_W - 50}" height="{PANEL_H}" '
               'fill="none" stroke="#444"/>')
    for v in ticks:
        yy = y(v)
        svg.append(f'<line x1="{x0 + 50}" x2="{x0 + PANEL_W}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#ddd"/>')
        svg.append(f'<text x="{x0 + 45}" y="{yy + 4:.1f}" text-anchor="end" font-size="11">{fmt(v)}</text>')
    for p in pages:
        xx = x(p)
        svg.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{TOP}" y2="{TOP + PANEL_H}" stroke="#eee"/>')
        svg.append(f'<text x="{xx:.1f}" y="{TOP + PANEL_H + 16}" text-anchor="middle" font-size="11">{p}</text>')
    svg.append(f'<text x="{x0 + 50 + (PANEL_W - 50) / 2}" y="{TOP + PANEL_H + 34}" '
               'text-anchor="middle" font-size="12">pages</text>')
    svg.append(f'<text x="{x0 + 12}" y="{TOP + PANEL_H / 2}" text-anchor="middle" font-size="12" '
               f'transform="rotate(-90 {x0 + 12} {TOP + PANEL_H / 2})">{unit}</text>')
    for (key, _, label, colour), pts in series:
        path = " ".join(f"{x(p):.1f},{y(v):.1f}" for p, v in pts)
        svg.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p, v in pts:
            svg.append(f'<circle cx="{x(p):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}"/>')
            svg.append(f'<text x="{x(p) + 5:.1f}" y="{y(v) - 6:.1f}" font-size="10" fill="{colour}">'
                       f'{v:.0f}</text>')


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src) as f:
        data = json.load(f)
    rows = sorted(data["results"], key=lambda r: r["pages"])
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="24" text-anchor="middle" font-size="17">make bench: the same '
           'generated text, end to end (medians)</text>']
    panel(svg, 20, "time", "ms", rows, 0)
    panel(svg, 20 + PANEL_W + 40, "peak memory", "MB", rows, 1)
    # legend
    lx = 20 + 2 * PANEL_W + 90
    for i, (_, _, label, colour) in enumerate(TOOLS):
        ly = TOP + 20 + 24 * i
        svg.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="3"/>')
        svg.append(f'<text x="{lx + 30}" y="{ly + 4}" font-size="12">{escape(label)}</text>')
    b = data.get("batch")
    if b:
        ly = TOP + 20 + 24 * len(TOOLS) + 20
        lines = [f"batch of {b['editions']} four-page",
                 "editions, one process:",
                 f"{b['per_edition_wall'] * 1000:.0f} ms an edition at -j {b['jobs']}",
                 f"(alone: {b['single_wall'] * 1000:.0f} ms,",
                 f"ratio {b['per_edition_wall'] / b['single_wall']:.2f})"]
        for k, t in enumerate(lines):
            svg.append(f'<text x="{lx}" y="{ly + 16 * k}" font-size="12">{escape(t)}</text>')
    svg.append("</svg>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
