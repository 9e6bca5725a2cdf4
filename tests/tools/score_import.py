#!/usr/bin/env python3
"""score_import.py - how well `banmian import --json` read a page dump,
against a gold file in the corpus format (../shared/corpus/GOLD-NOTES.md).

Usage:
  score_import.py GOLD.json CANDIDATE.json [--source PAGE.txt] [--check]
  score_import.py --self-test

Strings are compared "loosely": NFKC (full-width punctuation and its ASCII
stand-in are the same), curly quotes as straight ones, whitespace removed
(except where spaces are the metric).  Gold and candidate articles are
paired one to one by headline (best pairs first, similarity >= 0.8).

Prints one JSON line:
  articles_expected / _found / _extra
  fields.F          share of gold articles whose partner has the same F
                    (headline, kicker, subhead, byline, editor_code,
                    credit, kind); an unpaired gold article counts as a miss
  paragraph_count   share of gold articles whose partner has as many
                    paragraphs (subheadings count)
  body_similarity   mean over gold articles of the similarity of the
                    bodies (paragraphs joined, "## " marks off)
  han_missing       Han characters of the source (--source) or of the gold,
                    counted with repeats, that no candidate string carries,
                    beyond those the gold leaves out too
  captions_as_body  gold captions whose text the candidate set inside a
                    paragraph instead
  subheads_cut      candidate subheadings ("## …") that are not the gold's
                    and whose sentence the gold paragraph carries on into
                    the next text (a line cut at a column end, promoted)
  stray_spaces      spaces the candidate has, and the gold does not, where
                    Chinese text meets a digit or a Latin letter inside a
                    paragraph
With --check, exits 1 unless: every article found, headline/kicker/byline
>= 0.95, paragraph_count >= 0.95, body_similarity >= 0.98 and the last
four counts 0 (the figures issue 15 holds every dump with a gold file to);
the failed checks go to stderr.  Exit 2 when an input cannot be read.
"""
import difflib
import json
import re
import sys
import unicodedata
from collections import Counter

FIELDS = ("headline", "kicker", "subhead", "byline", "editor_code",
          "credit", "kind")
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
WS = re.compile(r"\s+")
MARK = re.compile(r"^\s*#+\s*")


def norm(s):
    if s is None:
        return ""
    return unicodedata.normalize("NFKC", str(s)).translate(QUOTES).strip()


def loose(s):
    return WS.sub("", norm(s))


def ratio(a, b):
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def is_han(c):
    o = ord(c)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or
            0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F or c in "々〇")


def chinese(c):
    return is_han(c) or (not c.isascii() and not c.isalnum()) or \
        c in ',;:()!?"'


def latin(c):
    return c.isascii() and (c.isalnum() or c in "%")


def body(a):
    return "".join(MARK.sub("", loose(p)) for p in a.get("paragraphs") or [])


def strings(doc):
    out = list(doc.get("sections") or [])
    for a in doc.get("articles") or []:
        for k in FIELDS + ("label",):
            if a.get(k) and k != "kind":
                out.append(a[k])
        for k in ("paragraphs", "captions", "caption_codes"):
            out += [s for s in (a.get(k) or []) if s]
    return out


def han_count(texts):
    c = Counter()
    for t in texts:
        c.update(ch for ch in unicodedata.normalize("NFKC", t) if is_han(ch))
    return c


def pair(gold, cand):
    """Best headline pairs first; each article used once."""
    cands = []
    for i, g in enumerate(gold):
        for j, c in enumerate(cand):
            r = ratio(loose(g.get("headline")), loose(c.get("headline")))
            if r >= 0.8:
                cands.append((-r, i, j))
    cands.sort()
    g2c, used = {}, set()
    for _, i, j in cands:
        if i not in g2c and j not in used:
            g2c[i] = j
            used.add(j)
    return g2c


def spaced_seq(paras):
    """Non-space characters of paragraphs and, per character, whether a
    space stood before it at a Chinese/Latin junction."""
    chars, flags = [], []
    for p in paras:
        p = MARK.sub("", norm(p).translate(QUOTES))
        prev, sp = None, False
        for ch in p:
            if ch.isspace():
                sp = True
                continue
            mixed = prev is not None and (
                (chinese(prev) and latin(ch)) or (latin(prev) and chinese(ch)))
            chars.append(ch)
            flags.append(sp and mixed)
            prev, sp = ch, False
    return "".join(chars), flags


def stray_spaces(g, c):
    gs, gf = spaced_seq(g.get("paragraphs") or [])
    cs, cf = spaced_seq(c.get("paragraphs") or [])
    n = 0
    sm = difflib.SequenceMatcher(None, gs, cs, autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        n += sum(1 for k in range(size) if cf[b + k] and not gf[a + k])
    return n


def subheads_cut(g, c):
    """Candidate subheadings the gold does not have, whose text runs on
    into the candidate's next paragraph inside one gold paragraph."""
    gsubs = {loose(MARK.sub("", p)) for p in g.get("paragraphs") or []
             if p.lstrip().startswith("#")}
    gbody = [loose(p) for p in g.get("paragraphs") or []]
    cp = c.get("paragraphs") or []
    n = 0
    for k, p in enumerate(cp):
        if not p.lstrip().startswith("#"):
            continue
        s = loose(MARK.sub("", p))
        if not s or s in gsubs:
            continue
        nxt = loose(MARK.sub("", cp[k + 1]))[:6] if k + 1 < len(cp) else ""
        if any(s + nxt in gp for gp in gbody):
            n += 1
    return n


def score(gold, cand, source=None):
    ga, ca = gold.get("articles") or [], cand.get("articles") or []
    g2c = pair(ga, ca)
    n = len(ga)
    same = Counter()
    para_ok = 0
    body_sum = 0.0
    caps_body = cut = stray = 0
    for i, g in enumerate(ga):
        if i not in g2c:
            continue
        c = ca[g2c[i]]
        for f in FIELDS:
            same[f] += loose(g.get(f)) == loose(c.get(f))
        para_ok += len(g.get("paragraphs") or []) == \
            len(c.get("paragraphs") or [])
        body_sum += ratio(body(g), body(c))
        cb = [loose(p) for p in c.get("paragraphs") or []]
        for cap in g.get("captions") or []:
            lc = loose(cap)
            if lc and any(lc in p for p in cb):
                caps_body += 1
        cut += subheads_cut(g, c)
        stray += stray_spaces(g, c)
    ref = han_count([source]) if source is not None else \
        han_count(strings(gold))
    allowed = ref - han_count(strings(gold))
    missing = (ref - han_count(strings(cand))) - allowed

    def rate(x):
        return round(x / n, 4) if n else 1.0

    return {
        "articles_expected": n,
        "articles_found": len(g2c),
        "articles_extra": len(ca) - len(g2c),
        "fields": {f: rate(same[f]) for f in FIELDS},
        "paragraph_count": rate(para_ok),
        "body_similarity": rate(body_sum),
        "han_missing": sum(missing.values()),
        "captions_as_body": caps_body,
        "subheads_cut": cut,
        "stray_spaces": stray,
    }


def failures(s):
    bad = []
    if s["articles_found"] != s["articles_expected"] or s["articles_extra"]:
        bad.append("articles %d/%d found, %d extra" % (
            s["articles_found"], s["articles_expected"], s["articles_extra"]))
    for f in ("headline", "kicker", "byline"):
        if s["fields"][f] < 0.95:
            bad.append("%s %.3f < 0.95" % (f, s["fields"][f]))
    if s["paragraph_count"] < 0.95:
        bad.append("paragraph count %.3f < 0.95" % s["paragraph_count"])
    if s["body_similarity"] < 0.98:
        bad.append("body similarity %.4f < 0.98" % s["body_similarity"])
    for k in ("han_missing", "captions_as_body", "subheads_cut",
              "stray_spaces"):
        if s[k]:
            bad.append("%s %d" % (k, s[k]))
    return bad


def self_test():
    """The scorer must find each fault it claims to measure."""
    gold = {"sections": [], "articles": [
        {"headline": "新能源车销量增长", "kicker": "前三季度", "byline": "本报讯(记者 林涛)",
         "kind": "article", "paragraphs": [
             "全市共销售新能源汽车9,862辆,同比增长。",
             "## 补贴\"真金白银\"",
             "据介绍,今年全区新增绿化面积约1.2万平方米。"],
         "captions": ["市民在展厅选购新车。"], "credit": None,
         "editor_code": "②5"},
        {"headline": "公园开放", "kind": "brief", "paragraphs": ["公园今日开放。"],
         "captions": []}]}
    assert not failures(score(gold, gold)), failures(score(gold, gold))
    bad = json.loads(json.dumps(gold))
    a = bad["articles"][0]
    a["paragraphs"] = ["全市共销售新能源汽车 9,862辆,同比增长。",
                       "## 补贴\"真金白银\"",
                       "## 据介绍,今年全区新增绿化面",
                       "积约1.2万平方米。",
                       "市民在展厅选购新车。"]
    a["captions"] = []
    bad["articles"].pop()
    s = score(gold, bad)
    assert s["stray_spaces"] == 1, s
    assert s["subheads_cut"] == 1, s
    assert s["captions_as_body"] == 1, s
    assert s["articles_found"] == 1 and s["paragraph_count"] == 0.0, s
    assert s["han_missing"] == 10, s       # the lost brief: 公园开放, 公园今日开放
    print("self-test passed")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    args, source, check = [], None, False
    i = 1
    while i < len(argv):
        if argv[i] == "--source" and i + 1 < len(argv):
            source = argv[i + 1]
            i += 2
            continue
        if argv[i] == "--check":
            check = True
        else:
            args.append(argv[i])
        i += 1
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        gold = json.load(open(args[0], encoding="utf-8"))
        cand = json.load(open(args[1], encoding="utf-8"))
        src = open(source, encoding="utf-8").read() if source else None
    except (OSError, ValueError) as e:
        print("score_import.py: %s" % e, file=sys.stderr)
        return 2
    s = score(gold, cand, src)
    print(json.dumps(s, ensure_ascii=False, sort_keys=True))
    bad = failures(s)
    if check and bad:
        print("%s: %s" % (args[0], "; ".join(bad)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
