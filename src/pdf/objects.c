/*
 * objects.c - the one file that uses libharu's internal object API
 * (hpdf_objects.h and the document/page records).
 *
 * libharu 2.3.0 has no public way to embed a CID font it did not load, to
 * append ready-made operators to a page, to write an XMP stream with the
 * right /Subtype, or to set /Lang and a reproducible /ID; its objects are
 * plain dictionaries, arrays and streams that it serialises at save time,
 * so we build those here and leave everything else (pages, xref,
 * compression, outline, annotations, labels, images) to its public API.
 */
#include "pdf_private.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

HPDF_STATUS bm_pdfx_content(HPDF_Page page, const char *ops, size_t n)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ops,
                             (HPDF_UINT)n);
}

static HPDF_STATUS flate_array_entry(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

/*
 * libharu keeps every page's operators as text until it saves the
 * document, then deflates each stream (HPDF_Stream_WriteToStreamWithDeflate:
 * deflateInit at Z_DEFAULT_COMPRESSION, Z_NO_FLUSH over the stream, then
 * Z_FINISH) and writes a /Filter [ /FlateDecode ] entry after the
 * dictionary's others: 7.5 MB of text for 64 generated pages, all held
 * until the end.  Here the finished page's text is taken out of the
 * stream (freed there) and deflated the same way (zlib's output does not
 * depend on how the input is cut into calls), and the stream is written
 * as it is, the entry coming from the dictionary's write hook, which
 * libharu calls after the entries -- the same bytes, a fifth of the
 * memory.  With a deflater (bm_pdfx_deflater_new) the deflating is done
 * on its thread while the next pages are painted, and the streams are
 * written when it has finished (bm_pdfx_deflater_finish); libharu itself
 * is only ever called from the painting thread.
 */
typedef struct deflate_job {
    HPDF_Dict      d;
    HPDF_Stream    st;
    unsigned char *in;    /* the operators, freed once deflated */
    size_t         n;
    bm_buf         out;   /* them deflated */
    int            zr;    /* Z_OK once deflated */
} deflate_job;

/* Deflates `in` as libharu would (see above) into `out`: Z_OK or zlib's
 * error.  Pure: any thread. */
static int deflate_ops(const unsigned char *in, size_t n, bm_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK)
        return Z_MEM_ERROR;
    unsigned char buf[16384];
    int zr = Z_OK;
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    while (z.avail_in > 0 && zr == Z_OK) {
        z.next_out = buf;
        z.avail_out = sizeof buf;
        zr = deflate(&z, Z_NO_FLUSH);
        bm_buf_append(out, buf, sizeof buf - z.avail_out);
    }
    while (zr == Z_OK) {
        z.next_out = buf;
        z.avail_out = sizeof buf;
        zr = deflate(&z, Z_FINISH);
        bm_buf_append(out, buf, sizeof buf - z.avail_out);
    }
    deflateEnd(&z);
    return zr == Z_STREAM_END ? Z_OK : zr;
}

/* The job's deflated stream written in place of its text (once). */
static HPDF_STATUS job_write(deflate_job *j)
{
    if (j->zr != Z_OK)
        return HPDF_INVALID_STREAM;
    HPDF_STATUS hs = HPDF_Stream_Write(j->st, (const HPDF_BYTE *)j->out.data,
                                       (HPDF_UINT)j->out.len);
    j->d->filter = HPDF_STREAM_FILTER_NONE;
    j->d->write_fn = flate_array_entry;
    return hs;
}

/* The job's text deflated and freed (once).  Pure: any thread. */
static void job_deflate(deflate_job *j)
{
    j->zr = deflate_ops(j->in, j->n, &j->out);
    free(j->in);
    j->in = NULL;
}

static void job_free(deflate_job *j)
{
    free(j->in);
    bm_buf_free(&j->out);
    free(j);
}

/* The pages waiting to be deflated, and the thread that deflates them in
 * the order they came.  At most wait_max wait, so the text held stays a
 * few pages' even when the painting runs ahead.  A page that finds the
 * queue full is deflated by the painting thread itself rather than wait
 * (the thread shares its processor with the cover's: 10 to 30 of 64
 * generated pages found it full on a loaded machine), and at the end the
 * painting thread deflates the queue from its end while the thread works
 * from its start.  Each stream is deflated alone, into its own job, and
 * written into its own page's stream, so who deflates it does not change
 * a byte. */
struct bm_pdf_deflater {
    pthread_t       th;
    pthread_mutex_t lock;
    pthread_cond_t  more;         /* a page queued, or closing */
    deflate_job   **jobs;
    size_t          n, cap;
    size_t          take, end;    /* [take, end): queued, not yet begun */
    size_t          wait_max;
    int             closing;      /* no more pages come */
};

static void *deflate_worker(void *arg)
{
    bm_pdf_deflater *q = arg;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (q->take == q->end && !q->closing)
            pthread_cond_wait(&q->more, &q->lock);
        if (q->take == q->end)
            break;
        deflate_job *j = q->jobs[q->take++];
        pthread_mutex_unlock(&q->lock);
        job_deflate(j);
        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

bm_pdf_deflater *bm_pdfx_deflater_new(size_t wait_max)
{
    bm_pdf_deflater *q = bm_xmalloc(sizeof *q);
    memset(q, 0, sizeof *q);
    q->wait_max = wait_max;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->more, NULL);
    if (pthread_create(&q->th, NULL, deflate_worker, q) != 0) {
        pthread_cond_destroy(&q->more);
        pthread_mutex_destroy(&q->lock);
        free(q);
        return NULL;
    }
    return q;
}

/* Stops the thread once what is queued is deflated (once). */
static void deflater_stop(bm_pdf_deflater *q)
{
    pthread_mutex_lock(&q->lock);
    int was = q->closing;
    q->closing = 1;
    pthread_cond_signal(&q->more);
    pthread_mutex_unlock(&q->lock);
    if (!was)
        pthread_join(q->th, NULL);
}

HPDF_STATUS bm_pdfx_deflater_finish(bm_pdf_deflater *q)
{
    if (!q)
        return HPDF_OK;
    /* the queue's last pages deflated here, its first by the thread */
    pthread_mutex_lock(&q->lock);
    while (q->take < q->end) {
        deflate_job *j = q->jobs[--q->end];
        pthread_mutex_unlock(&q->lock);
        job_deflate(j);
        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
    deflater_stop(q);
    HPDF_STATUS hs = HPDF_OK;
    for (size_t i = 0; i < q->n; i++) {
        if (hs == HPDF_OK)
            hs = job_write(q->jobs[i]);
        job_free(q->jobs[i]);
    }
    q->n = q->take = q->end = 0;
    return hs;
}

void bm_pdfx_deflater_free(bm_pdf_deflater *q)
{
    if (!q)
        return;
    deflater_stop(q);
    for (size_t i = 0; i < q->n; i++)
        job_free(q->jobs[i]);
    free(q->jobs);
    pthread_cond_destroy(&q->more);
    pthread_mutex_destroy(&q->lock);
    free(q);
}

HPDF_STATUS bm_pdfx_content_done(HPDF_Page page, bm_pdf_deflater *q)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Dict d = attr->contents;
    HPDF_Stream st = attr->stream;
    if (!d || !st || d->stream != st || st->type != HPDF_STREAM_MEMORY ||
        d->filter != HPDF_STREAM_FILTER_FLATE_DECODE || d->write_fn ||
        st->size == 0)   /* libharu writes an empty stream empty */
        return HPDF_OK;   /* not the stream expected: libharu deflates it */
    /* the text, in one piece, out of libharu's chunks */
    HPDF_MemStreamAttr ma = (HPDF_MemStreamAttr)st->attr;
    deflate_job *j = bm_xmalloc(sizeof *j);
    memset(j, 0, sizeof *j);
    j->d = d;
    j->st = st;
    j->n = st->size;
    j->in = bm_xmalloc(j->n);
    size_t at = 0;
    for (HPDF_UINT i = 0; i < ma->buf->count && at < j->n; i++) {
        size_t k = j->n - at < ma->buf_siz ? j->n - at : ma->buf_siz;
        memcpy(j->in + at, HPDF_List_ItemAt(ma->buf, i), k);
        at += k;
    }
    if (at != j->n) {
        job_free(j);
        return HPDF_INVALID_STREAM;
    }
    HPDF_MemStream_FreeData(st);
    bm_buf_init(&j->out);
    if (q) {
        pthread_mutex_lock(&q->lock);
        if (q->end - q->take < q->wait_max) {
            if (q->n == q->cap) {
                q->cap = q->cap ? 2 * q->cap : 16;
                q->jobs = bm_xrealloc(q->jobs, q->cap * sizeof *q->jobs);
            }
            q->jobs[q->n++] = j;
            q->end = q->n;
            pthread_cond_signal(&q->more);
            pthread_mutex_unlock(&q->lock);
            return HPDF_OK;
        }
        pthread_mutex_unlock(&q->lock);
    }
    /* in line: no thread, or the queue is full */
    job_deflate(j);
    HPDF_STATUS hs = job_write(j);
    job_free(j);
    return hs;
}

HPDF_STATUS bm_pdfx_page_font(HPDF_Doc pdf, HPDF_Page page, const char *name,
                              HPDF_Dict font)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr->fonts) {
        HPDF_Dict res = HPDF_Page_GetInheritableItem(page, "Resources",
                                                     HPDF_OCLASS_DICT);
        if (!res)
            return HPDF_INVALID_PAGE;
        HPDF_Dict fonts = HPDF_Dict_New(pdf->mmgr);
        if (!fonts)
            return HPDF_FAILD_TO_ALLOC_MEM;
        HPDF_STATUS st = HPDF_Dict_Add(res, "Font", fonts);
        if (st != HPDF_OK)
            return st;
        attr->fonts = fonts;
    }
    return HPDF_Dict_Add(attr->fonts, name, font);
}

HPDF_Dict bm_pdfx_dict(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL; /* the xref freed it */
    return d;
}

/* A stream object in the xref, holding `data`, compressed. */
static HPDF_Dict stream(HPDF_Doc pdf, const void *data, size_t n, int flate)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s)
        return NULL;
    s->filter = flate ? HPDF_STREAM_FILTER_FLATE_DECODE
                      : HPDF_STREAM_FILTER_NONE;
    if (HPDF_Stream_Write(s->stream, data, (HPDF_UINT)n) != HPDF_OK)
        return NULL;
    return s;
}

static unsigned long png_be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
}

static HPDF_STATUS flate_entry(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/*
 * A PNG's pixels go into the PDF as they are in the file: the IDAT chunks
 * are one zlib stream of filtered rows, which FlateDecode with the PNG
 * predictors (/Predictor 15: each row names its own filter) reads as it
 * is, so nothing is decoded or deflated again.  libharu decodes every PNG
 * and deflates the pixels anew: on the example edition, with six
 * 1600 x 1000 photos, that was more than half of the build's time.  The
 * pixels are the same, the streams are the file's (usually smaller).
 * Only what PDF holds that way: 8-bit grey, RGB or palette samples, not
 * interlaced.  A grey or RGB file's transparent colour (tRNS) is a colour
 * key mask (/Mask [min max ...]: the samples PNG makes transparent, exactly)
 * when `key_mask` allows one; libharu 2.3.0 crashed on an RGB PNG with
 * tRNS.  An alpha channel or a palette's tRNS needs a soft mask, which
 * libharu splits out.
 */
int bm_pdfx_png(HPDF_Doc pdf, const unsigned char *data, size_t len,
                int key_mask, HPDF_Image *img)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    *img = NULL;
    if (len < 8 + 25 || memcmp(data, sig, 8) != 0 ||
        memcmp(data + 12, "IHDR", 4) != 0 || png_be32(data + 8) != 13)
        return 0;
    const unsigned char *ihdr = data + 16;
    unsigned long w = png_be32(ihdr), h = png_be32(ihdr + 4);
    int depth = ihdr[8], ctype = ihdr[9], interlace = ihdr[12];
    if (depth != 8 || interlace != 0 || (ctype != 0 && ctype != 2 && ctype != 3) ||
        w == 0 || h == 0 || w > 0x7FFFFFFF || h > 0x7FFFFFFF)
        return 0;
    /* a first pass: every chunk in bounds, a palette where one is due, no
     * transparency, some IDAT */
    const unsigned char *plte = NULL, *trns = NULL;
    size_t nplte = 0, nidat = 0, ntrns = 0;
    for (size_t i = 8; i + 12 <= len;) {
        unsigned long n = png_be32(data + i);
        const unsigned char *type = data + i + 4;
        if (n > len - i - 12)
            return 0;
        if (!memcmp(type, "tRNS", 4)) {
            trns = data + i + 8;
            ntrns = n;
        }
        if (!memcmp(type, "PLTE", 4)) {
            plte = data + i + 8;
            nplte = n;
        }
        if (!memcmp(type, "IDAT", 4))
            nidat += n;
        if (!memcmp(type, "IEND", 4))
            break;
        i += 12 + n;
    }
    if (nidat == 0 ||
        (ctype == 3 && (!plte || nplte % 3 || nplte == 0 || nplte > 768)))
        return 0;
    /* the colour key: one 16-bit sample a channel, of which an 8-bit
     * image uses the low byte (a larger one matches no pixel) */
    int colors = ctype == 2 ? 3 : 1;
    int key[3] = {-1, -1, -1};
    if (trns) {
        if (ctype == 3 || !key_mask || ntrns != (size_t)(2 * colors))
            return 0;
        for (int k = 0; k < colors; k++) {
            unsigned v = (unsigned)trns[2 * k] << 8 | trns[2 * k + 1];
            if (v > 255) {
                key[0] = -1;
                break;
            }
            key[k] = (int)v;
        }
    }

    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Dict s = HPDF_DictStream_New(mm, pdf->xref);
    if (!s)
        return -1;
    /* libharu writes the bytes as they are (no filter of its own).  It
     * drops a /Filter entry of a stream it does not compress itself, so
     * the filter the bytes already have is written by the dictionary's
     * write hook, after its entries. */
    s->filter = HPDF_STREAM_FILTER_NONE;
    s->write_fn = flate_entry;
    s->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    HPDF_STATUS st = HPDF_OK;
    for (size_t i = 8; i + 12 <= len && st == HPDF_OK;) {
        unsigned long n = png_be32(data + i);
        if (!memcmp(data + i + 4, "IDAT", 4) && n)
            st = HPDF_Stream_Write(s->stream, data + i + 8, (HPDF_UINT)n);
        if (!memcmp(data + i + 4, "IEND", 4))
            break;
        i += 12 + n;
    }
    st |= HPDF_Dict_AddName(s, "Type", "XObject");
    st |= HPDF_Dict_AddName(s, "Subtype", "Image");
    st |= HPDF_Dict_AddNumber(s, "Width", (HPDF_INT32)w);
    st |= HPDF_Dict_AddNumber(s, "Height", (HPDF_INT32)h);
    if (ctype == 3) {
        HPDF_Array cs = HPDF_Array_New(mm);
        if (!cs)
            return -1;
        st |= HPDF_Dict_Add(s, "ColorSpace", cs);
        st |= HPDF_Array_AddName(cs, "Indexed");
        st |= HPDF_Array_AddName(cs, "DeviceRGB");
        st |= HPDF_Array_AddNumber(cs, (HPDF_INT32)(nplte / 3 - 1));
        st |= HPDF_Array_Add(cs, HPDF_Binary_New(mm, (HPDF_BYTE *)plte,
                                                 (HPDF_UINT)nplte));
    } else {
        st |= HPDF_Dict_AddName(s, "ColorSpace",
                                ctype == 2 ? "DeviceRGB" : "DeviceGray");
    }
    st |= HPDF_Dict_AddNumber(s, "BitsPerComponent", 8);
    if (key[0] >= 0) {
        HPDF_Array mask = HPDF_Array_New(mm);
        if (!mask)
            return -1;
        st |= HPDF_Dict_Add(s, "Mask", mask);
        for (int k = 0; k < colors; k++) {
            st |= HPDF_Array_AddNumber(mask, key[k]);
            st |= HPDF_Array_AddNumber(mask, key[k]);
        }
    }
    HPDF_Dict parms = HPDF_Dict_New(mm);
    if (!parms)
        return -1;
    st |= HPDF_Dict_Add(s, "DecodeParms", parms);
    st |= HPDF_Dict_AddNumber(parms, "Predictor", 15);
    st |= HPDF_Dict_AddNumber(parms, "Colors", colors);
    st |= HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
    st |= HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)w);
    if (st != HPDF_OK)
        return -1;
    *img = s;
    return 1;
}

/*
 * An array parsed from simple PDF syntax: integers and nested arrays only
 * (the W array: "[3 [500 1000] 9 [1000]]").
 */
static HPDF_Array int_array(HPDF_Doc pdf, const char **p)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a || **p != '[')
        return NULL;
    (*p)++;
    for (;;) {
        while (**p == ' ')
            (*p)++;
        if (**p == ']') {
            (*p)++;
            return a;
        }
        if (**p == '[') {
            HPDF_Array sub = int_array(pdf, p);
            if (!sub || HPDF_Array_Add(a, sub) != HPDF_OK)
                return NULL;
            continue;
        }
        char *end;
        long v = strtol(*p, &end, 10);
        if (end == *p)
            return NULL;
        *p = end;
        if (HPDF_Array_AddNumber(a, (HPDF_INT32)v) != HPDF_OK)
            return NULL;
    }
}

static HPDF_Array int4(HPDF_Doc pdf, const int v[4])
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    for (int i = 0; a && i < 4; i++)
        if (HPDF_Array_AddNumber(a, v[i]) != HPDF_OK)
            return NULL;
    return a;
}

HPDF_STATUS bm_pdfx_type0(HPDF_Doc pdf, HPDF_Dict type0,
                          const bm_pdf_fontdata *fd)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS st = HPDF_OK;

    HPDF_Dict cid = bm_pdfx_dict(pdf);
    HPDF_Dict desc = bm_pdfx_dict(pdf);
    HPDF_Dict file = stream(pdf, fd->file, fd->file_len, 1);
    HPDF_Dict tou = stream(pdf, fd->tounicode, strlen(fd->tounicode), 1);
    HPDF_Dict sysinfo = HPDF_Dict_New(mm);
    const char *wp = fd->w;
    HPDF_Array w = int_array(pdf, &wp);
    HPDF_Array bbox = int4(pdf, fd->bbox);
    HPDF_Array desc_arr = HPDF_Array_New(mm);
    if (!cid || !desc || !file || !tou || !sysinfo || !w || !bbox || !desc_arr)
        return HPDF_FAILD_TO_ALLOC_MEM;

    st |= HPDF_Dict_AddName(type0, "Type", "Font");
    st |= HPDF_Dict_AddName(type0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(type0, "BaseFont", fd->basefont);
    st |= HPDF_Dict_AddName(type0, "Encoding", "Identity-H");
    st |= HPDF_Array_Add(desc_arr, cid);
    st |= HPDF_Dict_Add(type0, "DescendantFonts", desc_arr);
    st |= HPDF_Dict_Add(type0, "ToUnicode", tou);

    st |= HPDF_Dict_Add(sysinfo, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    st |= HPDF_Dict_Add(sysinfo, "Ordering",
                        HPDF_String_New(mm, "Identity", NULL));
    st |= HPDF_Dict_AddNumber(sysinfo, "Supplement", 0);

    st |= HPDF_Dict_AddName(cid, "Type", "Font");
    st |= HPDF_Dict_AddName(cid, "Subtype",
                            fd->cff ? "CIDFontType0" : "CIDFontType2");
    st |= HPDF_Dict_AddName(cid, "BaseFont", fd->basefont);
    st |= HPDF_Dict_Add(cid, "CIDSystemInfo", sysinfo);
    st |= HPDF_Dict_Add(cid, "FontDescriptor", desc);
    st |= HPDF_Dict_AddNumber(cid, "DW", 1000);
    st |= HPDF_Dict_Add(cid, "W", w);
    if (!fd->cff) {
        if (fd->cidtogid) {
            HPDF_Dict map = stream(pdf, fd->cidtogid, fd->cidtogid_len, 1);
            if (!map)
                return HPDF_FAILD_TO_ALLOC_MEM;
            st |= HPDF_Dict_Add(cid, "CIDToGIDMap", map);
        } else {
            st |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
        }
    }

    st |= HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    st |= HPDF_Dict_AddName(desc, "FontName", fd->basefont);
    st |= HPDF_Dict_AddNumber(desc, "Flags", 4); /* symbolic */
    st |= HPDF_Dict_Add(desc, "FontBBox", bbox);
    st |= HPDF_Dict_AddNumber(desc, "ItalicAngle", 0);
    st |= HPDF_Dict_AddNumber(desc, "Ascent", fd->ascent);
    st |= HPDF_Dict_AddNumber(desc, "Descent", fd->descent);
    st |= HPDF_Dict_AddNumber(desc, "CapHeight", fd->ascent);
    st |= HPDF_Dict_AddNumber(desc, "StemV", 80);
    if (fd->cff) {
        st |= HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
        st |= HPDF_Dict_Add(desc, "FontFile3", file);
    } else {
        st |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)fd->file_len);
        st |= HPDF_Dict_Add(desc, "FontFile2", file);
    }
    return st;
}

/* UTF-8 -> UTF-16BE with a byte order mark, written as a hex string. */
static HPDF_Binary text_string(HPDF_Doc pdf, const char *s)
{
    size_t n = strlen(s);
    unsigned char *u = bm_xmalloc(2 * n + 4);
    u[0] = 0xFE;
    u[1] = 0xFF;
    size_t k = 2 + bm_utf8_to_utf16be(s, n, u + 2);
    HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, u, (HPDF_UINT)k);
    free(u);
    return b;
}

HPDF_STATUS bm_pdfx_set_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
                             const char *utf8)
{
    HPDF_Binary b = text_string(pdf, utf8);
    if (!b)
        return HPDF_FAILD_TO_ALLOC_MEM;
    return HPDF_Dict_Add(dict, key, b);
}

HPDF_STATUS bm_pdfx_info_text(HPDF_Doc pdf, const char *key, const char *utf8)
{
    /* Creates the Info dictionary if needed, then replaces the value by a
     * UTF-16 string (libharu's own encoders are BMP only). */
    if (!pdf->info) {
        HPDF_STATUS st = HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "banmian");
        if (st != HPDF_OK)
            return st;
    }
    return bm_pdfx_set_text(pdf, pdf->info, key, utf8);
}

HPDF_STATUS bm_pdfx_catalog(HPDF_Doc pdf, const char *lang, const char *xmp,
                            size_t xmp_len, const unsigned char id[16])
{
    HPDF_STATUS st = HPDF_OK;
    /* PDF 1.7: what the fonts, /Lang and the XMP stream use */
    pdf->pdf_version = HPDF_VER_17;
    st |= HPDF_Dict_Add(pdf->catalog, "Lang",
                        HPDF_String_New(pdf->mmgr, lang, NULL));
    if (xmp) {
        HPDF_Dict m = stream(pdf, xmp, xmp_len, 0);
        if (!m)
            return HPDF_FAILD_TO_ALLOC_MEM;
        st |= HPDF_Dict_AddName(m, "Type", "Metadata");
        st |= HPDF_Dict_AddName(m, "Subtype", "XML");
        st |= HPDF_Dict_Add(pdf->catalog, "Metadata", m);
    }
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a)
        return HPDF_FAILD_TO_ALLOC_MEM;
    st |= HPDF_Dict_Add(pdf->trailer, "ID", a);
    st |= HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
    st |= HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id, 16));
    return st;
}

HPDF_STATUS bm_pdfx_output_intent(HPDF_Doc pdf, const unsigned char *icc,
                                  size_t icc_len, const char *condition)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS st = HPDF_OK;
    HPDF_Dict prof = stream(pdf, icc, icc_len, 1);
    HPDF_Dict oi = bm_pdfx_dict(pdf);
    HPDF_Array arr = HPDF_Array_New(mm);
    if (!prof || !oi || !arr)
        return HPDF_FAILD_TO_ALLOC_MEM;
    st |= HPDF_Dict_AddNumber(prof, "N", 3);
    st |= HPDF_Dict_AddName(prof, "Alternate", "DeviceRGB");
    st |= HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    st |= HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
    st |= HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                        HPDF_String_New(mm, condition, NULL));
    st |= HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, condition, NULL));
    st |= HPDF_Dict_Add(oi, "DestOutputProfile", prof);
    st |= HPDF_Array_Add(arr, oi);
    st |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", arr);
    return st;
}

/* [page /FitH top], written in place (PDFBox 2 reads no indirect /Dest) */
static HPDF_Array fith(HPDF_Doc pdf, HPDF_Page page, double top)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (!a)
        return NULL;
    if (HPDF_Array_Add(a, page) != HPDF_OK ||
        HPDF_Array_AddName(a, "FitH") != HPDF_OK ||
        HPDF_Array_AddReal(a, (HPDF_REAL)top) != HPDF_OK)
        return NULL;
    return a;
}

HPDF_STATUS bm_pdfx_dest(HPDF_Doc pdf, HPDF_Dict obj, HPDF_Page page,
                         double top)
{
    HPDF_Array a = fith(pdf, page, top);
    return a ? HPDF_Dict_Add(obj, "Dest", a) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS bm_pdfx_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
                         HPDF_Page target, double top, HPDF_Dict *annot)
{
    return bm_pdfx_link_to(pdf, page, r, target, NULL, top, annot);
}

HPDF_STATUS bm_pdfx_link_to(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
                            HPDF_Page target, const char *file, double top,
                            HPDF_Dict *annot)
{
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_STATUS st = HPDF_OK;
    HPDF_Dict an = bm_pdfx_dict(pdf);
    HPDF_Array rect = HPDF_Array_New(mm), border = HPDF_Array_New(mm);
    if (!an || !rect || !border)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (!annots) {
        annots = HPDF_Array_New(mm);
        if (!annots || HPDF_Dict_Add(page, "Annots", annots) != HPDF_OK)
            return HPDF_FAILD_TO_ALLOC_MEM;
    }
    st |= HPDF_Dict_AddName(an, "Type", "Annot");
    st |= HPDF_Dict_AddName(an, "Subtype", "Link");
    st |= HPDF_Array_AddReal(rect, r.left);
    st |= HPDF_Array_AddReal(rect, r.bottom);
    st |= HPDF_Array_AddReal(rect, r.right);
    st |= HPDF_Array_AddReal(rect, r.top);
    st |= HPDF_Dict_Add(an, "Rect", rect);
    for (int i = 0; i < 3; i++)
        st |= HPDF_Array_AddNumber(border, 0);
    st |= HPDF_Dict_Add(an, "Border", border);
    st |= HPDF_Dict_AddNumber(an, "F", 4); /* print: PDF/A wants it */
    st |= HPDF_Dict_Add(an, "P", page);
    if (file) {
        /* the first page of another file: /GoToR (PDF/A-2 admits it) */
        HPDF_Dict act = HPDF_Dict_New(mm);
        HPDF_Array d = HPDF_Array_New(mm);
        if (!act || !d)
            return HPDF_FAILD_TO_ALLOC_MEM;
        st |= HPDF_Dict_AddName(act, "S", "GoToR");
        st |= HPDF_Dict_Add(act, "F", HPDF_String_New(mm, file, NULL));
        st |= HPDF_Array_AddNumber(d, 0);
        st |= HPDF_Array_AddName(d, "FitH");
        st |= HPDF_Array_AddReal(d, (HPDF_REAL)top);
        st |= HPDF_Dict_Add(act, "D", d);
        st |= HPDF_Dict_Add(an, "A", act);
    } else {
        st |= bm_pdfx_dest(pdf, an, target, top);
    }
    st |= HPDF_Array_Add(annots, an);
    *annot = an;
    return st;
}

/* ---- plain objects, for the structure tree -------------------------------- */

HPDF_Dict bm_pdfx_direct_dict(HPDF_Doc pdf)
{
    return HPDF_Dict_New(pdf->mmgr);
}

HPDF_Array bm_pdfx_array(HPDF_Doc pdf)
{
    return HPDF_Array_New(pdf->mmgr);
}

HPDF_Array bm_pdfx_array_for(HPDF_Doc pdf, size_t n)
{
    /* libharu grows a list by items_per_block (20), copying it byte by
     * byte each time: an array of n items gets its room at once */
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (a && n > a->list->items_per_block)
        a->list->items_per_block = (HPDF_UINT)n;
    return a;
}

HPDF_STATUS bm_pdfx_put_name(HPDF_Dict d, const char *key, const char *name)
{
    return HPDF_Dict_AddName(d, key, name);
}

HPDF_STATUS bm_pdfx_put_int(HPDF_Dict d, const char *key, int v)
{
    return HPDF_Dict_AddNumber(d, key, v);
}

HPDF_STATUS bm_pdfx_put_bool(HPDF_Dict d, const char *key, int v)
{
    return HPDF_Dict_AddBoolean(d, key, v ? HPDF_TRUE : HPDF_FALSE);
}

HPDF_STATUS bm_pdfx_put(HPDF_Dict d, const char *key, void *obj)
{
    return obj ? HPDF_Dict_Add(d, key, obj) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS bm_pdfx_push(HPDF_Array a, void *obj)
{
    return obj ? HPDF_Array_Add(a, obj) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS bm_pdfx_push_int(HPDF_Array a, int v)
{
    return HPDF_Array_AddNumber(a, v);
}

HPDF_STATUS bm_pdfx_catalog_put(HPDF_Doc pdf, const char *key, void *obj)
{
    return bm_pdfx_put(pdf->catalog, key, obj);
}

HPDF_STATUS bm_pdfx_put_string(HPDF_Doc pdf, HPDF_Dict d, const char *key,
                               const char *ascii)
{
    return bm_pdfx_put(d, key, HPDF_String_New(pdf->mmgr, ascii, NULL));
}
