/* STUB: outline (in progress). */
#include "render.h"
zg_status zg_render_outline(const zg_document *doc, char **out, size_t *len)
{
    (void)doc; *out = NULL; *len = 0;
    return ZG_ERR_INTERNAL;
}
