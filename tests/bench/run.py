#!/usr/bin/env python3
"""make bench: banmian's speed and memory on generated editions, with the
tools a user would otherwise pick run on the same text.

    run.py --banmian build/banmian --stages build/bench_stages [--runs 5]
           [--sizes 1,4,16,64] [--json build/bench/results.json]

For each size: generate the edition (tests/bench/gen.py, seeded), then
- run bench_stages (one process, every stage timed: ingest, fonts, compose,
  pdf, epub, replica (--fxl), alto, png (page images, zones, e-paper
  pages)) RUNS times and take medians;
- run `banmian build` end to end RUNS times: wall, CPU, peak RSS (wait4);
- run pandoc (Markdown -> EPUB) and Typst (typst-ts-node-compiler, the same
  text set in 8 columns) when installed, reported as ratios to banmian.
Everything runs pinned to one core (taskset -c 0) when taskset exists.
A benchmark, not a test: goals are reported, never asserted.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PIN = ["taskset", "-c", "0"] if shutil.which("taskset") else []


def measured(cmd, env=None):
    """Runs cmd with fork+wait4 so CPU and peak RSS are this child's own."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execvpe((PIN + cmd)[0], PIN + cmd, env or os.environ)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed (exit {os.waitstatus_to_exitcode(status)})")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def median(xs):
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--banmian", default=os.path.join(ROOT, "build/banmian"))
    ap.add_argument("--stages", default=os.path.join(ROOT, "build/bench_stages"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1,4,16,64")
    ap.add_argument("--json", default=os.path.join(ROOT, "build/bench/results.json"))
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    tmp = tempfile.mkdtemp(prefix="bm-bench-")
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))
    typst = os.path.join(HERE, "node_modules/@myriaddreamin/typst-ts-node-compiler")
    have_typst = os.path.isdir(typst) and shutil.which("node")
    have_pandoc = shutil.which("pandoc")
    results = []
    try:
        for n in sizes:
            ed = os.path.join(tmp, f"ed{n}")
            chars = int(subprocess.check_output([sys.executable, os.path.join(HERE, "gen.py"), str(n), ed]))
            out = os.path.join(tmp, f"out{n}")
            os.makedirs(out)
            runs = a.runs if n <= 16 else max(1, a.runs // 2)
            stage_runs = []
            for _ in range(runs):
                o = subprocess.run(PIN + [a.stages, ed, ROOT, os.path.join(out, "stages")], env=env, capture_output=True, text=True)
                if o.returncode != 0:
                    sys.exit(f"bench: bench_stages failed on {n} pages:\n{o.stderr[-2000:]}")
                stage_runs.append(json.loads(o.stdout))
            stages = {}
            for s in stage_runs[0]["stages"]:
                stages[s] = {k: median([r["stages"][s][k] for r in stage_runs]) for k in ("wall", "cpu")}
            e2e = [measured([a.banmian, "build", ed, "-o", out], env) for _ in range(runs)]
            pdfs = [f for f in os.listdir(out) if f.endswith(".pdf")]
            epubs = [f for f in os.listdir(out) if f.endswith(".epub") and not f.endswith(".replica.epub")]
            r = {
                "pages": n, "chars": chars, "runs": runs,
                "laid_out_pages": stage_runs[0]["pages"],
                "stages": stages,
                "compose_chars_per_s": stage_runs[0]["chars"] / stages["compose"]["cpu"] if stages["compose"]["cpu"] else None,
                "e2e_wall": median([x[0] for x in e2e]),
                "e2e_cpu": median([x[1] for x in e2e]),
                "peak_rss_mb": max(x[2] for x in e2e) / 1024,
                "pdf_bytes": os.path.getsize(os.path.join(out, pdfs[0])) if pdfs else None,
                "epub_bytes": os.path.getsize(os.path.join(out, epubs[0])) if epubs else None,
                # the structure tree's cost: the PDF writer alone, tagged
                # and untagged (best of three in each run, median of runs)
                "pdf_tagged_cpu": median([r["pdf_tagged"]["cpu"] for r in stage_runs]),
                "pdf_untagged_cpu": median([r["pdf_untagged"]["cpu"] for r in stage_runs]),
            }
            if have_pandoc:
                pw = [measured(["pandoc", "--quiet", os.path.join(ed, "edition.md"), "-o", os.path.join(out, "pandoc.epub")], env)
                      for _ in range(runs)]
                r["pandoc_epub_wall"] = median([x[0] for x in pw])
            if have_typst:
                js = ("const {NodeCompiler}=require(%r);const fs=require('fs');"
                      "const c=NodeCompiler.create({fontArgs:[{fontPaths:['/usr/share/fonts/opentype/noto']}]});"
                      "fs.writeFileSync(process.argv[2],c.pdf({mainFileContent:fs.readFileSync(process.argv[1],'utf8')}));") % typst
                tw = [measured(["node", "-e", js, os.path.join(ed, "edition.typ"), os.path.join(out, "typst.pdf")], env)
                      for _ in range(runs)]
                r["typst_pdf_wall"] = median([x[0] for x in tw])
            results.append(r)
            print_row(r, header=(n == sizes[0]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump({"results": results}, f, indent=1)
    print(f"\nwritten {a.json}")
    goals(results)


def ms(x):
    return "-" if x is None else f"{x * 1000:.0f}"


def print_row(r, header):
    if header:
        print("| pages | chars | ingest | fonts | compose | pdf | epub | replica | png | e2e wall | e2e cpu | peak RSS | compose chars/s | PDF | EPUB | pandoc/bm | typst/bm |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    s = r["stages"]
    e = r["e2e_wall"]
    ratio = lambda k: f"{r[k] / e:.1f}×" if r.get(k) and e else "-"
    print(f"| {r['pages']} | {r['chars']} | {ms(s['ingest']['wall'])} ms | {ms(s['fonts']['wall'])} ms | "
          f"{ms(s['compose']['wall'])} ms | {ms(s['pdf']['wall'])} ms | {ms(s['epub']['wall'])} ms | "
          f"{ms(s['replica']['wall']) if 'replica' in s else '-'} ms | {ms(s['png']['wall']) if 'png' in s else '-'} ms | "
          f"{ms(e)} ms | {ms(r['e2e_cpu'])} ms | {r['peak_rss_mb']:.0f} MB | "
          f"{(r['compose_chars_per_s'] or 0) / 1e6:.2f} M | {(r['pdf_bytes'] or 0) // 1024} KB | "
          f"{(r['epub_bytes'] or 0) // 1024} KB | {ratio('pandoc_epub_wall')} | {ratio('typst_pdf_wall')} |", flush=True)


def goals(results):
    by = {r["pages"]: r for r in results}
    print("\nGoals (reported, not asserted):")
    if 4 in by:
        r = by[4]
        print(f"  4 pages PDF+EPUB <= 150 ms: {ms(r['e2e_wall'])} ms; <= 80 MB: {r['peak_rss_mb']:.0f} MB")
        if r.get("typst_pdf_wall"):
            print(f"  >= 4x faster than Typst: {r['typst_pdf_wall'] / r['e2e_wall']:.1f}x")
    for n, r in sorted(by.items()):
        t, u = r["pdf_tagged_cpu"], r["pdf_untagged_cpu"]
        print(f"  {n} pages: tagging costs <= 10 % of the PDF's time: "
              f"{ms(u)} -> {ms(t)} ms CPU, {100 * (t - u) / u:+.1f} %")
    if 1 in by and 64 in by:
        print(f"  linear in pages: 64-page time / (64 x 1-page time) = "
              f"{by[64]['e2e_wall'] / (64 * by[1]['e2e_wall']):.2f}")
    cps = [r["compose_chars_per_s"] for r in results if r["compose_chars_per_s"]]
    if cps:
        print(f"  composer >= 2 M chars/s: {max(cps) / 1e6:.2f} M (page composer incl. paragraphs)")


if __name__ == "__main__":
    main()
