#!/usr/bin/env bash
# pagecheck.sh - page quality (issue 12) on every edition we have, in both
# layouts: examples/*, tests/editions/* and the corpus pages (all together as
# one edition), each built with --layout broadsheet and --layout tabloid, then
# measured by tests/tools/layoutcheck.py --edition (rules in
# tests/tools/pagequality.py).  Fails when a rule in REQUIRE is not at target
# on some edition; every other rule is measured and printed (the table below
# is what it measured when the list was last set).  Tighten REQUIRE as the
# composer meets more rules.  tests/tools/pagequality_selftest.py damages the
# hexi dump once per rule and checks that the rule notices;
# tests/tools/pagecheck_relock.py rewrites LOCK and the table after a run.  PAGECHECK_OUT=DIR keeps the builds, the tables
# and summary.json.
#
# Measured in session 9 (shallow measured under the head, head white per side;
# before: nested stacks, photos taking spare rows, hugging frames), broadsheet / tabloid,
# * = not at target; widows_orphans is widows,orphans,lines not matched to a
# paragraph; page_list is PDF pages,dump pages,EPUB page-list entries; fill is
# lowest page but the last,last page (the script prints this table again):
#   rule                            briefs-day                   corpus                   county               county-two                  gallery                     hexi              metro-daily                  opinion                   packed               photo-news                   sparse                   sports          tabloid-feature             tabloid-mini
#   build                                0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   geometry                             0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   image_distortion                     0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   image_crop                     19.5 / 12.9                    0 / 0              17.4 / 10.2               18.5 / 2.5                20 / 19.3                18.8 / 14                19.8 / 19               9.9 / 18.8               1.8 / 17.9              19.8 / 18.9              19.5 / 19.7              19.7 / 19.9              16.7 / 16.7               19.8 / 8.6
#   image_ppi                         88 / 156              None / None                128 / 252                119 / 312                119 / 240                128 / 454                100 / 204                180 / 192                294 / 263                 94 / 214                 70 / 100                 97 / 150                117 / 189                125 / 312
#   off_page                             0 / 0                    0 / 8                    0 / 0                    0 / 0                    0 / 0                   0 / 26                    0 / 0                    0 / 9                   0 / 11                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   pages_added                          0 / 0                   0 / 1*                    0 / 0                   0 / 1*                    0 / 0                   0 / 3*                    0 / 0                   0 / 2*                   0 / 1*                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   shallow_strips                      1* / 0                  1* / 1*                    0 / 0                    0 / 0                    0 / 0                  1* / 2*                   1* / 0                   1* / 0                    0 / 0                    0 / 0                   1* / 0                    0 / 0                   3* / 0                  1* / 2*
#   frame_fill                     0.926 / 0.9                    1 / 1            0.905 / 0.972            0.904 / 0.977                    1 / 1            0.969 / 0.974              0.9 / 0.964             0.95 / 0.938            0.956 / 0.889                    1 / 1                    1 / 1                0.955 / 1            0.875 / 0.933            0.833 / 0.938
#   empty_columns                        0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   commentary_frame                     0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   head_scale                           4 / 4                    4 / 4                    5 / 5                    6 / 5                    3 / 2                    7 / 6                    5 / 5                    3 / 4                    5 / 4                    4 / 2                    2 / 3                    5 / 4                    5 / 5                    5 / 5
#   head_rank                            4 / 4                    1 / 1                    2 / 3                    1 / 2                    2 / 4                    2 / 3                    1 / 3                    1 / 2                    4 / 3                    1 / 4                   10 / 9                    1 / 2                    4 / 4                    2 / 3
#   kicker_rank                          0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                   0 / 1*                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   subheading_size                      0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   head_zone                    0.364 / 0.357            0.375 / 0.364            0.385 / 0.385            0.364 / 0.286            0.257 / 0.136            0.5* / 0.444*             0.4* / 0.364            0.385 / 0.267           0.429* / 0.375            0.385 / 0.364             0.25 / 0.333            0.273 / 0.308          0.529* / 0.471*           0.458* / 0.391
#   head_white                     0.99 / 1.06              1.38 / 1.42              0.99 / 1.17               1.17 / 1.1               0.48 / 1.1              1.38 / 1.42              1.49 / 1.28              0.89 / 1.17               1.35 / 1.4               1.49 / 1.1               0.3 / 0.58               1.49 / 1.1              0.99 / 0.88              1.38 / 1.17
#   early_jumps                          0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   widows_orphans               0,0,0 / 0,0,0            0,0,0 / 0,0,0           0,0,0 / 1,0,0*           0,0,0 / 2,1,0*            0,0,0 / 0,0,0            0,0,0 / 0,0,0           0,0,0 / 1,0,0*          2,0,0* / 1,1,0*            0,0,0 / 0,0,0            0,0,0 / 0,0,0            0,0,0 / 0,0,0            0,0,0 / 0,0,0            0,0,0 / 0,0,0           0,0,0 / 0,1,0*
#   page_list                2,2,2,2 / 2,2,2,2        2,2,2,2 / 3,3,3,3        2,2,2,2 / 2,2,2,2        2,2,2,2 / 3,3,3,3        1,1,1,1 / 1,1,1,1        4,4,4,4 / 7,7,7,7        4,4,4,4 / 4,4,4,4        2,2,2,2 / 4,4,4,4        1,1,1,1 / 2,2,2,2        2,2,2,2 / 2,2,2,2        2,2,2,2 / 2,2,2,2        2,2,2,2 / 2,2,2,2        4,4,4,4 / 4,4,4,4        2,2,2,2 / 2,2,2,2
#   running_head                         0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   page_one                             0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
#   fill              0.905,0.214* / 0.907,0.422* 0.807,0.668* / 0.975,0.946 0.915,0.654* / 0.882,0.922* 0.952,0.574* / 0.966,0.326*  None,0.948 / None,0.909 0.977,0.971 / 0.963,0.36* 0.693,0.922* / 0.939,0.858* 0.897,0.958* / 0.875,0.505* None,0.957 / 0.971,0.814 0.915,0.816* / 0.873,0.85* 0.801,0.036 / 0.885,0.071 0.957,0.826* / 0.904,0.831* 0.117,0.085 / 0.216,0.14 0.802,0.363* / 0.971,0.679
#   underfull_warned                     0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0                    0 / 0
set -eu
. "$BANMIAN_ROOT/tests/e2e/lib.bash"
d=${PAGECHECK_OUT:-"$TEST_TMP/pagecheck"}; mkdir -p "$d"
check="$BANMIAN_ROOT/tests/tools/layoutcheck.py"
corpus=$CORPUS

# the rules at target on every edition and layout today, and per edition
# the further rules it meets today (measured, not n/a) - so none regresses
# (build: banmian build exits 0)
REQUIRE=build,geometry,image_distortion,image_ppi,frame_fill,empty_columns,commentary_frame,head_scale,head_rank,subheading_size,head_white,running_head,page_one
# rules of REQUIRE not yet met on one edition (edition/layout -> rules, with
# a comment saying what it measured)
declare -A EXEMPT=()
# (issue 13, display branch: numbers now keep their units in body text, so
# paragraphs gain a line here and there; these locks gave way to that and
# wait on the composer: sparse/broadsheet widows_orphans (the first line of
# sp-denghui alone at the foot of its 2-row strip), packed/tabloid
# early_jumps (pk-zhamen jumps after 15 of 81 lines) and page_list (an EPUB
# pagebreak in pk-pinglun on page 3, the story printed elsewhere), hexi/tabloid
# fill (page 5 at 96.1%); and t1-brt in tabloid-mini lost a few characters to
# keep its page full)
# (session 9: a header's padding keeps the white above and below its
# headline within 1.5 lines of its size - head_white joined REQUIRE - and a
# module's shallowness is priced on its depth under its head, so short
# stories are no longer 4-column strips: 43 strips -> 25 on these builds.
# The rows padding used to pump into head zones, which the fill counts as
# filled, are now white at a stack's foot, which it does not: fill gave way
# on briefs-day/broadsheet (page 1 96.2 %) and corpus/tabloid (page 2
# 95.6 %); the examples, which must fill their pages, each got a brief:
# hexi p2-xq-6 (11 rows were white under the stack of its briefs box on
# page 2) and tabloid-mini t1-sd-6 (5 rows under its box on page 1) - pages
# wait on a way to take a stack's spare rows with text, 拉行)
# (session 11: a header's kicker, headline and subhead stand at their own
# leading, the block in whole rows (module.c compact_head), a row less over
# most stories with a kicker: head_zone faults 64 -> 52, pages added 9 -> 6,
# and every page has its 头条 a step above the rest (an added page's too:
# head_rank joined REQUIRE).  Plans moved with the rows: p1-5g now fits
# hexi's page 1 whole, and page 2, no longer filled by its continuation,
# got a brief (p2-xq-7) and a paragraph (p2-hongzao) to stay full (the
# new layout left it 94.4 %), tabloid-mini's t1-tingche a paragraph (its
# page 1 95.8 % full); fill gave way on
# county/broadsheet (page 1 96.6 %) and hexi/tabloid, shallow_strips on
# briefs-day/tabloid
# (dc-ditie's text 6 lines under its photo) and hexi/tabloid (p2-banlie),
# widows_orphans on gallery/tabloid (one orphan).  A continuation that
# jumps again keeps a third of what reached its page, as the composer
# plans it: the rule's "third of the story" is its first page's.  Then a
# briefs box may stand anywhere after a page's lead when that fills the
# page better (page.c reorder; widows 29 -> 27, fill faults 10 -> 9), and a
# jump keeps a third of its text lines rounded up, its byline's rows
# besides (hexi/tabloid's p1-5g had kept 15 of 46), and a page of
# continuations alone has its 头条; a page whose 头条 moved on gives its
# head to the longest story it keeps (corpus/tabloid page 2).)
# (session 12: each story keeps its paragraphs' first and last lines off
# its column breaks, up to two rows deeper, when its page's final plan
# stays as full (page.c keep_more; before, a page's stories kept all
# together or none did): widows and orphans 27 -> 20 here, 31 -> 27 on
# hold-out editions; then a placed module pushes a widow or orphan over by
# setting a paragraph before it a line longer (拉行, keep.c; a cut module's
# last line goes on with its jump): 20 -> 13.  Gave way: county/tabloid head_zone (lh-gonglu's
# header 40 % of its module, a row of the page's slack now under lh-laixin)
# and packed/broadsheet's strips (pk-gongnuan 6 lines under its head in 4
# columns, deeper by a row to keep a widow off).)
# (session 13: a photo block's width is weighed at every span in modules of
# 4 columns or more, the text under a photo across its module priced as the
# strip it prints (figures.c span_cost); a page its stories cannot fill
# takes photos across their modules, a page that cannot hold its stories
# narrower ones before any story moves (pgctx fig_roomy, fig_tight); page
# 1's lead may stand at the top left beside a stack, and a 头条 is never
# squeezed to the size of the page's other heads.  Strips 28 -> 24, pages
# added 6 -> 5, fill faults 9 -> 8, head zones 51 -> 48 here; on the
# hold-outs widows 26 -> 24, fill faults 12 -> 8.  Gained: packed/broadsheet
# pages_added and shallow_strips (its one page now holds every story, the
# lead's photo 2 columns), packed/tabloid fill, gallery image_crop and
# strips, tabloid-feature/tabloid strips.  Gave way: county shallow_strips
# on both layouts (lh-gonglu and lh-pinglun, short stories in a 4-column
# stack under the lead, which now stands at the top left), county/tabloid
# widows_orphans, hexi/broadsheet widows_orphans (p2-xiaomai's last line
# at the top of its cut module's second column: no paragraph before it
# can take a line more) and packed/broadsheet widows_orphans (pk-jianzhi);
# hexi's p3-gongre got a paragraph to keep page 3 full.  The page_list
# rule lets a page of continued stories alone close the reading order: the
# EPUB's page-list must follow the spine (EPUBCheck NAV-011).  Then a cut
# module whose widow or orphan 拉行 cannot push over holds a row less, the
# row going to its header's padding, while its jump keeps a third of its
# text (keep.c bm_pg_keep_short): hexi/broadsheet's widows_orphans back
# (p2-xiaomai), widows 13 -> 12 here and 24 -> 21 on the hold-outs; the
# rows it moves shift hexi/tabloid's overflow pages: strips 24 -> 26, head
# zones 48 -> 50 there.)
# (session 14: a lead across the page pays for the white its columns leave
# beside its photo, as a stack's module does (plan.c); a module shape that
# breaks a paragraph's first or last line off at a column break costs
# COST_WIDOW in the plan, and on the edition's last page reorder never
# trades a story set whole for a jump (it added a page for a stub on
# corpus/tabloid); a stack's spare rows go to its headers a row at a time,
# each to the one it makes the smallest share of its module; a short
# story's two-line head a step down the scale when that sets it on one
# line and its header would take 40 % of the module; a cross-reference
# （详见第N版） stays on one line.  Strips 26 -> 23, head zones 50 -> 44,
# widows and orphans 12 -> 10 here; on the hold-outs widows 21 -> 13,
# strips 7 -> 3, pages added 1 -> 0 (provincial/tabloid's stub page 9).
# Gained: gallery/broadsheet shallow_strips (its lead across six columns,
# the photos large), hexi/tabloid widows_orphans.  Nothing gave way.  Then
# a page short of full (its plan's white over 3 %) pads no header to 40 %
# of its module (bm_plan_opts zone_cap), before its photos may take the
# white (roomy_photos): head zones 44 -> 32 here, 73 -> 53 on the
# hold-outs (provincial/broadsheet pages 3 and 4 77 and 66 -> 94 and 95 %
# full, their photos across the page), the white of pages that fail fill
# anyway at their foot (briefs-day/broadsheet page 1 94.1 -> 90.5 %).  Then
# page 1's lead may stand at the top left with the stories after it in a
# stack beside it as deep (the 报眼), the rest of the page under both:
# strips 23 -> 19, head zones 32 -> 28, widows 10 -> 9.  Gained:
# county/broadsheet shallow_strips and head_zone, county/tabloid
# shallow_strips (its 头条 over 5 and 4 columns beside the commentary,
# no longer a band with half a column white beside its photo).  Gave way:
# county/tabloid page 1's fill, 95.1 -> 88.2 % (not locked).)
# (Session 15: a short story's one-line head steps down the scale, to two
# steps above the body, while its header would take 40 % of its module (a
# 16 pt head over a 4-line notice takes 2 rows, a 22 pt one 3): head zones
# 28 -> 12, widows 9 -> 5, strips 19 -> 17 here; hold-outs head zones
# 72 -> 60.  Gained: head_zone on briefs-day/tabloid, corpus both,
# county/tabloid, packed/tabloid, sparse/tabloid, tabloid-mini/tabloid.
# Gave way: corpus/broadsheet page 1's fill, 97.1 -> 80.7 %: its stories'
# heads had been padded to fill it (a 26 pt head over 8 rows, 62 % of its
# module); the white is now at its foot and the build names the page.)
# (Then a two-line head as well, on one line down to that size: head zones
# 12 -> 10, hold-outs 60 -> 51, their widows 29 -> 26.)
# (Then no header is padded to 40 % of its module on any page, not only on
# a page short of full: the planner looks for another shape instead.
# Hold-outs' head zones 51 -> 40, widows 26 -> 24; packed/broadsheet's
# widows locked.  Gave way: the hold-outs' strips 18 -> 20 (weekly: a
# story 8 and one 6 columns across a page, 14 and 12 lines deep).)
# (Then a notice too short even for a two-row header (its text 2-3 lines
# deep) gets its head on one grid row at the briefs' head size, as a brief
# in a box: head zones 10 -> 8 here, 40 -> 17 on the hold-outs.)
# (Then a brief's head under its kicker stands two steps over it (小四 12
# pt over the 9 pt kicker, on its one row): hexi's kicker_rank faults 12 -> 1.)
# (Session 16: a photo block never cuts a picture by more than a fifth to
# keep within its share of the page: its rows go up to 60 % of the page,
# then 40 %, and only when no arrangement fits the page is a picture cut
# more (figures.c, pgctx.fig_cut_more).  image_crop locked on
# gallery/tabloid (the 1:1 cut 21 %) and tabloid-feature/tabloid (the
# 3:1 and 4:3 cut 21 and 22 % side by side); the hold-outs' magazine
# pictures cut 22-42 % are whole.  And a page its stories cannot fill
# tries its photos at 60 % of the rows after 40 % when that adds no strip:
# county/tabloid's last page 76 -> 92 % full.)
# (Session 17: 破栏 - a photo item's few lines (at most 4 at its module's
# width, 2-3 columns) stand under its photo across the module, one leg:
# photo-news (a picture page of one-photo items) has no widow or orphan,
# where split over its columns it had 6 (broadsheet) and 8 (tabloid);
# widows_orphans locked on both.  Fill there is short: 88 % and 91 % on
# its picture page.)
# (Then a teaser box's (导读) items are kept whole, a column's fill
# leaving a group for each column after it: the hold-outs' 导读 widows
# and orphans 4 -> 0, no column of those boxes empty.)
# (Then the stories of a 评论 page are commentaries by its section, framed
# (the checker's rule, now the composer's too), and on a page of
# commentaries alone the 社论 is the 头条: opinion (a 评论 page and a 理论
# page) had 4 stories unframed and a reader's letter under the largest
# head.)
# (Then text under a photo across 4, 6 or 8 columns that its columns would
# hold as a strip stands in legs two columns wide: shallow_strips locked on
# briefs-day/tabloid, sparse/tabloid and sports/tabloid; hexi/broadsheet's
# p3-xiaomi strip gone; the hold-outs' strips 21 -> 15.)
# (Session 18: a story whose balanced columns break a paragraph's first
# or last line off takes a spare row of its stack to keep it, before its
# header's padding: widows_orphans locked on packed/tabloid and
# corpus/tabloid.  Then a jump costs the planner 1200, not 400: these
# builds' jumps 13 -> 8, the hold-outs' 22 -> 20.  A span at which a unit's
# text leaves a column empty or splits a teaser's item is not offered while
# another holds it.  Two hold-outs of the session joined: metro-daily (a
# four-page city daily: a 导读 box, a photo story, briefs, a chart, a
# commentary) and county-two (a county paper's two pages: a 乡村振兴 lead
# with subheadings, a 导读 box, briefs, an essay).  Then legs of text
# under a photo are 4 lines at least, not 3: metro-daily/broadsheet's lead
# loses its two orphans, widows_orphans locked there.)
declare -A LOCK=(
    [briefs-day/broadsheet]=image_crop,off_page,pages_added,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [briefs-day/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [corpus/broadsheet]=off_page,pages_added,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [corpus/tabloid]=off_page,kicker_rank,head_zone,early_jumps,widows_orphans,page_list,fill,underfull_warned
    [county/broadsheet]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [county/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,page_list,underfull_warned
    [county-two/broadsheet]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [county-two/tabloid]=image_crop,off_page,shallow_strips,kicker_rank,head_zone,early_jumps,page_list,underfull_warned
    # gallery (a picture page: two photo stories of several pictures, two
    # stories with one): image_crop and shallow_strips wait on the photo
    # stories' shapes - gl-hupan's three pictures in one row across 8
    # columns with its text a 2-line strip under them (broadsheet),
    # gl-qiaoshang's two stacked in one column (tabloid)
    [gallery/broadsheet]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,fill,underfull_warned
    [gallery/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,fill,underfull_warned
    [hexi/broadsheet]=image_crop,off_page,pages_added,kicker_rank,early_jumps,widows_orphans,page_list,fill,underfull_warned
    [hexi/tabloid]=image_crop,off_page,early_jumps,widows_orphans,page_list,underfull_warned
    [metro-daily/broadsheet]=image_crop,off_page,pages_added,kicker_rank,widows_orphans,page_list,underfull_warned
    [metro-daily/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,early_jumps,page_list,underfull_warned
    [opinion/broadsheet]=image_crop,off_page,pages_added,kicker_rank,head_zone,page_list,underfull_warned
    [opinion/tabloid]=image_crop,off_page,shallow_strips,kicker_rank,head_zone,early_jumps,page_list,underfull_warned
    [packed/broadsheet]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,widows_orphans,page_list,fill,underfull_warned
    [packed/tabloid]=image_crop,off_page,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,fill,underfull_warned
    [photo-news/broadsheet]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [photo-news/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [sparse/broadsheet]=image_crop,off_page,pages_added,kicker_rank,head_zone,widows_orphans,page_list,fill,underfull_warned
    [sparse/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,fill,underfull_warned
    [sports/broadsheet]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    # sports/tabloid: shallow_strips unlocked when a page that cannot hold its
    # stories got smaller photos instead of moving sp-pingpang off page 1: page 2
    # then holds three stories and sp-xiangqi's text runs 6 lines under its photo
    [sports/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,head_zone,widows_orphans,page_list,underfull_warned
    [tabloid-feature/broadsheet]=image_crop,off_page,pages_added,kicker_rank,widows_orphans,page_list,fill,underfull_warned
    [tabloid-feature/tabloid]=image_crop,off_page,pages_added,shallow_strips,kicker_rank,widows_orphans,page_list,fill,underfull_warned
    [tabloid-mini/broadsheet]=image_crop,off_page,pages_added,kicker_rank,widows_orphans,page_list,underfull_warned
    [tabloid-mini/tabloid]=image_crop,off_page,pages_added,kicker_rank,head_zone,page_list,fill,underfull_warned
)

eds=()
for e in "$BANMIAN_ROOT"/examples/*/ "$BANMIAN_ROOT"/tests/editions/*/; do
    [ -f "$e/edition.xml" ] && eds+=("${e%/}")
done
[ ${#eds[@]} -ge 6 ] || fail "expected the examples and tests/editions, found ${#eds[@]}"

status=0
run_one() {  # name layout source...
    local name=$1 layout=$2; shift 2
    local out="$d/$name-$layout" src
    rm -rf "$out"; mkdir -p "$out"
    local need="$REQUIRE${LOCK[$name/$layout]:+,${LOCK[$name/$layout]}}" x
    for x in ${EXEMPT[$name/$layout]:-}; do
        need=$(echo ",$need," | sed "s/,$x,/,/; s/^,//; s/,\$//")
    done
    if ! "$BANMIAN" build "$@" --layout "$layout" -o "$out" \
            --dump-layout "$out/layout.json" >"$out/build.out" 2>"$out/build.err"; then
        # measured as the rule "build", every other rule unmeasured
        "$PYTHON" - "$out/quality.json" "$name/$layout" "$out/build.err" <<'PY'
import json, sys
err = open(sys.argv[3], encoding="utf-8", errors="replace").read().strip()
json.dump({"name": sys.argv[2], "rules": {"build": {
    "what": "banmian build succeeds", "target": "exit 0", "value": err[-300:],
    "ok": False, "measured": True, "faults": 1, "details": [], "pages": {}}}},
    open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
PY
        echo "== $name/$layout: build failed: $(tail -1 "$out/build.err")"
        case ",$need," in *,build,*)
            echo "FAIL: build $name --layout $layout: $(tail -5 "$out/build.err")" >&2
            status=1;;
        esac
        return
    fi
    need=$(echo "$need" | sed 's/^build,//; s/,build,/,/; s/,build$//; s/^build$//')
    if [ "$1" != "${1%.txt}" ]; then src=$(IFS=,; echo "$*"); else src=$1; fi
    local rc=0
    "$PYTHON" "$check" "$out/layout.json" --edition "$src" \
        --layout-file "$BANMIAN_ROOT/layouts/$layout.xml" \
        --pdf "$(ls "$out"/*.pdf)" --epub "$(ls "$out"/*.epub)" \
        --stderr "$out/build.err" --banmian "$BANMIAN" --name "$name/$layout" \
        --json "$out/quality.json" --require "$need" \
        >"$out/quality.txt" 2>"$out/quality.err" || rc=$?
    cat "$out/quality.txt"
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: $name --layout $layout: $(cat "$out/quality.err")" >&2
        status=1
    fi
}

for layout in broadsheet tabloid; do
    for e in "${eds[@]}"; do
        run_one "$(basename "$e")" "$layout" "$e"
    done
    if ls "$corpus"/page-*.txt >/dev/null 2>&1; then
        run_one corpus "$layout" "$corpus"/page-*.txt
    fi
done
ls "$corpus"/page-*.txt >/dev/null 2>&1 || echo "skipped: corpus pages (no $corpus/page-*.txt)"

# every rule can fail: the hexi build damaged one way per rule
"$PYTHON" "$BANMIAN_ROOT/tests/tools/pagequality_selftest.py" "$d/hexi-broadsheet" \
    "$BANMIAN_ROOT/examples/hexi" "$BANMIAN_ROOT/layouts/broadsheet.xml" "$BANMIAN" \
    "$(ls "$d"/tabloid-mini-broadsheet/*.epub)" >"$d/selftest.txt" 2>&1 || {
    cat "$d/selftest.txt"; fail "a page-quality rule did not notice its damage"; }

# one summary: rule x edition, broadsheet / tabloid (the table above)
"$PYTHON" - "$d" <<'PY'
import glob, json, os, sys
rows, names = {}, []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*", "quality.json"))):
    q = json.load(open(f))
    names.append(q["name"])
    if "build" not in q["rules"]:
        q["rules"] = {"build": {"value": 0, "ok": True, "measured": True},
                      **q["rules"]}
    for r, v in q["rules"].items():
        rows.setdefault(r, {})[q["name"]] = v
json.dump({"editions": names, "rules": rows}, open(os.path.join(sys.argv[1],
          "summary.json"), "w"), ensure_ascii=False, indent=1)


def fmt(v):
    if v is None:
        return "-"
    val = v["value"]
    if isinstance(val, str):
        val = "error"
    elif isinstance(val, dict):
        val = ",".join(str(x) for x in val.values() if not isinstance(x, (list, bool)))
    elif isinstance(val, float):
        val = f"{val:g}"
    return f"{val}{'' if v['ok'] else '*'}"


eds = sorted({n.rsplit("/", 1)[0] for n in names})
w = max(24, *(len(e) for e in eds))
table = ["#   %-17s " % "rule" + " ".join(f"{e:>{w}}" for e in eds)]
for r, by in rows.items():
    table.append("#   %-17s " % r + " ".join(
        f"{fmt(by.get(e + '/broadsheet')) + ' / ' + fmt(by.get(e + '/tabloid')):>{w}}"
        for e in eds))
open(os.path.join(sys.argv[1], "table.txt"), "w").write("\n".join(table) + "\n")
print("\n" + "\n".join(table))
PY
[ "$status" -eq 0 ] || fail "a required page-quality rule is not at target (REQUIRE=$REQUIRE)"
