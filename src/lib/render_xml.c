/* STUB: XML printer (in progress). */
#include "render.h"
zg_status zg_xml_print(const cJSON *root, const char *text, size_t text_len, char **out, size_t *len)
{
    (void)root; (void)text; (void)text_len; *out = NULL; *len = 0;
    return ZG_ERR_INTERNAL;
}
