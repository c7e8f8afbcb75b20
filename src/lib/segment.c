/* STUB (to be replaced). */
#include "stages.h"

zg_status zg_segment(zg_document *doc, zg_scanner *sc, zg_error *err)
{
    (void)sc; (void)err;
    doc->root.span.end = doc->text_len;
    return ZG_OK;
}

int zg_segment_list(zg_document *doc, zg_scanner *sc, size_t from, size_t to, zg_list_item **items)
{
    (void)doc; (void)sc; (void)from; (void)to;
    *items = NULL;
    return 0;
}

size_t zg_segment_title_end(const zg_document *doc, size_t title_start, size_t limit)
{
    (void)doc; (void)title_start;
    return limit;
}
