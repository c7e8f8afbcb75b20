/* `zhenggai extract` and `zhenggai outline`: load rules once, run the batch, settle the exit code. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "exit_codes.h"
#include "sink.h"
#include "sources.h"

static int load_rules(const char *dir, zg_rules **rules)
{
    zg_error err;
    memset(&err, 0, sizeof err);
    zg_status st = zg_rules_load_dir(dir, rules, &err);
    if (st == ZG_OK) return -1;
    const char *file = err.file[0] ? err.file : dir;
    if (err.line > 0) cli_error("%s:%d:%d: %s", file, err.line, err.column, err.message);
    else cli_error("%s: %s", file, err.message[0] ? err.message : zg_status_message(st));
    return st == ZG_ERR_NOMEM ? ZG_EXIT_INTERNAL : ZG_EXIT_RULES;
}

static bool is_csv(zg_format f)
{
    return f == ZG_FORMAT_CSV_DOCUMENTS || f == ZG_FORMAT_CSV_ISSUES || f == ZG_FORMAT_CSV_MEASURES ||
           f == ZG_FORMAT_CSV_FACTS;
}

/* A job source that counts the jobs it hands out (to tell whether --fail-fast left any untried). */
typedef struct counted_source {
    batch_next_fn next;
    void *ctx;
    size_t produced;
} counted_source;

static int counted_next(void *p, cli_job *job)
{
    counted_source *c = p;
    int rc = c->next(c->ctx, job);
    if (rc > 0) c->produced++;
    return rc;
}

int cli_run_extract(cli_options *opt)
{
    zg_rules *rules = NULL;
    int rc = load_rules(opt->rules_dir, &rules);
    if (rc >= 0) return rc;

    batch_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.rules = rules;
    cfg.limits.max_input_bytes = opt->max_input_bytes;
    cfg.jobs = opt->jobs;
    cfg.format = opt->format;
    cfg.render_flags = opt->with_text ? ZG_RENDER_WITH_TEXT : 0;
    /* error records only where a stream of records can carry them */
    cfg.render_errors = !opt->output_is_dir && !is_csv(opt->format) && opt->format != ZG_FORMAT_OUTLINE;
    cfg.encoding = opt->encoding;
    cfg.input_format = opt->input_format;
    cfg.stop_fd = -1;
    size_t max_bytes = opt->max_input_bytes ? opt->max_input_bytes : (size_t)64 << 20;

    walk_filter filter = { opt->includes, opt->n_includes, opt->excludes, opt->n_excludes };
    walk_source ws;
    jsonl_source js;
    memset(&ws, 0, sizeof ws);
    memset(&js, 0, sizeof js);
    batch_next_fn next;
    void *next_ctx;
    bool show_progress = !opt->quiet && isatty(STDERR_FILENO);
    size_t total = 0, total_bytes = 0;
    /* filter mode: a batch stopped early (--fail-fast, an output error) must not wait for the
     * writer of stdin to go on; the batch writes into this pipe when it stops */
    int stop_pipe[2] = { -1, -1 };
    js.stop_fd = -1;
    if (opt->filter_jsonl && pipe(stop_pipe) == 0) {
        for (int i = 0; i < 2; i++) fcntl(stop_pipe[i], F_SETFD, FD_CLOEXEC);
        fcntl(stop_pipe[1], F_SETFL, O_NONBLOCK);
        cfg.stop_fd = stop_pipe[1];
        js.stop_fd = stop_pipe[0];
    }
    if (opt->filter_jsonl) {
        js.in = stdin;
        js.max_bytes = max_bytes;
        next = jsonl_source_next;
        next_ctx = &js;
    } else {
        ws.walker = walker_create(opt->inputs, opt->n_inputs, &filter);
        ws.opt = opt;
        ws.format = opt->format;
        ws.out_file = -1; /* looked up at the first entry */
        ws.max_bytes = max_bytes;
        if (!ws.walker) {
            cli_error("out of memory");
            zg_rules_free(rules);
            return ZG_EXIT_INTERNAL;
        }
        next = walk_source_next;
        next_ctx = &ws;
        if (show_progress) walk_source_count(opt, opt->format, &total, &total_bytes);
    }

    sink s;
    int exit_code = ZG_EXIT_OK;
    if (!sink_open(&s, opt, opt->format)) {
        exit_code = ZG_EXIT_OUTPUT;
    } else {
        progress_start(&s.prog, show_progress, total, total_bytes);
        char why[256] = "";
        counted_source counted = { next, next_ctx, 0 };
        int brc = batch_run(&cfg, counted_next, &counted, sink_emit, &s, why, sizeof why);
        if (brc < 0) {
            progress_clear(&s.prog);
            cli_error("%s", why);
            exit_code = ZG_EXIT_INTERNAL;
        } else if (brc > 0 && !s.output_failed && !(opt->fail_fast && s.failed)) {
            /* stopped, but not by the sink: the job source ran out of memory */
            progress_clear(&s.prog);
            cli_error("out of memory while reading the inputs");
            exit_code = ZG_EXIT_INTERNAL;
        }
        if (js.read_error) {
            progress_clear(&s.prog);
            cli_error("<stdin>: read failed");
            if (exit_code == ZG_EXIT_OK) exit_code = ZG_EXIT_INTERNAL;
        }
        s.skipped = ws.skipped;
        bool closed = sink_close(&s, exit_code == ZG_EXIT_OK);
        if (!closed || s.output_failed) exit_code = ZG_EXIT_OUTPUT;
        /* a warning, which -q does not silence (it silences only the progress bar and the
         * summary), and before the summary as every other message */
        if (exit_code == ZG_EXIT_OK && s.files == 0 && s.skipped == 0 && !opt->filter_jsonl)
            cli_warning("no input files found");
        sink_summary(&s);
        /* not all failed: an input skipped by --resume was converted by an earlier run, and one
         * that --fail-fast left untried (in the window, or not yet taken from the source) did
         * not fail */
        if (exit_code == ZG_EXIT_OK && s.failed) {
            bool untried = opt->fail_fast && !s.ok && !s.skipped &&
                           (counted.produced > s.results ||
                            (opt->filter_jsonl ? jsonl_source_more(&js) : walk_source_more(&ws)));
            exit_code = s.ok || s.skipped || untried ? ZG_EXIT_SOME_FAILED : ZG_EXIT_ALL_FAILED;
        }
    }
    walk_source_free(&ws);
    for (int i = 0; i < 2; i++)
        if (stop_pipe[i] >= 0) close(stop_pipe[i]);
    free(js.line);
    free(js.block);
    zg_rules_free(rules);
    return exit_code;
}
