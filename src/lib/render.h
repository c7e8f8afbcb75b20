/*
 * Renderers (internal). The record has one description (render_record.c, key order of
 * docs/record.md) with two back ends: the cJSON tree (render_tree.c), which the pretty JSON and
 * XML printers walk, and the direct JSONL writer (render_jsonl.h, called inline), so every format
 * carries the same content. CSV and the outline read the document model directly.
 */
#ifndef ZG_RENDER_H
#define ZG_RENDER_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "model.h"
#include "util.h"

/**
 * Receiver of a record description: the record value by value, in output order (docs/record.md).
 * `key` is the member name inside an object (a static ASCII literal that needs no escaping,
 * `key_len` bytes), NULL inside an array and for the root. Two back ends: the cJSON tree
 * (render_tree.c; pretty JSON and XML print it); the JSONL writer (render_jsonl.h) takes the same
 * calls without this indirection (zg_record_describe_jsonl).
 * A back end sets `failed` when it runs out of memory; the description then stops early.
 */
typedef struct zg_record_sink zg_record_sink;
struct zg_record_sink {
    /** `{` (array false) or `[` (array true) */
    void (*open)(zg_record_sink *s, const char *key, size_t key_len, bool array);
    /** the matching `}` or `]` */
    void (*close)(zg_record_sink *s, bool array);
    /** a NUL-terminated string that outlives the output (a tree references it) */
    void (*str)(zg_record_sink *s, const char *key, size_t key_len, const char *v);
    /** the bytes v[0..n), no NUL among them (a tree keeps a copy) */
    void (*str_n)(zg_record_sink *s, const char *key, size_t key_len, const char *v, size_t n);
    /** an integer (a tree stores it as the double (double)v) */
    void (*integer)(zg_record_sink *s, const char *key, size_t key_len, long long v);
    void (*number)(zg_record_sink *s, const char *key, size_t key_len, double v);
    void (*boolean)(zg_record_sink *s, const char *key, size_t key_len, bool v);
    void (*null)(zg_record_sink *s, const char *key, size_t key_len);
    /** the array [start, end] of two integers */
    void (*span)(zg_record_sink *s, const char *key, size_t key_len, size_t start, size_t end);
    bool failed;
};

/**
 * Describe the record of `doc` to `sink` (render_record.c: the one description of the record).
 * ZG_ERR_LIMIT when the outline nests too deep (a null stands in for the deep nodes), else ZG_OK;
 * the sink reports its own failures.
 */
zg_status zg_record_describe(const zg_document *doc, zg_record_sink *sink);

/** zg_date_iso (dates.c) without snprintf: the same text for every date (test_render_jsonl). */
void zg_render_date_iso(const zg_date *d, char buf[11]);

/** Describe the error record (see zg_record_build_error) to `sink`. */
void zg_record_describe_error(const char *path, const zg_error *error, zg_record_sink *sink);

/**
 * The record of `doc` as one line of compact JSON with a final "\n", written directly from the
 * description (no tree); byte for byte what zg_json_print(tree, false, …) prints for the tree of
 * zg_record_build. `text` (may be NULL) is appended as the last member "text".
 */
zg_status zg_record_jsonl(const zg_document *doc, const char *text, size_t text_len, char **out,
                          size_t *len);

/**
 * Append s[0..n) as a JSON string (quotes included) the way the JSON printers escape it: \" \\
 * \b \f \n \r \t, other C0 controls (NUL too) as \u00XX, invalid UTF-8 bytes as U+FFFD.
 * Leaves b->failed set on allocation failure.
 */
void zg_json_put_string(zg_buf *b, const char *s, size_t n);

/** Strings up to this length are escaped in one go into room for their worst case. */
#define ZG_JSON_RAW_MAX 4096
/** The room zg_json_escape_raw needs for n bytes: six bytes for each (a control as \u00XX), the
 * quotes, and 16 bytes past the end for its block stores. */
#define ZG_JSON_RAW_ROOM(n) (6 * (size_t)(n) + 2 + 16)

/**
 * zg_json_put_string (render_escape.c) written at d, which has ZG_JSON_RAW_ROOM(n) bytes of room
 * (n <= ZG_JSON_RAW_MAX); returns the end of the quoted string. Bytes after it may be scratch.
 */
char *zg_json_escape_raw(char *d, const char *s, size_t n);

/** Slow path of zg_json_reserve: grow b geometrically; false (b->failed) when out of memory. */
bool zg_json_grow(zg_buf *b, size_t n);

/** Room for n more bytes plus a NUL terminator in b; false when out of memory. */
static inline bool zg_json_reserve(zg_buf *b, size_t n)
{
    return b->len + n < b->cap || zg_json_grow(b, n);
}

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
