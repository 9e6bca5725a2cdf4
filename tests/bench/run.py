#!/usr/bin/env python3
"""make bench: banmian's speed and memory on generated editions, with the
tools a user would otherwise pick run on the same text.

    run.py --banmian build/banmian --stages build/bench_stages [--runs 5]
           [--sizes 1,4,16,64] [--json build/bench/results.json]

For each size: generate the edition (tests/bench/gen.py, seeded, 6,500
characters a page: what a page holds), then
- run bench_stages (one process, every stage timed: ingest, fonts, compose,
  pdf, epub, replica (--fxl), alto, png (page images, zones, e-paper
  pages)) RUNS times and take medians;
- run `banmian build` end to end RUNS times: wall, CPU, peak RSS (wait4);
- run pandoc (Markdown -> EPUB) and Typst (typst-ts-node-compiler, the same
  text set in 8 columns) when installed, reported as ratios to banmian.
Then the batch row (--batch N, default 365): N generated four-page editions
(one a day of 2025, each its own text and date) built by one
`banmian build --batch` process, at -j 1 pinned like the rest and at -j
NPROC unpinned, against building a sample of them alone; the sample's files
must be the batch's byte for byte.
Everything else runs pinned to one core (taskset -c 0) when taskset exists;
banmian's and Typst's end-to-end runs are also measured unpinned (both the
same way: every processor the machine has), as a column of their own.
Writes results.json and results.svg (tests/bench/plot.py: time and memory
against pages) side by side.
A benchmark, not a test: goals are reported, never asserted.
"""
import argparse
import filecmp
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
# characters of copy a generated page gets: what a broadsheet page of the
# current layout holds (tests/bench/gen.py), so N pages lay out as N pages
PER_PAGE = 6500


def measured(cmd, env=None, pin=True):
    """Runs cmd with fork+wait4 so CPU and peak RSS are this child's own."""
    cmd = (PIN if pin else []) + cmd
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execvpe(cmd[0], cmd, env or os.environ)
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
    ap.add_argument("--batch", type=int, default=365, help="editions in the batch row (0: none)")
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
            chars = int(subprocess.check_output([sys.executable, os.path.join(HERE, "gen.py"), str(n), ed,
                                                 "-1", str(PER_PAGE)]))
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
            # and on every processor (the cover, the pages' deflating and
            # the subsets then run beside the rest), as Typst is below
            free = [measured([a.banmian, "build", ed, "-o", out], env, pin=False) for _ in range(runs)]
            pdfs = [f for f in os.listdir(out) if f.endswith(".pdf")]
            epubs = [f for f in os.listdir(out) if f.endswith(".epub") and not f.endswith(".replica.epub")]
            r = {
                "pages": n, "chars": chars, "runs": runs,
                "laid_out_pages": stage_runs[0]["pages"],
                "stages": stages,
                "compose_chars_per_s": stage_runs[0]["chars"] / stages["compose"]["cpu"] if stages["compose"]["cpu"] else None,
                "e2e_wall": median([x[0] for x in e2e]),
                "e2e_cpu": median([x[1] for x in e2e]),
                "e2e_wall_unpinned": median([x[0] for x in free]),
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
                r["pandoc_rss_mb"] = max(x[2] for x in pw) / 1024
            if have_typst:
                js = ("const {NodeCompiler}=require(%r);const fs=require('fs');"
                      "const c=NodeCompiler.create({fontArgs:[{fontPaths:['/usr/share/fonts/opentype/noto']}]});"
                      "fs.writeFileSync(process.argv[2],c.pdf({mainFileContent:fs.readFileSync(process.argv[1],'utf8')}));") % typst
                tw = [measured(["node", "-e", js, os.path.join(ed, "edition.typ"), os.path.join(out, "typst.pdf")], env)
                      for _ in range(runs)]
                r["typst_pdf_wall"] = median([x[0] for x in tw])
                r["typst_rss_mb"] = max(x[2] for x in tw) / 1024
                tf = [measured(["node", "-e", js, os.path.join(ed, "edition.typ"), os.path.join(out, "typst.pdf")], env,
                               pin=False) for _ in range(runs)]
                r["typst_pdf_wall_unpinned"] = median([x[0] for x in tf])
            results.append(r)
            print_row(r, header=(n == sizes[0]))
        batch = run_batch(a, tmp, env) if a.batch > 0 else None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(os.path.dirname(a.json), exist_ok=True)
    out = {"results": results}
    if batch:
        out["batch"] = batch
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1)
    svg = os.path.splitext(a.json)[0] + ".svg"
    subprocess.check_call([sys.executable, os.path.join(HERE, "plot.py"), a.json, svg])
    print(f"\nwritten {a.json} and {svg}")
    goals(results, batch)


def run_batch(a, tmp, env):
    """The batch row: a year of four-page editions in one process."""
    sys.path.insert(0, HERE)
    import gen
    n = a.batch
    root = os.path.join(tmp, "year")
    dirs = []
    for day in range(n):
        d = os.path.join(root, f"d{day:03d}")
        gen.generate(4, d, day, PER_PAGE)
        dirs.append(d)
    lst = os.path.join(tmp, "year.txt")
    with open(lst, "w") as f:
        f.write("# a year of generated four-page editions\n" + "\n".join(dirs) + "\n")
    # a sample built alone, RUNS times each: the single-build cost
    sample = sorted({0, n // 4, n // 2, (3 * n) // 4, n - 1})
    alone = os.path.join(tmp, "alone")
    single = [measured([a.banmian, "build", dirs[i], "-o", alone], env) for i in sample for _ in range(a.runs)]
    row = {"editions": n, "pages_each": 4, "sample": len(sample),
           "single_wall": median([x[0] for x in single]), "single_cpu": median([x[1] for x in single]),
           "single_rss_mb": max(x[2] for x in single) / 1024}
    nproc = os.cpu_count() or 1
    for jobs, pinned in ((1, True), (nproc, False)):
        o = os.path.join(tmp, f"batch-j{jobs}")
        cmd = [a.banmian, "build", "--batch", lst, "-j", str(jobs), "-o", o, "-q"]
        wall, cpu, rss = measured(cmd, env, pin=pinned)
        same = all(filecmp.cmp(os.path.join(alone, f), os.path.join(o, f), shallow=False)
                   for f in os.listdir(alone))
        key = "j1" if jobs == 1 else "jN"
        row[key] = {"jobs": jobs, "pinned": pinned, "wall": wall, "cpu": cpu, "rss_mb": rss / 1024,
                    "per_edition_wall": wall / n, "per_edition_cpu": cpu / n, "same_bytes": same}
        shutil.rmtree(o, ignore_errors=True)
    best = min((row["j1"], row["jN"]), key=lambda r: r["per_edition_wall"])
    row["jobs"] = best["jobs"]
    row["per_edition_wall"] = best["per_edition_wall"]
    print(f"\n| batch | editions | jobs | wall | per edition | CPU per edition | peak RSS | alone (wall, CPU) | ratio | same bytes |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for k in ("j1", "jN"):
        b = row[k]
        print(f"| {'pinned' if b['pinned'] else 'unpinned'} | {n} | {b['jobs']} | {b['wall']:.1f} s | "
              f"{ms(b['per_edition_wall'])} ms | {ms(b['per_edition_cpu'])} ms | {b['rss_mb']:.0f} MB | "
              f"{ms(row['single_wall'])} ms, {ms(row['single_cpu'])} ms | "
              f"{b['per_edition_wall'] / row['single_wall']:.2f} | {'yes' if b['same_bytes'] else 'NO'} |", flush=True)
    return row


def ms(x):
    return "-" if x is None else f"{x * 1000:.0f}"


def print_row(r, header):
    if header:
        print("| pages | chars | ingest | fonts | compose | pdf | epub | replica | png | e2e wall | e2e cpu | peak RSS | compose chars/s | PDF | EPUB | pandoc/bm | typst/bm | e2e wall unpinned | typst/bm unpinned |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    s = r["stages"]
    e = r["e2e_wall"]
    ratio = lambda k: f"{r[k] / e:.1f}×" if r.get(k) and e else "-"
    ef = r.get("e2e_wall_unpinned")
    tf = r.get("typst_pdf_wall_unpinned")
    print(f"| {r['pages']} | {r['chars']} | {ms(s['ingest']['wall'])} ms | {ms(s['fonts']['wall'])} ms | "
          f"{ms(s['compose']['wall'])} ms | {ms(s['pdf']['wall'])} ms | {ms(s['epub']['wall'])} ms | "
          f"{ms(s['replica']['wall']) if 'replica' in s else '-'} ms | {ms(s['png']['wall']) if 'png' in s else '-'} ms | "
          f"{ms(e)} ms | {ms(r['e2e_cpu'])} ms | {r['peak_rss_mb']:.0f} MB | "
          f"{(r['compose_chars_per_s'] or 0) / 1e6:.2f} M | {(r['pdf_bytes'] or 0) // 1024} KB | "
          f"{(r['epub_bytes'] or 0) // 1024} KB | {ratio('pandoc_epub_wall')} | {ratio('typst_pdf_wall')} | "
          f"{ms(ef)} ms | {f'{tf / ef:.1f}×' if tf and ef else '-'} |", flush=True)


def goals(results, batch=None):
    by = {r["pages"]: r for r in results}
    print("\nGoals (issue 18; reported, not asserted):")
    for n, r in sorted(by.items()):
        e = r["e2e_wall"]
        t, p = r.get("typst_pdf_wall"), r.get("pandoc_epub_wall")
        print(f"  {n} pages: Typst >= 5x banmian: {t / e:.1f}x" if t else f"  {n} pages: Typst not run", end="")
        print(f"; faster than pandoc's EPUB alone: {p / e:.2f}x" if p else "; pandoc not run", end="")
        ef, tf = r.get("e2e_wall_unpinned"), r.get("typst_pdf_wall_unpinned")
        print(f"; unpinned, both: Typst {tf / ef:.1f}x banmian ({ms(ef)} ms)" if tf and ef else "")
    if 64 in by:
        r = by[64]
        print(f"  64 pages <= 500 ms: {ms(r['e2e_wall'])} ms; <= 80 MB: {r['peak_rss_mb']:.0f} MB")
    if batch:
        for k in ("j1", "jN"):
            b = batch[k]
            print(f"  batch of {batch['editions']} at -j {b['jobs']}: per edition <= 1/3 of alone: "
                  f"{b['per_edition_wall'] / batch['single_wall']:.2f}; same bytes: {b['same_bytes']}")
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
