/* Shared declarations of the command-line tool: options, jobs and results. */
#ifndef ZG_CLI_H
#define ZG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "zhenggai.h"

/** Parsed options of `extract` and `outline`. */
typedef struct cli_options {
    const char *command;          /* "extract" or "outline" */
    zg_format format;
    bool format_given;
    const char *output;           /* -o FILE|DIR, NULL = stdout */
    bool output_is_dir;           /* -o names an existing directory or ends in '/' */
    const char *rules_dir;        /* --rules, $ZHENGGAI_RULES or the built-in default */
    const char *encoding;         /* --encoding */
    const char *input_format;     /* --input-format text|html|markdown (NULL = detect) */
    bool filter_jsonl;            /* --input-format jsonl: JSON Lines records on stdin */
    bool with_text, quiet, fail_fast, resume, dedupe, csv_bom;
    int jobs;                     /* worker threads */
    size_t max_input_bytes;       /* 0 = library default */
    const char **includes;
    size_t n_includes;
    const char **excludes;
    size_t n_excludes;
    char **inputs;
    size_t n_inputs;
    bool several;                 /* more than one input or a directory among them */
} cli_options;

/** Print "zhenggai: error: " + message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Print "zhenggai: warning: " + message to stderr. */
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Parse the options of `extract`/`outline`; returns an exit code, or -1 to go on. */
int cli_parse_options(const char *command, int argc, char **argv, cli_options *opt);
/** Release what cli_parse_options allocated. */
void cli_options_free(cli_options *opt);
/** Help text of a subcommand (NULL = the general help) to `out`. */
void cli_print_help(FILE *out, const char *command);

/** Run `extract` or `outline` with parsed options; returns the exit code. */
int cli_run_extract(cli_options *opt);

/** One unit of work: a file to read, or bytes already in memory (stdin, a JSON Lines record). */
typedef struct cli_job {
    size_t seq;                   /* input order, 0-based */
    char *path;                   /* shown in records and messages */
    bool unnamed;                 /* standard input: `path` ("<stdin>") only names it in messages,
                                   * its record's source.path is null */
    char *out_name;               /* output name relative to -o DIR (without extension) */
    bool in_memory;               /* true: `bytes`/`len` hold the input; false: read `path` */
    unsigned char *bytes;
    size_t len;
    size_t size;                  /* input size in bytes, for throughput */
    bool size_deferred;           /* size not known yet: process() takes it from the read */
    bool regular;                 /* a regular file (the walk knows): read without an fstat */
    char *encoding;               /* per-record overrides from JSON Lines, or NULL */
    char *input_format;
    zg_error pre_error;           /* failed before extraction (status != ZG_OK) */
    bool digest_only;             /* skipped by --resume; only its content digest is taken, so
                                   * --dedupe still knows it (see sink_emit) */
} cli_job;

/** Release a job's memory (not the struct). */
void cli_job_clear(cli_job *job);

/** Outcome of one job, handed to the sink in input order. */
typedef struct cli_result {
    cli_job job;
    zg_status status;
    zg_error err;
    char *rendered;               /* record or error record (heap, zg_string_free), or NULL */
    size_t rendered_len;
    char sha256[65];              /* of the input bytes; "" when extraction failed */
    size_t issues;
} cli_result;

/** Release a result's memory (not the struct). */
void cli_result_clear(cli_result *res);

#endif
