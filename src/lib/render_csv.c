/* STUB: CSV tables (in progress). */
#include "render.h"
zg_status zg_render_csv(const zg_document *doc, zg_format format, char **out, size_t *len)
{
    (void)doc; (void)format; *out = NULL; *len = 0;
    return ZG_ERR_INTERNAL;
}
const char *zg_csv_header(zg_format format) { (void)format; return NULL; }
