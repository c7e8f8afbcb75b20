/* Renderer dispatch: format names, zg_render and the error record. */
#include <string.h>

#include "render.h"

static const struct {
    const char *name;
    zg_format format;
} format_names[] = {
    { "json", ZG_FORMAT_JSON },
    { "jsonl", ZG_FORMAT_JSONL },
    { "xml", ZG_FORMAT_XML },
    { "outline", ZG_FORMAT_OUTLINE },
    { "csv", ZG_FORMAT_CSV_ISSUES },
    { "csv-documents", ZG_FORMAT_CSV_DOCUMENTS },
    { "csv-issues", ZG_FORMAT_CSV_ISSUES },
    { "csv-measures", ZG_FORMAT_CSV_MEASURES },
    { "csv-facts", ZG_FORMAT_CSV_FACTS },
};

zg_status zg_format_from_name(const char *name, zg_format *out)
{
    if (!name || !out) return ZG_ERR_ARG;
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
        if (strcmp(name, format_names[i].name) == 0) {
            *out = format_names[i].format;
            return ZG_OK;
        }
    }
    return ZG_ERR_ARG;
}

/* JSON, JSONL or XML of a record tree */
static zg_status print_tree(const cJSON *tree, zg_format format, const char *text,
                            size_t text_len, char **out, size_t *len)
{
    if (format == ZG_FORMAT_XML) return zg_xml_print(tree, text, text_len, out, len);
    return zg_json_print(tree, format == ZG_FORMAT_JSON, text, text_len, out, len);
}

zg_status zg_render(const zg_document *doc, zg_format format, unsigned flags, char **out,
                    size_t *len)
{
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!doc || !out || !len || (unsigned)format >= ZG_FORMAT_COUNT_) return ZG_ERR_ARG;
    bool with_text = (flags & ZG_RENDER_WITH_TEXT) != 0;
    const char *text = with_text ? (doc->text ? doc->text : "") : NULL;
    size_t text_len = with_text ? doc->text_len : 0;
    switch (format) {
    case ZG_FORMAT_JSONL:
        /* written straight from the record description, no tree */
        return zg_record_jsonl(doc, text, text_len, out, len);
    case ZG_FORMAT_JSON:
    case ZG_FORMAT_XML: {
        /* the tree lives in a render-local arena: the document stays read-only */
        zg_arena arena;
        zg_arena_init(&arena);
        cJSON *tree = NULL;
        zg_status st = zg_record_build(doc, &arena, &tree);
        if (st == ZG_OK) st = print_tree(tree, format, text, text_len, out, len);
        zg_arena_release(&arena);
        return st;
    }
    case ZG_FORMAT_OUTLINE:
        return zg_render_outline(doc, out, len);
    default:
        return zg_render_csv(doc, format, out, len);
    }
}

zg_status zg_render_error(const char *path, const zg_error *error, zg_format format, char **out,
                          size_t *len)
{
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!error || !out || !len) return ZG_ERR_ARG;
    if (format != ZG_FORMAT_JSON && format != ZG_FORMAT_JSONL && format != ZG_FORMAT_XML)
        return ZG_ERR_ARG;
    zg_arena arena;
    zg_arena_init(&arena);
    cJSON *tree = NULL;
    zg_status st = zg_record_build_error(path, error, &arena, &tree);
    if (st == ZG_OK) st = print_tree(tree, format, NULL, 0, out, len);
    zg_arena_release(&arena);
    return st;
}
