/* STUB (to be replaced): progress statements. */
#include "stages.h"

zg_status zg_extract_progress(zg_document *doc, zg_scanner *sc, size_t from, size_t to, zg_progress *out)
{
    (void)doc; (void)sc; (void)from; (void)to;
    out->status = ZG_ST_UNKNOWN;
    return ZG_OK;
}
