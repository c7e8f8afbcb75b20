/*
 * Renderers (internal). The record is built once as a cJSON tree (render_record.c) in the key
 * order of docs/record.md; the JSON and XML printers walk that tree, so both formats carry the same
 * content. CSV and the outline read the document model directly.
 */
#ifndef ZG_RENDER_H
#define ZG_RENDER_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "model.h"

/**
 * The record of `doc` as a cJSON tree whose nodes live in `arena` (release the arena, never
 * cJSON_Delete the tree). Strings are references into the document: the tree must not outlive it.
 * The document text (ZG_RENDER_WITH_TEXT) is not part of the tree: the printers append it as the
 * last member, so texts with NUL bytes survive.
 */
zg_status zg_record_build(const zg_document *doc, zg_arena *arena, cJSON **out);

/**
 * The error record {"schema", "source": {"path"}, "error": {"code", "message", "line"?, "column"?}}
 * as a tree in `arena` (strings reference `path` and `error`).
 */
zg_status zg_record_build_error(const char *path, const zg_error *error, zg_arena *arena,
                                cJSON **out);

/**
 * Print a record tree as JSON: pretty (2-space indent, short objects on one line, final "\n") or
 * compact on one line with a final "\n" (JSONL). `text` (may be NULL) is appended as member "text".
 */
zg_status zg_json_print(const cJSON *root, bool pretty, const char *text, size_t text_len,
                        char **out, size_t *len);

/** Print a record tree as an XML document (layout: docs/record.md, schema/record.rng). */
zg_status zg_xml_print(const cJSON *root, const char *text, size_t text_len, char **out,
                       size_t *len);

/**
 * Length (1–4) of the valid UTF-8 sequence at s[0..n), n >= 1, or 0 when the byte there does not
 * start one (overlong forms and surrogates are invalid). Inline: the printers call it per character.
 */
static inline size_t zg_utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)) return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90)) return 0;
        return 4;
    }
    return 0;
}

/**
 * Format a JSON number: integers without a fraction, others shortest round-trip (buf >= 32).
 * Returns the length written (NUL-terminated).
 */
size_t zg_render_number(double v, char buf[32]);

/** CSV rows of `doc` for one of the ZG_FORMAT_CSV_* formats. */
zg_status zg_render_csv(const zg_document *doc, zg_format format, char **out, size_t *len);

/** The indented heading tree with a short summary header. */
zg_status zg_render_outline(const zg_document *doc, char **out, size_t *len);

#endif /* ZG_RENDER_H */
