#!/usr/bin/env python3
"""gen.py PAGES OUT_DIR [DAY [CHARS]] - a reproducible edition of PAGES broadsheet pages for
`make bench`, plus the same text as Markdown (pandoc) and Typst (PDF
typesetter) so other tools set exactly what banmian sets.

The text is generated (seeded PRNG), not taken from anywhere: clauses built
from an invented vocabulary of local news, with the character mix of a real
page -- Han text, full-width punctuation, numbers with decimals and %, times,
Latin words (5G, EPC, APP), 《》 “” ……, ——, rare and non-BMP characters --
and article lengths like a daily's (briefs of 150 characters to features of
3,000).  About 9,000 characters a page (CHARS), more than a broadsheet page
of the current layout holds: the page composer moves stories on and adds
pages (tests/e2e/layout.sh wants exactly that).

DAY (0, 1, ...) makes the edition of that day of the year from 2025-01-01:
its own date and its own text (the bench's batch of 365 editions); -1 for
the default edition's text and date.  make bench gives CHARS=6500, what a
page holds: measured, 1/4/16/64 pages then lay out as 1/4/16/64 pages
without a story moved, and fill them (at 9,000 the 64-page edition took
4.7 s of CPU and 960 MB, most of it moving stories down a cascade of
overfull pages).
"""
import os
import datetime
import random
import sys
from xml.sax.saxutils import escape

PLACES = ["河西区", "城东新区", "滨河街道", "南湖镇", "北山乡", "高新区", "老城区",
          "翀山村", "堃园社区", "淼水湾", "𠀋溪村"]
ORGS = ["市发展改革委", "区住建局", "市图书馆", "市第一医院", "河西职业学院",
        "市交通运输局", "区农业农村局", "市文旅集团", "市消防救援支队"]
NAMES = ["王翀", "李喆", "赵堃", "孙淼", "刘犇", "陈思远", "周晓燕", "吴海涛",
         "阿依古丽·买买提"]
THINGS = ["老旧小区改造", "农村公路提升", "智慧停车平台", "社区养老服务中心",
          "5G基站建设", "EPC总承包项目", "校园食堂提质", "湿地公园修复",
          "夜间经济街区", "“一网通办”APP", "产业园区标准厂房", "冬季供暖管网"]
VERBS = ["稳步推进", "加快落地", "全面启动", "顺利完工", "持续深化", "提质增效",
         "扩面升级", "有序开展"]
TAILS = ["群众满意度明显提升", "为全年目标打下坚实基础", "受到居民普遍欢迎",
         "相关工作走在全市前列", "形成了一批可复制的经验", "下一步还将继续扩大覆盖面"]
SECTIONS = ["要闻", "综合", "经济", "民生", "文体", "副刊", "城区时讯", "法治"]


def number(r):
    k = r.random()
    if k < 0.3:
        return f"{r.randint(2, 980)}.{r.randint(1, 99)}亿元"
    if k < 0.5:
        return f"{r.randint(1, 99)}.{r.randint(10, 99)}%"
    if k < 0.65:
        return f"{r.randint(7, 21)}:{r.choice(['00', '30', '15'])}"
    if k < 0.8:
        return f"{r.randint(1, 9)},{r.randint(100, 999)}户"
    return f"{r.randint(2, 300)}个"


def sentence(r):
    p, o, t, v = r.choice(PLACES), r.choice(ORGS), r.choice(THINGS), r.choice(VERBS)
    forms = [
        f"今年以来，{p}{t}{v}，累计完成投资{number(r)}，{r.choice(TAILS)}。",
        f"据{o}介绍，截至目前，全市已有{number(r)}{t}项目进入实施阶段。",
        f"“我们把{t}当作头等大事来抓，”{o}负责人{r.choice(NAMES)}说，“确保{r.randint(11, 12)}月底前全部完成。”",
        f"{p}居民表示，{t}让生活更方便了……大家都盼着早日用上。",
        f"在《{p}{t}实施方案》中，{o}明确提出：到{r.randint(2027, 2030)}年，覆盖率达到{number(r)}。",
        f"记者在现场看到，施工人员正在{v}各项工作——{r.choice(TAILS)}。",
        f"{o}还将{t}纳入年度考核，每{r.randint(2, 6)}周通报一次进度，{r.choice(TAILS)}。",
    ]
    return r.choice(forms)


def paragraph(r, lo=2, hi=6):
    return "".join(sentence(r) for _ in range(r.randint(lo, hi)))


def article(r, aid, kind, target):
    t = r.choice(THINGS)
    a = {"id": aid, "kind": kind, "kicker": None, "subhead": None,
         "headline": f"{r.choice(PLACES)}{t}{r.choice(VERBS)}",
         "byline": f"本报记者 {r.choice(NAMES)}", "paras": [], "code": None}
    if kind == "article" and r.random() < 0.4:
        a["kicker"] = f"{r.choice(ORGS)} {r.choice(VERBS)}"
    if kind == "article" and r.random() < 0.3:
        a["subhead"] = f"——{r.choice(TAILS)}"
    n = 0
    while n < target:
        if kind == "article" and a["paras"] and r.random() < 0.1:
            h = "## " + r.choice(VERBS) + r.choice(THINGS)
            a["paras"].append(h)
        p = paragraph(r, 1, 2) if kind == "brief" else paragraph(r)
        a["paras"].append(p)
        n += len(p)
    if r.random() < 0.5:
        a["code"] = f"{chr(0x2460 + r.randint(0, 9))}{r.randint(1, 30)}"
    return a


def article_xml(a, group=None):
    g = f' group="{escape(group)}"' if group else ""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<article id="{a["id"]}" kind="{a["kind"]}"{g}>']
    for key in ("kicker",):
        if a[key]:
            out.append(f"  <{key}>{escape(a[key])}</{key}>")
    out.append(f"  <headline>{escape(a['headline'])}</headline>")
    if a["subhead"]:
        out.append(f"  <subhead>{escape(a['subhead'])}</subhead>")
    out.append(f"  <byline>{escape(a['byline'])}</byline>")
    out.append("  <body>")
    for p in a["paras"]:
        if p.startswith("## "):
            out.append(f"    <h>{escape(p[3:])}</h>")
        else:
            out.append(f"    <p>{escape(p)}</p>")
    out.append("  </body>")
    if a["code"]:
        out.append(f"  <code>{a['code']}</code>")
    out.append("</article>")
    return "\n".join(out) + "\n"


def generate(pages, out, day=None, per_page=9000):
    """Writes the edition into out; returns the characters of body text."""
    r = random.Random(20261120 + pages if day is None else 1000003 * (day + 1) + pages)
    date = "2026-11-20" if day is None else \
        (datetime.date(2025, 1, 1) + datetime.timedelta(days=day)).isoformat()
    os.makedirs(os.path.join(out, "articles"), exist_ok=True)
    ed = ['<?xml version="1.0" encoding="UTF-8"?>', '<edition version="1">',
          "  <title>河西日报</title>", f"  <date>{date}</date>",
          f"  <issue>{10000 + pages}</issue>", "  <publisher>河西日报社</publisher>",
          "  <language>zh-CN</language>", "  <layout>broadsheet</layout>"]
    md, typ = [f"% 河西日报 {date}", ""], ['#set text(font: ("Noto Serif CJK SC"), size: 9pt, lang: "zh")',
                                            '#set page(width: 390mm, height: 545mm, margin: 20mm, columns: 8)',
                                            '#set par(justify: true, first-line-indent: 2em)', ""]
    chars = 0
    for pg in range(1, pages + 1):
        sec = SECTIONS[(pg - 1) % len(SECTIONS)]
        ed.append(f'  <page section="{sec}">')
        budget, k = per_page, 0
        while budget > 400:
            k += 1
            aid = f"p{pg}-a{k}"
            if budget < 1500 and r.random() < 0.5:
                kind, group = "brief", f"{sec}简讯"
                target = r.randint(120, 300)
            else:
                kind, group = "article", None
                target = min(budget, r.randint(600, 3200))
            a = article(r, aid, kind, target)
            with open(os.path.join(out, "articles", aid + ".xml"), "w", encoding="utf-8") as f:
                f.write(article_xml(a, group))
            role = ' role="lead"' if k == 1 else ""
            ed.append(f'    <article href="articles/{aid}.xml"{role}/>')
            size = sum(len(p) for p in a["paras"])
            budget -= size
            chars += size
            md.append(f"## {a['headline']}\n\n{a['byline']}\n")
            typ.append(f"== {a['headline']}\n\n{a['byline']}\n")
            for p in a["paras"]:
                if p.startswith("## "):
                    md.append(f"### {p[3:]}\n")
                    typ.append(f"=== {p[3:]}\n")
                else:
                    md.append(p + "\n")
                    typ.append(p.replace("#", "\\#").replace("*", "\\*").replace("_", "\\_")
                               .replace("@", "\\@").replace("$", "\\$").replace("<", "\\<") + "\n")
        ed.append("  </page>")
    ed.append("</edition>")
    with open(os.path.join(out, "edition.xml"), "w", encoding="utf-8") as f:
        f.write("\n".join(ed) + "\n")
    with open(os.path.join(out, "edition.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    with open(os.path.join(out, "edition.typ"), "w", encoding="utf-8") as f:
        f.write("\n".join(typ))
    return chars


def main():
    day = int(sys.argv[3]) if len(sys.argv) > 3 else -1
    per_page = int(sys.argv[4]) if len(sys.argv) > 4 else 9000
    print(generate(int(sys.argv[1]), sys.argv[2], None if day < 0 else day, per_page))


if __name__ == "__main__":
    main()
