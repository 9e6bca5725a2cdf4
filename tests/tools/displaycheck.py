#!/usr/bin/env python3
"""displaycheck.py - display lines as a typesetter sets them (issue 13), over
`banmian build --dump-layout` JSON and, for what a reader's tools see, the PDF.

Usage: displaycheck.py [-v] [--skip KIND,KIND] LAYOUT.json [BUILD.pdf]

A display block is a run of consecutive lines of one article and one kind
among kicker, headline, subhead, subheading, section, byline, caption,
credit (jump lines are one line each).  Counted, all must be 0:

  short_last     a block's last line of 1-2 characters (a number or Latin
                 run counts one character per two of its characters)
  word_breaks    a break inside a word: not at a space, after a pausing or
                 closing mark, or at an ICU (zh dictionary) word boundary
  unit_breaks    a break inside a number with its unit (18.6|公里, 1.8|万单,
                 3|月25日, 3月|25日, 8.|9%), a Latin word, a time or ratio
  quote_breaks   a break inside a quoted phrase of up to six characters
  name_breaks    a byline/credit break between a title (记者, 通讯员, 实习生,
                 见习记者 ...) and its name, or inside a name (a run between
                 spaces of more than 6 characters without a middle dot is
                 an affiliation or a source: its breaks are judged as a
                 head's)
  name_needed    (reported) such a break where nothing else keeps the name
                 whole: the title and its name, set as tight as the setter
                 may, are wider than the line's measure (a break after the
                 title), or the name alone is (after its middle dot)
  bound_breaks   a break at an ICU word boundary that isolates a bound
                 morpheme (实验|室, 第|36次, 公交司机|的): a one-character
                 segment of the table in src/layout/display.c (read between
                 its BOUND-MORPHEMES BEGIN and END lines) cut from the word
                 it leans on, as the setter joins them
  weak_breaks    (reported, not counted as a fault) a break at an ICU word
                 boundary between two one-character segments (ICU's guess)
  body_unit      body text: a line ending in a number and the next starting
                 with its unit (3|月)
  runin_breaks   a run-in byline in body text (本报讯（记者 钱翀 通讯员
                 卢嘉喆）) broken inside a title or a name (通|讯员,
                 孔令|喆), except after a long name's middle dot
  runin_titles   (reported) such a byline broken between a title and its
                 name (通讯员|卢嘉喆): the composer's choice in a column too
                 narrow for both, rather than splitting a word
  runin_dots     (reported) broken after a name's middle dot (迪丽努尔·|艾合买提)
With the PDF (mutool stext):
  byline_spacing  extra spacing between adjacent characters of a byline or
                  credit line above 0.05 em (letter-spacing), and spaces of
                  the copy missing from what mutool extracts
  runin_spacing   the same inside a run-in byline in body text (the
                  characters of 本报讯（记者 钱翀）on each of its lines)
  formula_glue    a gap of more than 0.05 em between 第 and the page number
                  or the number and 版 in a jump line

Prints one JSON summary line; exits 1 if any count is not 0.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import icu

DISPLAY = {"kicker", "headline", "subhead", "subheading", "section", "byline",
           "caption", "credit"}
NAMES = {"byline", "credit"}
PAUSE = set("，。、；：！？,;:!?")
CLOSE = set("”’）》〉」』】〕〗］｝)]}")
OPEN = set("“‘（《〈「『【〔〖［｛([{")
NOSTART = set("，。、；：！？”’）》〉」』】〕〗·%％")
TITLES = ("记者", "通讯员", "实习生", "摄影", "编辑", "撰稿", "整理", "读者",
          "作者")
# units and measure words a number keeps (GB/T 15835)
UNITS = ("平方公里 平方千米 千瓦时 平方米 立方米 公里 千米 厘米 毫米 公斤 千克 "
         "公顷 小时 分钟 千瓦 人次 个月 周年 年 月 日 号 时 分 秒 元 米 克 吨 升 "
         "度 岁 人 名 个 位 家 户 辆 台 套 件 项 条 座 所 次 届 倍 成 天 周 页 版 "
         "期 张 场 只 头 亩 斤 块 列 趟 班 架 艘 单 余 多 起 例 栋 层 处 批 轮 笔 "
         "份 本 部 篇 枚 颗 株 棵 码 折 万 亿 千 百").split()
WB = icu.BreakIterator.createWordInstance(icu.Locale("zh"))


def is_han(c):
    o = ord(c)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or
            0x20000 <= o <= 0x3134F or 0xF900 <= o <= 0xFAFF or c == "〇")


def alnum(c):
    return c.isascii() and c.isalnum()


def halves(s):
    n = 0
    for c in s:
        if is_han(c):
            n += 2
        elif alnum(c) or c in "%％":
            n += 1
    return n


def bound_table():
    """The setter's bound morphemes: {lean: set of characters}, lean one of
    M_SUFFIX, M_PARTICLE, M_PREFIX, M_PREFIX_NUM."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "..", "..", "src", "layout", "display.c")
    text = open(src, encoding="utf-8").read()
    m = re.search(r"BOUND-MORPHEMES BEGIN(.*?)BOUND-MORPHEMES END", text, re.S)
    table = {}
    for chars, lean in re.findall(r'\{"([^"]+)",\s*(M_\w+)\}', m.group(1)):
        table.setdefault(lean, set()).update(chars)
    return table


BOUND = bound_table()
NUMERALS = set("一二三四五六七八九十两几半百千万")


def wordish(c):
    return is_han(c) or alnum(c)


def bound_split(full, wb, pos):
    """Does the break before full[pos] (an ICU boundary) cut a one-character
    bound morpheme from the word it leans on?  As display.c joins them: a
    suffix to the word before it (not to a one-character particle), a
    prefix to the word after it (not after a one-character segment of its
    own, where ICU split a word it did not know: 高|新|产业园)."""
    n = len(full)
    # a suffix or particle full[pos], one segment, after a word
    if (pos + 1 >= n or pos + 1 in wb) and is_han(full[pos]) and \
            wordish(full[pos - 1]) and \
            (full[pos] in BOUND.get("M_SUFFIX", ()) or
             full[pos] in BOUND.get("M_PARTICLE", ())) and \
            not ((pos == 1 or pos - 1 in wb) and
                 full[pos - 1] in BOUND.get("M_PARTICLE", ())):
        return True
    # a prefix full[pos - 1], one segment, before a word
    c = full[pos - 1]
    if (pos == 1 or pos - 1 in wb) and is_han(c) and pos < n:
        free_before = pos >= 2 and (pos == 2 or pos - 2 in wb) and \
            is_han(full[pos - 2])
        d = full[pos]
        if not free_before and (
                (c in BOUND.get("M_PREFIX", ()) and wordish(d)) or
                (c in BOUND.get("M_PREFIX_NUM", ()) and
                 (d.isdigit() or d in NUMERALS))):
            return True
    return False


def word_bounds(s):
    """Indices (code points) where ICU's zh word iterator puts a boundary."""
    WB.setText(s)
    u16 = []   # utf-16 offset -> code point index
    for i, c in enumerate(s):
        u16.append(i)
        if ord(c) > 0xFFFF:
            u16.append(i)
    u16.append(len(s))
    return {u16[b] for b in WB}


def blocks(page):
    out, cur = [], None
    for ln in page["lines"]:
        k = ln["kind"]
        if k not in DISPLAY:
            cur = None
            continue
        key = (ln.get("article"), k)
        if cur and cur[0] == key:
            cur[1].append(ln)
        else:
            cur = (key, [ln])
            out.append(cur)
    return out


def unit_split(left, right):
    """1 if the break between `left` and `right` splits a number from its
    unit, a number, a Latin word, or a date/time."""
    if not left or not right:
        return False
    if alnum(left[-1]) and (alnum(right[0]) or right[0] in "%％.:∶"):
        return True
    if left[-1] in ".:∶" and right[0].isdigit():
        return True
    if left[-1].isdigit() and right[0] in NOSTART:
        return False
    m = re.search(r"\d[万亿千百]*$", left)
    if m and any(right.startswith(u) for u in UNITS):
        return True
    # inside a unit word after a number: 2.6万平|方米
    for u in UNITS:
        for k in range(1, len(u)):
            if right.startswith(u[k:]) and re.search(r"\d[万亿千百]*" + re.escape(u[:k]) + "$", left):
                return True
    # 3月|25日: a unit after a number, then another number
    if right[0].isdigit() and re.search(r"\d(?:" + "|".join(UNITS) + ")$", left):
        return True
    return False


def quote_split(text, pos):
    """1 if position `pos` (a break before text[pos]) lies inside a quoted
    phrase of up to six characters."""
    for i, c in enumerate(text):
        if c not in OPEN:
            continue
        depth, j = 1, i + 1
        while j < len(text) and j - i <= 8:
            if text[j] in OPEN:
                depth += 1
            elif text[j] in CLOSE:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if depth == 0 and j < len(text) and j - i - 1 <= 6 and i < pos <= j:
            return True
    return False


def tight_em(s):
    """The narrowest a name line `s` can be set (em): Han and full-width
    marks 1, a space 1/2, a middle dot 3/4 less its 1/8 shrink, a closing
    mark at the end 1/2, Latin 1/2; tracking tightened by 1/20 em a
    character (display.c rule 4)."""
    w = 0.0
    for c in s:
        w += (0.5 if c in " 　" else 0.625 if c in "·・‧" else
              1.0 if is_han(c) or c in CLOSE or c in OPEN else 0.5)
    if s and s[-1] in CLOSE:
        w -= 0.5
    return w - 0.05 * max(len(s) - 1, 0)


NAME_MAX_CHARS = 6    # a run between a byline's spaces longer than this (and
                      # no middle dot in it) is no name: an affiliation or a
                      # source, which breaks as a head (src/layout/display.c)


def name_split(text, pos, measure_em):
    """A byline break not at a space, or right after a title: "fault", or
    "needed" when it is the only way to keep the name whole (the title and
    its name are wider than the measure; the name alone, for a break after
    its middle dot), "plain" inside a run too long for a name
    (澜州学院城市管理系｜副教授: judged as a head's break), or None."""
    left = text[:pos].rstrip(" 　")
    run_l = re.search(r"[^ 　]*$", text[:pos]).group(0)
    run_r = re.match(r"[^ 　]*", text[pos:]).group(0)
    run = run_l + run_r
    if run_l and run_r and len(run) > NAME_MAX_CHARS and \
            not any(d in run for d in ("·", "・", "‧")):
        return "plain"
    if text[pos:pos + 1] in ("（", "(") and left:
        return None     # before a bracket: 本报讯｜（记者…）
    if len(left) == len(text[:pos]):
        # not at a space: inside a name or a title, or after a long name's
        # middle dot
        if left.endswith(("·", "・", "‧")):
            m = re.search(r"[^ 　（(]*$", left)
            n = re.match(r"[^ 　]*", text[pos:])
            if tight_em(m.group(0) + n.group(0)) > measure_em:
                return "needed"
        return "fault"
    tok = re.split(r"[ 　]+", left)[-1] if left else ""
    if not tok.endswith(TITLES):
        return None
    name = re.match(r"[^ 　]*", text[pos:].lstrip(" 　")).group(0)
    title = re.search(r"[^（(]*$", tok).group(0)
    if tight_em(title + " " + name) > measure_em:
        return "needed"
    return "fault"


def check_blocks(doc, counts, faults):
    for page in doc["pages"]:
        for (art, kind), lines in blocks(page):
            texts = [l["text"] for l in lines]
            full = "".join(texts)
            if len(lines) >= 2 and halves(texts[-1]) < 6:
                counts["short_last"] += 1
                faults.append((page["number"], art, kind, "short last", texts))
            wb = word_bounds(full)
            pos = 0
            for i in range(len(texts) - 1):
                pos += len(texts[i])
                left, right = texts[i], texts[i + 1]
                if unit_split(left.rstrip(), right):
                    counts["unit_breaks"] += 1
                    faults.append((page["number"], art, kind, "unit", texts))
                    continue
                if quote_split(full, pos):
                    counts["quote_breaks"] += 1
                    faults.append((page["number"], art, kind, "quote", texts))
                    continue
                if kind in NAMES:
                    why = name_split(full, pos, lines[i + 1]["rect"][2] /
                                     lines[i + 1]["size"])
                    if why == "fault":
                        counts["name_breaks"] += 1
                        faults.append((page["number"], art, kind, "name", texts))
                    elif why == "needed":
                        counts["name_needed"] += 1
                        faults.append((page["number"], art, kind,
                                       "name (info: title and name wider "
                                       "than the measure)", texts))
                    if why != "plain":
                        continue
                lc = left[-1:] or " "
                if lc in " 　" or lc in PAUSE or lc in CLOSE:
                    continue
                if pos in wb and bound_split(full, wb, pos):
                    counts["bound_breaks"] += 1
                    faults.append((page["number"], art, kind, "bound", texts))
                    continue
                if pos in wb:
                    # ICU 72 splits words its dictionary lacks into single
                    # characters: a boundary between two of them is a guess
                    if ((pos - 1 in wb or pos == 1) and (pos + 1 in wb) and
                            is_han(full[pos - 1]) and is_han(full[pos])):
                        counts["weak_breaks"] += 1
                        faults.append((page["number"], art, kind, "weak (info)", texts))
                    continue
                counts["word_breaks"] += 1
                faults.append((page["number"], art, kind, "word", texts))


def check_runin(doc, counts, faults):
    """The line breaks inside each run-in byline, over the body lines of
    an article in order (across columns and pages)."""
    lines = {}
    for page in doc["pages"]:
        for ln in page["lines"]:
            if ln["kind"] == "body" and ln.get("article"):
                lines.setdefault(ln["article"], []).append((page["number"], ln))
    for art, lns in lines.items():
        for i, (pno, ln) in enumerate(lns):
            if not ln["text"].startswith("本报讯（"):
                continue
            k = i
            while "）" not in ln["text"] and k + 1 < len(lns) and \
                    "）" not in "".join(l["text"] for _, l in lns[i:k + 1]):
                left, right = lns[k][1]["text"], lns[k + 1][1]["text"]
                # a U+3000 between two words is the byline's word space, as
                # a space is; the one padding a two-character name (林　堃)
                # is not
                words_l = re.split(r"[ \u3000（]", left.rstrip(" \u3000"))
                words_r = re.split(r"[ \u3000）]", right.lstrip(" \u3000"))
                idsp = (left.endswith("\u3000") or right.startswith("\u3000")) and \
                    not (len(words_l[-1]) == 1 and len(words_r[0]) == 1)
                if left.endswith(" ") or right.startswith(" ") or idsp:
                    tok = words_l[-1].lstrip("本报讯（")
                    if tok.endswith(TITLES):
                        counts["runin_titles"] += 1
                elif left.endswith("·"):
                    counts["runin_dots"] += 1
                else:
                    counts["runin_breaks"] += 1
                    faults.append((pno, art, "body", "run-in byline split",
                                   [left[-8:], right[:8]]))
                k += 1


def check_body(doc, counts, faults):
    for page in doc["pages"]:
        prev = None
        for ln in page["lines"]:
            if ln["kind"] != "body":
                continue
            if prev and prev.get("article") == ln.get("article"):
                l, r = prev["text"].rstrip(), ln["text"]
                if (re.search(r"\d[万亿千百]*$", l) and
                        any(r.startswith(u) for u in UNITS)):
                    counts["body_unit"] += 1
                    faults.append((page["number"], ln.get("article"), "body",
                                   "unit", [l[-12:], r[:12]]))
            prev = ln


def stext_pages(pdf):
    x = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf],
                       check=True, capture_output=True).stdout
    root = ET.fromstring(x)
    pages = []
    for p in root.iter("page"):
        chars = []
        for ch in p.iter("char"):
            q = [float(v) for v in ch.get("quad").split()]
            chars.append((ch.get("c"), float(ch.get("x")), float(ch.get("y")),
                          q[2] - q[0]))
        pages.append(chars)
    return pages


def runin_parts(doc):
    """{id(line): number of its leading characters (spaces not counted)
    that belong to a run-in byline} over the body lines of each article."""
    parts, lines = {}, {}
    for page in doc["pages"]:
        for ln in page["lines"]:
            if ln["kind"] == "body" and ln.get("article"):
                lines.setdefault(ln["article"], []).append(ln)
    for lns in lines.values():
        for i, ln in enumerate(lns):
            if not ln["text"].startswith("本报讯（"):
                continue
            for l in lns[i:]:
                t = l["text"]
                end = t.find("）")
                part = t if end < 0 else t[:end + 1]
                parts[id(l)] = len(re.sub(r"\s", "", part))
                if end >= 0:
                    break
    return parts


def line_chars(chars, ln):
    x0, y0, w, h = ln["rect"]
    base, size = ln["baseline"], ln["size"]
    return sorted((c for c in chars if abs(c[2] - base) < 0.6 and
                   x0 - size <= c[1] <= x0 + w + 1), key=lambda c: c[1])


def letter_spaced(got, size, limit=None):
    """The largest extra spacing (em) between adjacent Han characters of
    `got` (the first `limit` characters that are not spaces)."""
    worst, seen = 0.0, 0
    for i in range(len(got) - 1):
        a, b = got[i], got[i + 1]
        if not a[0].isspace():
            seen += 1
        if limit is not None and seen >= limit:
            break
        if not (is_han(a[0]) and is_han(b[0])):
            continue
        worst = max(worst, (b[1] - a[1] - size) / size)
    return worst


def check_pdf(doc, pdf, counts, faults):
    pages = stext_pages(pdf)
    runin = runin_parts(doc)
    for page in doc["pages"]:
        chars = pages[page["number"] - 1]
        for ln in page["lines"]:
            if id(ln) in runin:
                got = line_chars(chars, ln)
                extra = letter_spaced(got, ln["size"], runin[id(ln)])
                counts["runin_worst"] = max(counts.get("runin_worst", 0),
                                            round(extra, 3))
                if extra > 0.05 + 0.01 / ln["size"]:
                    counts["runin_spacing"] += 1
                    faults.append((page["number"], ln.get("article"), "body",
                                   "run-in byline letter-spaced %.2f em" % extra,
                                   [ln["text"]]))
                continue
            if ln["kind"] not in NAMES and ln["kind"] != "jump":
                continue
            x0, y0, w, h = ln["rect"]
            base, size = ln["baseline"], ln["size"]
            got = sorted((c for c in chars if abs(c[2] - base) < 0.6 and
                          x0 - size <= c[1] <= x0 + w + 1), key=lambda c: c[1])
            text = "".join(c[0] for c in got)
            if ln["kind"] == "jump":
                if " " in text.strip():
                    # a reader's tool sees the glue as a space: 第 2 版
                    counts["formula_glue"] += 1
                    faults.append((page["number"], ln.get("article"), "jump",
                                   "extracted %r" % text, [ln["text"]]))
                    continue
                got = [c for c in got if not c[0].isspace()]
                for i in range(len(got) - 1):
                    a, b = got[i], got[i + 1]
                    if (a[0] == "第" and b[0].isdigit()) or (a[0].isdigit() and b[0] == "版"):
                        gap = b[1] - (a[1] + (size if is_han(a[0]) else a[3]))
                        if gap > 0.05 * size:
                            counts["formula_glue"] += 1
                            faults.append((page["number"], ln.get("article"),
                                           "jump", "glue %.2f em" % (gap / size),
                                           [ln["text"]]))
                continue
            # the copy's spaces are extracted (one or more) where it has them
            want = re.sub(r"\s+", " ", ln["text"].strip())
            have = re.sub(r"\s+", " ", text.strip())
            if want != have:
                counts["byline_spacing"] += 1
                faults.append((page["number"], ln.get("article"), ln["kind"],
                               "extracted %r" % have, [ln["text"]]))
                continue
            for i in range(len(got) - 1):
                a, b = got[i], got[i + 1]
                if not (is_han(a[0]) and is_han(b[0])):
                    continue
                extra = b[1] - a[1] - size
                if extra > 0.05 * size + 0.01:
                    counts["byline_spacing"] += 1
                    faults.append((page["number"], ln.get("article"), ln["kind"],
                                   "letter-spaced %.2f em" % (extra / size),
                                   [ln["text"]]))
                    break


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if "--skip" in args:
        i = args.index("--skip")
        for k in args[i + 1].split(","):
            DISPLAY.discard(k)
            NAMES.discard(k)
        del args[i:i + 2]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    doc = json.load(open(args[0], encoding="utf-8"))
    counts = {k: 0 for k in ("short_last", "word_breaks", "unit_breaks",
                             "quote_breaks", "name_breaks", "bound_breaks",
                             "body_unit",
                             "weak_breaks", "runin_breaks", "runin_titles",
                             "runin_dots", "name_needed")}
    faults = []
    check_blocks(doc, counts, faults)
    check_body(doc, counts, faults)
    check_runin(doc, counts, faults)
    if len(args) > 1:
        counts["byline_spacing"] = 0
        counts["formula_glue"] = 0
        counts["runin_spacing"] = 0
        counts["runin_worst"] = 0
        check_pdf(doc, args[1], counts, faults)
    counts["display_blocks"] = sum(len(blocks(p)) for p in doc["pages"])
    info = ("display_blocks", "weak_breaks", "runin_titles", "runin_dots",
            "runin_worst", "name_needed")
    print(json.dumps(counts, ensure_ascii=False))
    for f in faults if verbose else faults[:20]:
        print("  p%d %s %s %s: %s" % (f[0], f[1], f[2], f[3], " | ".join(f[4])),
              file=sys.stderr)
    bad = any(v for k, v in counts.items() if k not in info)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
