/* STUB (to be replaced): renderer dispatch. */
#include <string.h>
#include "stages.h"

zg_status zg_format_from_name(const char *name, zg_format *out)
{
    if (name && strcmp(name, "json") == 0) { *out = ZG_FORMAT_JSON; return ZG_OK; }
    return ZG_ERR_ARG;
}

zg_status zg_render(const zg_document *doc, zg_format format, unsigned flags, char **out, size_t *len)
{
    (void)doc; (void)format; (void)flags; *out = NULL; *len = 0;
    return ZG_ERR_INTERNAL;
}

zg_status zg_render_error(const char *path, const zg_error *error, zg_format format, char **out, size_t *len)
{
    (void)path; (void)error; (void)format; *out = NULL; *len = 0;
    return ZG_ERR_INTERNAL;
}

const char *zg_csv_header(zg_format format) { (void)format; return NULL; }
