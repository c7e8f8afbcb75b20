/* STUB (to be replaced): identity normalization. */
#include "stages.h"

zg_status zg_normalize(zg_document *doc, zg_error *err)
{
    (void)err;
    doc->norm = doc->text;
    doc->norm_len = doc->text_len;
    doc->norm_map = zg_arena_alloc(&doc->arena, (doc->norm_len + 1) * sizeof *doc->norm_map);
    if (!doc->norm_map) return ZG_ERR_NOMEM;
    for (size_t i = 0; i <= doc->norm_len; i++) doc->norm_map[i] = i;
    doc->script = "simplified";
    return ZG_OK;
}
