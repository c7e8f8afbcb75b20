/* STUB (to be replaced): load UTF-8 text as is. */
#include <string.h>
#include "stages.h"
#include "util.h"

zg_status zg_load(zg_document *doc, const unsigned char *bytes, size_t len,
                  const zg_input_options *opts, const zg_limits *limits, zg_error *err)
{
    (void)limits; (void)err;
    doc->path = opts->path ? zg_arena_strdup(&doc->arena, opts->path) : NULL;
    doc->src_bytes = len;
    zg_sha256_hex(bytes, len, doc->sha256);
    doc->encoding = "UTF-8";
    doc->encoding_source = "default";
    doc->format = "text";
    doc->text = zg_arena_strndup(&doc->arena, (const char *)bytes, len);
    if (!doc->text) return ZG_ERR_NOMEM;
    doc->text_len = len;
    return ZG_OK;
}
