/*
 * band.c - a page painted a band of rows at a time and handed row by row
 * to an encoder (the cover's JPEG): a band's pixels in memory instead of the
 * page's, and, with a second processor, the next band painted while the
 * encoder compresses this one.
 */
#include "raster_private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * Bands painted ahead on a second thread (bm_raster_banded with `ahead`):
 * the painter paints band k while the encoder compresses band k - 1,
 * at most AHEAD bands apart; it is the rasterizer's only user meanwhile,
 * and the bands are painted by the same calls in the same order as in
 * line, so the pixels and the encoded bytes are the same.
 */
#define AHEAD 2

typedef struct painter {
    pthread_t        th;
    pthread_mutex_t  mu;
    pthread_cond_t   cv;
    cairo_surface_t *slot[AHEAD];   /* band k in slot[k % AHEAD] */
    int              painted;       /* bands painted (or failed) */
    int              freed;         /* bands the writer is done with */
    int              stop;          /* the writer wants no more */
    bm_status        st;            /* the failed band's */
    bm_error         err;
} painter;

/* The band being handed to the encoder row by row. */
typedef struct bander {
    bm_rasterizer   *r;
    size_t           page;
    double           dpi;
    int              rows, h;     /* band height, page height */
    int              y0;          /* the band's first row */
    cairo_surface_t *band;
    painter         *ahead;       /* NULL: each band painted here */
} bander;

static void *paint_ahead(void *arg)
{
    bander *b = arg;
    painter *pa = b->ahead;
    int nb = (b->h + b->rows - 1) / b->rows;
    for (int k = 0; k < nb; k++) {
        pthread_mutex_lock(&pa->mu);
        while (!pa->stop && k - pa->freed >= AHEAD)
            pthread_cond_wait(&pa->cv, &pa->mu);
        int stop = pa->stop;
        pthread_mutex_unlock(&pa->mu);
        if (stop)
            break;
        int y0 = k * b->rows;
        int n = b->h - y0 < b->rows ? b->h - y0 : b->rows;
        cairo_surface_t *s = NULL;
        bm_error err;
        bm_error_init(&err);
        bm_status st = bm_raster_paint_band(b->r, b->page, b->dpi, y0, n, &s,
                                            &err);
        pthread_mutex_lock(&pa->mu);
        pa->slot[k % AHEAD] = s;
        if (st != BM_OK) {
            pa->st = st;
            pa->err = err;
        }
        pa->painted = k + 1;
        pthread_cond_broadcast(&pa->cv);
        pthread_mutex_unlock(&pa->mu);
        if (st != BM_OK)
            break;
    }
    return NULL;
}

/* Band k from the painter: waits for it, frees the one before. */
static bm_status take_band(bander *b, int k, bm_error *err)
{
    painter *pa = b->ahead;
    if (b->band)
        cairo_surface_destroy(b->band);
    b->band = NULL;
    pthread_mutex_lock(&pa->mu);
    pa->freed = k;
    pthread_cond_broadcast(&pa->cv);
    while (pa->painted <= k && pa->st == BM_OK)
        pthread_cond_wait(&pa->cv, &pa->mu);
    bm_status st = pa->st;
    if (st != BM_OK)
        *err = pa->err;
    else {
        b->band = pa->slot[k % AHEAD];
        pa->slot[k % AHEAD] = NULL;
    }
    pthread_mutex_unlock(&pa->mu);
    return st;
}

static bm_status band_row(void *ctx, int y, unsigned char *rgb, bm_error *err)
{
    bander *b = ctx;
    if (b->ahead && (!b->band || y >= b->y0 + b->rows)) {
        b->y0 = y;
        bm_status st = take_band(b, y / b->rows, err);
        if (st != BM_OK)
            return st;
    } else if (!b->band || y >= b->y0 + b->rows) {
        if (b->band)
            cairo_surface_destroy(b->band);
        b->band = NULL;
        b->y0 = y;
        int n = b->h - y < b->rows ? b->h - y : b->rows;
        bm_status st = bm_raster_paint_band(b->r, b->page, b->dpi, y, n,
                                            &b->band, err);
        if (st != BM_OK)
            return st;
    }
    const unsigned char *d = cairo_image_surface_get_data(b->band);
    size_t stride = (size_t)cairo_image_surface_get_stride(b->band);
    bm_raster_row_rgb(d + (size_t)(y - b->y0) * stride,
                      cairo_image_surface_get_width(b->band), rgb);
    return BM_OK;
}

bm_status bm_raster_banded(bm_rasterizer *r, size_t p, double dpi, int rows,
                           int w, int h, int ahead, bm_row_encoder enc,
                           unsigned char **data, size_t *len, bm_error *err)
{
    bander b = {r, p, dpi, rows, h, 0, NULL, NULL};
    painter pa;
    if (ahead && rows > 0 && h > rows) {
        memset(&pa, 0, sizeof pa);
        pthread_mutex_init(&pa.mu, NULL);
        pthread_cond_init(&pa.cv, NULL);
        b.ahead = &pa;
        if (pthread_create(&pa.th, NULL, paint_ahead, &b) != 0) {
            pthread_cond_destroy(&pa.cv);
            pthread_mutex_destroy(&pa.mu);
            b.ahead = NULL;
        }
    }
    bm_status st = enc(band_row, &b, w, h, dpi, data, len, err);
    if (b.ahead) {
        pthread_mutex_lock(&pa.mu);
        pa.stop = 1;
        pthread_cond_broadcast(&pa.cv);
        pthread_mutex_unlock(&pa.mu);
        pthread_join(pa.th, NULL);
        for (int k = 0; k < AHEAD; k++)
            if (pa.slot[k])
                cairo_surface_destroy(pa.slot[k]);
        pthread_cond_destroy(&pa.cv);
        pthread_mutex_destroy(&pa.mu);
    }
    if (b.band)
        cairo_surface_destroy(b.band);
    return st;
}
