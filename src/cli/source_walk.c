/* The walk job source: files and directories from the command line, and "-" (stdin). */
#include "sources.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink.h"

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

zg_status read_stream(FILE *in, size_t max, unsigned char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    size_t cap = 0, n = 0;
    unsigned char *buf = NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            unsigned char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return ZG_ERR_NOMEM;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, in);
        n += got;
        if (n > max) {
            free(buf);
            return ZG_ERR_TOO_LARGE;
        }
        if (got == 0) break;
    }
    if (ferror(in)) {
        free(buf);
        return ZG_ERR_IO;
    }
    *data = buf;
    *len = n;
    return ZG_OK;
}

static void set_pre_error(cli_job *job, zg_status st, const char *message)
{
    job->pre_error.status = st;
    snprintf(job->pre_error.file, sizeof job->pre_error.file, "%s", job->path ? job->path : "");
    snprintf(job->pre_error.message, sizeof job->pre_error.message, "%s", message);
}

enum { TAKE, SKIP, COLLIDES, NO_MEMORY };

/*
 * Whether a walked entry is the -o FILE output of an earlier run, reached by a link in the tree
 * (options.c refuses an output the walk takes by its own name; a link is only met walking). It
 * would be read as a notice and then replaced by the output: that input fails instead. One stat
 * per entry, and only when the output file exists.
 */
static bool output_file_clash(walk_source *src, const walk_entry *e, char *why, size_t why_len)
{
    const char *out = src->opt->output;
    if (!out || src->opt->filter_jsonl) return false;
    struct stat st;
    if (src->out_file < 0) {
        src->out_file = stat(out, &st) == 0 && S_ISREG(st.st_mode);
        src->out_dev = st.st_dev;
        src->out_ino = st.st_ino;
    }
    if (!src->out_file || stat(e->path, &st) != 0) return false;
    if (st.st_dev != src->out_dev || st.st_ino != src->out_ino) return false;
    snprintf(why, why_len, "this is the output file %s (by a link): not read, it is replaced by "
             "this run's output", out);
    return true;
}

/*
 * What becomes of an entry under -o DIR/: an output belongs to the first input (in input order)
 * that maps to it, whatever became of that input; a later one fails, and --resume does not take
 * the first one's output for its own (it would never be converted). Every output is claimed in
 * src->claimed, skipped ones too. An output that is itself an input of the run is not replaced
 * (inputs are only ever read): that input fails too. COLLIDES puts the reason in `why`.
 */
static int classify(walk_source *src, const walk_entry *e, char *why, size_t why_len)
{
    const cli_options *opt = src->opt;
    if (e->is_stdin || e->error[0]) return TAKE;
    if (!opt->output_is_dir) return output_file_clash(src, e, why, why_len) ? COLLIDES : TAKE;
    char *path = sink_dir_output_path(opt, src->format, e->rel);
    if (!path) return NO_MEMORY;
    const char *owner = NULL;
    int stored = strmap_insert(&src->claimed, path, e->path, &owner);
    int what = stored < 0 ? NO_MEMORY : TAKE;
    struct stat st;
    if (stored == 0) {
        snprintf(why, why_len, "output %s is that of an earlier input, %s", path, owner);
        what = COLLIDES;
    } else if (stored > 0 && lstat(path, &st) == 0) {
        int input = 0;
        if (S_ISREG(st.st_mode)) {
            if (!src->scope) {
                walk_filter filter = { opt->includes, opt->n_includes, opt->excludes, opt->n_excludes };
                src->scope = walk_scope_create(opt->inputs, opt->n_inputs, &filter);
            }
            input = src->scope ? walk_scope_takes(src->scope, path, &st) : -1;
        }
        if (input < 0) {
            what = NO_MEMORY;
        } else if (input) {
            snprintf(why, why_len, "output %s would replace an input of this run (inputs are only "
                     "ever read)", path);
            what = COLLIDES;
        } else if (opt->resume && (S_ISREG(st.st_mode) || stat(path, &st) == 0) && st.st_size > 0) {
            /* complete = exists (outputs are renamed into place whole) and not empty (what a
             * power loss can leave of a rename whose data never reached the disk) */
            what = SKIP;
        }
    }
    free(path);
    return what;
}

int walk_source_next(void *ctx, cli_job *job)
{
    walk_source *src = ctx;
    for (;;) {
        walk_entry e;
        int rc = walker_next(src->walker, &e);
        if (rc <= 0) return rc;
        char why[sizeof job->pre_error.message];
        int what = classify(src, &e, why, sizeof why);
        if (what == NO_MEMORY) {
            walk_entry_clear(&e);
            return -1;
        }
        bool digest_only = false;
        if (what == SKIP) {
            src->skipped++;
            /* with --dedupe a later copy of a skipped input must still count as a duplicate,
             * as it did in the run that wrote the output: its digest is taken, nothing else */
            if (!src->opt->dedupe) {
                walk_entry_clear(&e);
                continue;
            }
            digest_only = true;
        }
        memset(job, 0, sizeof *job);
        job->digest_only = digest_only;
        job->path = e.is_stdin ? dup_string("<stdin>") : e.path;
        job->unnamed = e.is_stdin;
        job->out_name = e.rel;
        job->size = e.size;
        job->size_deferred = e.size_deferred;
        job->regular = e.regular;
        if (e.is_stdin) free(e.path);
        e.path = e.rel = NULL;
        if (!job->path) return -1;
        if (e.error[0]) {
            set_pre_error(job, ZG_ERR_IO, e.error);
        } else if (what == COLLIDES) {
            set_pre_error(job, ZG_ERR_ARG, why);
        } else if (e.is_stdin) {
            job->in_memory = true;
            if (src->stdin_used) {
                set_pre_error(job, ZG_ERR_ARG, "standard input was already read");
            } else {
                src->stdin_used = true;
                zg_status st = read_stream(stdin, src->max_bytes, &job->bytes, &job->len);
                if (st == ZG_ERR_NOMEM) return -1;
                if (st == ZG_ERR_TOO_LARGE) set_pre_error(job, st, "input exceeds the size limit (--max-input-bytes)");
                else if (st != ZG_OK) set_pre_error(job, st, strerror(errno ? errno : EIO));
                job->size = job->len;
            }
        }
        return 1;
    }
}

void walk_source_count(const cli_options *opt, zg_format format, size_t *files, size_t *bytes)
{
    *files = *bytes = 0;
    walk_filter filter = { opt->includes, opt->n_includes, opt->excludes, opt->n_excludes };
    walk_source src;
    memset(&src, 0, sizeof src);
    src.opt = opt;
    src.format = format;
    src.walker = walker_create(opt->inputs, opt->n_inputs, &filter);
    if (!src.walker) return;
    walk_entry e;
    char why[512];
    while (walker_next(src.walker, &e) > 0) {
        if (classify(&src, &e, why, sizeof why) != SKIP) {
            (*files)++;
            struct stat st;
            if (e.size_deferred && stat(e.path, &st) == 0) e.size = (size_t)st.st_size;
            *bytes += e.size;
        }
        walk_entry_clear(&e);
    }
    walk_source_free(&src);
}

bool walk_source_more(walk_source *src)
{
    walk_entry e;
    int rc = walker_next(src->walker, &e);
    if (rc > 0) walk_entry_clear(&e);
    return rc != 0;   /* out of memory (-1): there may be more */
}

void walk_source_free(walk_source *src)
{
    walker_free(src->walker);
    src->walker = NULL;
    walk_scope_free(src->scope);
    src->scope = NULL;
    strmap_free(&src->claimed);
}
