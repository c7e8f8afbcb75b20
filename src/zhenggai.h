/*
 * zhenggai — turn Chinese rectification notices (整改进展情况通报) into structured records.
 *
 * Public API. Everything the command-line tool uses is declared here; nothing else is public.
 *
 * Ownership, once for the whole API:
 *   - Every handle (zg_rules, zg_scanner, zg_document) is created by a zg_*_create/load/extract
 *     call and released by the matching zg_*_free call. Passing NULL to any *_free is a no-op.
 *   - A zg_rules set is immutable once loaded and may be shared read-only by any number of threads.
 *     A zg_scanner belongs to one thread at a time. A zg_document owns all its data in one arena;
 *     strings returned by document accessors live until zg_document_free.
 *   - Strings returned through `char **out` parameters (renderers) are heap memory that the caller
 *     releases with zg_string_free.
 *   - The library never prints, never exits and never aborts: every failure is a zg_status, and
 *     details go into a caller-provided zg_error.
 */
#ifndef ZHENGGAI_H
#define ZHENGGAI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Library version string, e.g. "0.1.0". */
#define ZG_VERSION "0.1.0"
/** Version of the record layout (the `schema` field of every record). */
#define ZG_SCHEMA_VERSION "zhenggai/1"

/** Outcome of every library call. zg_status_message() gives its text. */
typedef enum zg_status {
    ZG_OK = 0,             /**< success */
    ZG_ERR_NOMEM,          /**< an allocation failed */
    ZG_ERR_IO,             /**< a file could not be read or written */
    ZG_ERR_ARG,            /**< an argument is invalid (NULL handle, unknown format name, …) */
    ZG_ERR_RULES,          /**< a rule file is malformed (zg_error says file:line:col) */
    ZG_ERR_ENCODING,       /**< the input's encoding is unknown or cannot be converted */
    ZG_ERR_BINARY,         /**< the input is not text */
    ZG_ERR_EMPTY,          /**< the input holds no text */
    ZG_ERR_TOO_LARGE,      /**< the input exceeds the configured size limit */
    ZG_ERR_LIMIT,          /**< a structural limit was hit (nesting depth, node count, …) */
    ZG_ERR_PARSE,          /**< the input could not be parsed (e.g. HTML) */
    ZG_ERR_INTERNAL,       /**< a library bug or an unexpected failure of a dependency */
    ZG_STATUS_COUNT_       /**< number of statuses (not a status) */
} zg_status;

/** Static, human-readable English text for a status (never NULL). */
const char *zg_status_message(zg_status status);
/** Short stable identifier for a status, e.g. "binary" for ZG_ERR_BINARY (never NULL). */
const char *zg_status_name(zg_status status);

/** Details of a failure: where and what. Filled by calls that take a zg_error *. */
typedef struct zg_error {
    zg_status status;      /**< same as the call's return value */
    char file[256];        /**< file the error is about, or "" */
    int line;              /**< 1-based line in that file, or 0 */
    int column;            /**< 1-based column (characters), or 0 */
    char message[512];     /**< what is wrong, without file/line prefix */
} zg_error;

/* ------------------------------------------------------------------ rules */

/** An immutable, compiled set of extraction rules (PCRE2, JIT-compiled once). */
typedef struct zg_rules zg_rules;

/**
 * Load and compile every `*.rules` file in directory `dir` (sorted by name).
 * On a malformed rule returns ZG_ERR_RULES and fills `err` with file, line and column.
 */
zg_status zg_rules_load_dir(const char *dir, zg_rules **out, zg_error *err);

/** Load and compile one rule file; see zg_rules_load_dir. */
zg_status zg_rules_load_file(const char *path, zg_rules **out, zg_error *err);

/** Number of rules in the set. */
size_t zg_rules_count(const zg_rules *rules);

/** Release a rule set. NULL is a no-op. */
void zg_rules_free(zg_rules *rules);

/** Directory the rules were installed to at build time (used when none is given). */
const char *zg_rules_default_dir(void);

/* ---------------------------------------------------------------- scanner */

/** Per-thread state for applying a zg_rules set (PCRE2 match data, JIT stack, limits). */
typedef struct zg_scanner zg_scanner;

/** Limits applied to every document a scanner processes. Zero fields take the defaults. */
typedef struct zg_limits {
    size_t max_input_bytes;    /**< default 64 MiB */
    uint32_t match_limit;      /**< PCRE2 match limit per rule application, default 1,000,000 */
    uint32_t depth_limit;      /**< PCRE2 depth limit, default 10,000 */
    size_t heap_limit_kib;     /**< PCRE2 heap limit in KiB, default 20,000 */
    size_t max_nodes;          /**< outline nodes per document, default 20,000 */
    int max_html_depth;        /**< HTML element nesting depth, default 256 */
} zg_limits;

/** Create a scanner for `rules` (which must outlive it). `limits` may be NULL for defaults. */
zg_status zg_scanner_create(const zg_rules *rules, const zg_limits *limits, zg_scanner **out);

/** Release a scanner. NULL is a no-op. */
void zg_scanner_free(zg_scanner *scanner);

/* --------------------------------------------------------------- extract */

/** How the input is to be read. Zero-initialise, then set what you need. */
typedef struct zg_input_options {
    const char *path;          /**< shown in the record's source.path and in errors; may be NULL */
    const char *encoding;      /**< force this encoding (ICU converter name); NULL = detect */
    const char *format;        /**< "text", "html" or "markdown"; NULL = from extension/content */
} zg_input_options;

/** One processed notice: its text, heading tree and extracted record. */
typedef struct zg_document zg_document;

/**
 * Run the whole pipeline (load → normalize → segment → extract) over `bytes`.
 * On success `*out` holds a document the caller frees with zg_document_free.
 */
zg_status zg_extract(zg_scanner *scanner, const unsigned char *bytes, size_t len,
                     const zg_input_options *opts, zg_document **out, zg_error *err);

/** Read the file at `path` and run zg_extract on it. `opts` may be NULL. */
zg_status zg_extract_file(zg_scanner *scanner, const char *path,
                          const zg_input_options *opts, zg_document **out, zg_error *err);

/**
 * zg_extract_file for a path known to name a regular file (readdir's d_type DT_REG), read into a
 * buffer the caller keeps from file to file: `*buf` (`*cap` bytes; NULL and 0 at first) is grown
 * as needed and stays the caller's, to free() when done. No fstat and no allocation per file
 * (the file is read until read(2) gives 0). Results and errors as zg_extract_file's.
 */
zg_status zg_extract_regular_file(zg_scanner *scanner, const char *path,
                                  const zg_input_options *opts, unsigned char **buf, size_t *cap,
                                  zg_document **out, zg_error *err);

/**
 * Check an encoding name as zg_input_options.encoding takes it ("gbk", "Big5", "UTF-16LE", any
 * ICU converter name or alias). On success *canonical (may be NULL) gets the name the input will
 * be decoded as, a static string; an unknown name gives ZG_ERR_ENCODING.
 */
zg_status zg_encoding_from_name(const char *name, const char **canonical);

/**
 * Read the file at `path` (with the scanner's input size limit, as zg_extract_file does) and
 * write the hex SHA-256 of its bytes to `out`: the value zg_document_sha256 gives for that file,
 * without extracting it (for skipping known inputs, e.g. resuming a batch with deduplication).
 */
zg_status zg_file_sha256(zg_scanner *scanner, const char *path, char out[65], zg_error *err);

/** Release a document. NULL is a no-op. */
void zg_document_free(zg_document *doc);

/** Number of issues (inspected problems) found in the document. */
size_t zg_document_issue_count(const zg_document *doc);
/** Number of diagnostics the document carries. */
size_t zg_document_diagnostic_count(const zg_document *doc);
/** Hex SHA-256 of the input bytes (64 characters). */
const char *zg_document_sha256(const zg_document *doc);
/** Size in bytes of the input the document was extracted from. */
size_t zg_document_source_bytes(const zg_document *doc);

/* ---------------------------------------------------------------- render */

/** Output formats. */
typedef enum zg_format {
    ZG_FORMAT_JSON = 0,    /**< one pretty-printed JSON object */
    ZG_FORMAT_JSONL,       /**< one JSON object on one line, ending in "\n" */
    ZG_FORMAT_XML,         /**< one XML document */
    ZG_FORMAT_OUTLINE,     /**< indented heading tree for a person */
    ZG_FORMAT_CSV_DOCUMENTS, /**< CSV rows, one per document (no header; see zg_csv_header) */
    ZG_FORMAT_CSV_ISSUES,  /**< CSV rows, one per issue */
    ZG_FORMAT_CSV_MEASURES,/**< CSV rows, one per measure */
    ZG_FORMAT_CSV_FACTS,   /**< CSV rows, one per quantified fact */
    ZG_FORMAT_COUNT_
} zg_format;

/** Rendering switches. */
enum zg_render_flags {
    ZG_RENDER_WITH_TEXT = 1u << 0  /**< include the document's decoded UTF-8 text (`text`) */
};

/** Parse a format name ("json", "jsonl", "xml", "outline", "csv-issues", …). */
zg_status zg_format_from_name(const char *name, zg_format *out);

/**
 * Render `doc` in `format`. `*out` receives a NUL-terminated heap string of `*len` bytes
 * that the caller releases with zg_string_free.
 */
zg_status zg_render(const zg_document *doc, zg_format format, unsigned flags,
                    char **out, size_t *len);

/**
 * Render an error record for an input that failed: {"source": {"path": …}, "error": {…}}
 * in JSON/JSONL, or the equivalent XML. Same ownership as zg_render.
 */
zg_status zg_render_error(const char *path, const zg_error *error, zg_format format,
                          char **out, size_t *len);

/** The CSV header line (with "\r\n") for a CSV format; static string, NULL for other formats. */
const char *zg_csv_header(zg_format format);

/** Release a string returned by a renderer. NULL is a no-op. */
void zg_string_free(char *s);

#ifdef __cplusplus
}
#endif

#endif /* ZHENGGAI_H */
