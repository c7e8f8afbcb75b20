/*
 * The batch engine.
 *
 * The calling thread produces jobs; `jobs` workers (one zg_scanner each, sharing the immutable
 * rule set) extract and render them; results go into a reorder window and are handed to the sink
 * strictly in input order, whatever the number of workers. The producer may run at most WINDOW
 * jobs ahead of the last emitted one, so queued jobs, jobs in progress and finished results
 * waiting for a slow predecessor are bounded together: memory stays flat on any corpus size.
 *
 * Whichever thread completes the next result in order becomes the flusher and emits every
 * consecutive ready result outside the lock; the others keep extracting meanwhile. A producer
 * blocked on a full window is woken once half the window has drained, not per result.
 *
 * With one worker there is nothing to overlap: the calling thread extracts and emits each job
 * itself (same order, same results, a window of one), without threads or hand-offs.
 */
#include "batch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct engine {
    const batch_config *cfg;
    batch_emit_fn emit;
    void *emit_ctx;

    pthread_mutex_t mu;
    pthread_cond_t can_produce;   /* the window moved, or stop */
    pthread_cond_t can_work;      /* a job was queued, production ended, or stop */

    size_t window;
    cli_job *queue;               /* ring of `window` jobs */
    size_t q_head, q_count;
    cli_result *slots;            /* reorder window, indexed by seq % window */
    bool *ready;
    size_t next_seq, next_out;
    bool producing_done, stop, flushing;
    bool producer_waiting;        /* the producer sleeps on can_produce (window full) */
} engine;

void cli_job_clear(cli_job *job)
{
    free(job->path);
    free(job->out_name);
    free(job->bytes);
    free(job->encoding);
    free(job->input_format);
    memset(job, 0, sizeof *job);
}

void cli_result_clear(cli_result *res)
{
    cli_job_clear(&res->job);
    zg_string_free(res->rendered);
    memset(res, 0, sizeof *res);
}

/* A worker's input buffer, kept from file to file (files listed by a directory walk are read
 * into it: no allocation and no fstat per file); one that grew past KEPT_READ_MAX for a large
 * input is let go after it, so memory stays flat. */
typedef struct read_buf {
    unsigned char *data;
    size_t cap;
} read_buf;

enum { KEPT_READ_MAX = 1 << 20 };

static void read_buf_free(read_buf *rb)
{
    free(rb->data);
    rb->data = NULL;
    rb->cap = 0;
}

static void process(const batch_config *cfg, zg_scanner *sc, read_buf *rb, cli_job *job,
                    cli_result *res)
{
    memset(res, 0, sizeof *res);
    res->job = *job;
    memset(job, 0, sizeof *job);
    cli_job *j = &res->job;

    zg_input_options io;
    memset(&io, 0, sizeof io);
    io.path = j->unnamed ? NULL : j->path;
    io.encoding = j->encoding ? j->encoding : cfg->encoding;
    io.format = j->input_format ? j->input_format : cfg->input_format;

    zg_document *doc = NULL;
    if (j->digest_only) {
        res->status = zg_file_sha256(sc, j->path, res->sha256, &res->err);
        return;
    }
    if (j->pre_error.status != ZG_OK) {
        res->err = j->pre_error;
        res->status = res->err.status;
    } else if (j->in_memory) {
        static const unsigned char nothing[1];
        res->status = zg_extract(sc, j->bytes ? j->bytes : nothing, j->len, &io, &doc, &res->err);
    } else if (j->regular) {
        /* a regular file by readdir's d_type or the walk's stat */
        res->status = zg_extract_regular_file(sc, j->path, &io, &rb->data, &rb->cap, &doc, &res->err);
        if (rb->cap > KEPT_READ_MAX) read_buf_free(rb);
    } else {
        res->status = zg_extract_file(sc, j->path, &io, &doc, &res->err);
    }
    /* the input bytes are not needed any more: keep the window light */
    free(j->bytes);
    j->bytes = NULL;

    if (j->size_deferred) {
        /* a file the walk did not stat: its size is what was read, or (it could not be read or
         * extracted) what stat says, as the walk's stat would have */
        struct stat st;
        if (doc) j->size = zg_document_source_bytes(doc);
        else if (stat(j->path, &st) == 0) j->size = (size_t)st.st_size;
        j->size_deferred = false;
    }
    if (res->status == ZG_OK) {
        res->issues = zg_document_issue_count(doc);
        const char *digest = zg_document_sha256(doc);
        size_t n = strnlen(digest, sizeof res->sha256 - 1);
        memcpy(res->sha256, digest, n);
        res->sha256[n] = '\0';
        zg_status st = zg_render(doc, cfg->format, cfg->render_flags, &res->rendered, &res->rendered_len);
        if (st != ZG_OK) {
            res->status = st;
            memset(&res->err, 0, sizeof res->err);
            res->err.status = st;
            snprintf(res->err.file, sizeof res->err.file, "%s", j->path ? j->path : "");
            snprintf(res->err.message, sizeof res->err.message, "cannot render the record: %s",
                     zg_status_message(st));
            res->rendered = NULL;
            res->rendered_len = 0;
        }
    } else if (res->err.status == ZG_OK) {
        res->err.status = res->status;
        snprintf(res->err.message, sizeof res->err.message, "%s", zg_status_message(res->status));
    }
    zg_document_free(doc);

    if (res->status != ZG_OK && j->unnamed) res->err.file[0] = '\0';   /* the record names no file */
    if (res->status != ZG_OK && cfg->render_errors) {
        if (zg_render_error(io.path, &res->err, cfg->format, &res->rendered, &res->rendered_len) != ZG_OK) {
            res->rendered = NULL;
            res->rendered_len = 0;
        }
    }
}

/* Deposit a result; if it is the next in order, emit it and every ready follower. */
static void deposit(engine *e, cli_result *res)
{
    pthread_mutex_lock(&e->mu);
    if (e->stop) {
        pthread_mutex_unlock(&e->mu);
        cli_result_clear(res);
        return;
    }
    size_t slot = res->job.seq % e->window;
    e->slots[slot] = *res;
    e->ready[slot] = true;
    if (e->flushing) {
        pthread_mutex_unlock(&e->mu);
        return;
    }
    e->flushing = true;
    while (!e->stop && e->ready[e->next_out % e->window]) {
        size_t s = e->next_out % e->window;
        cli_result out = e->slots[s];
        e->ready[s] = false;
        pthread_mutex_unlock(&e->mu);
        bool go_on = e->emit(e->emit_ctx, &out);
        pthread_mutex_lock(&e->mu);
        e->next_out++;
        if (!go_on && !e->stop) {
            e->stop = true;
            /* the producer may be blocked reading a pipe that has nothing more yet */
            if (e->cfg->stop_fd >= 0 && write(e->cfg->stop_fd, "", 1) < 0) { /* full: woken */ }
        }
        /* only the producer waits there: wake it when half the window is free (or to stop) */
        if (e->producer_waiting && (e->stop || e->next_seq - e->next_out <= e->window / 2))
            pthread_cond_signal(&e->can_produce);
        if (e->stop) pthread_cond_broadcast(&e->can_work);
    }
    e->flushing = false;
    pthread_mutex_unlock(&e->mu);
}

typedef struct worker_arg {
    engine *e;
    zg_scanner *scanner;
    read_buf input;
    pthread_t thread;
    bool started;
} worker_arg;

static void *worker_main(void *p)
{
    worker_arg *w = p;
    engine *e = w->e;
    for (;;) {
        pthread_mutex_lock(&e->mu);
        while (e->q_count == 0 && !e->producing_done && !e->stop)
            pthread_cond_wait(&e->can_work, &e->mu);
        if (e->stop || e->q_count == 0) {
            pthread_mutex_unlock(&e->mu);
            return NULL;
        }
        cli_job job = e->queue[e->q_head];
        e->q_head = (e->q_head + 1) % e->window;
        e->q_count--;
        pthread_mutex_unlock(&e->mu);

        cli_result res;
        process(e->cfg, w->scanner, &w->input, &job, &res);
        deposit(e, &res);
    }
}

/* One worker: produce, extract and emit each job in the calling thread. */
static int run_inline(const batch_config *cfg, batch_next_fn next, void *next_ctx,
                      batch_emit_fn emit, void *emit_ctx, char *why, size_t why_len)
{
    zg_scanner *sc = NULL;
    zg_status st = zg_scanner_create(cfg->rules, &cfg->limits, &sc);
    if (st != ZG_OK) {
        snprintf(why, why_len, "cannot create a scanner: %s", zg_status_message(st));
        return -1;
    }
    int rc = 0;
    read_buf input = { NULL, 0 };
    for (size_t seq = 0;; seq++) {
        cli_job job;
        memset(&job, 0, sizeof job);
        int got = next(next_ctx, &job);
        if (got <= 0) {
            if (got < 0) rc = 1;
            break;
        }
        job.seq = seq;
        cli_result res;
        process(cfg, sc, &input, &job, &res);
        if (!emit(emit_ctx, &res)) { /* the sink owns the result either way */
            rc = 1;
            break;
        }
    }
    read_buf_free(&input);
    zg_scanner_free(sc);
    return rc;
}

int batch_run(const batch_config *cfg, batch_next_fn next, void *next_ctx,
              batch_emit_fn emit, void *emit_ctx, char *why, size_t why_len)
{
    if (cfg->jobs <= 1) return run_inline(cfg, next, next_ctx, emit, emit_ctx, why, why_len);
    engine e;
    memset(&e, 0, sizeof e);
    e.cfg = cfg;
    e.emit = emit;
    e.emit_ctx = emit_ctx;
    int n = cfg->jobs > 0 ? cfg->jobs : 1;
    /* 32 jobs per worker: the producer is woken once per half window; with notices taking
     * ~0.15 ms each, a window of 4 per worker spent ~15% of -j2's CPU on wake-ups */
    e.window = (size_t)n * 32 + 32;
    e.queue = calloc(e.window, sizeof *e.queue);
    e.slots = calloc(e.window, sizeof *e.slots);
    e.ready = calloc(e.window, sizeof *e.ready);
    worker_arg *workers = calloc((size_t)n, sizeof *workers);
    int rc = 0;
    if (!e.queue || !e.slots || !e.ready || !workers) {
        snprintf(why, why_len, "out of memory");
        rc = -1;
        goto out;
    }
    pthread_mutex_init(&e.mu, NULL);
    pthread_cond_init(&e.can_produce, NULL);
    pthread_cond_init(&e.can_work, NULL);

    int started = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        workers[i].e = &e;
        zg_status st = zg_scanner_create(cfg->rules, &cfg->limits, &workers[i].scanner);
        if (st != ZG_OK) {
            snprintf(why, why_len, "cannot create a scanner: %s", zg_status_message(st));
            rc = -1;
            break;
        }
        if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0) {
            snprintf(why, why_len, "cannot start a worker thread");
            rc = -1;
            break;
        }
        workers[i].started = true;
        started++;
    }

    while (rc == 0) {
        cli_job job;
        memset(&job, 0, sizeof job);
        int got = next(next_ctx, &job);
        if (got <= 0) {
            if (got < 0) {
                pthread_mutex_lock(&e.mu);
                e.stop = true;
                pthread_mutex_unlock(&e.mu);
                rc = 1;
            }
            break;
        }
        pthread_mutex_lock(&e.mu);
        while (!e.stop && e.next_seq - e.next_out >= e.window) {
            e.producer_waiting = true;
            pthread_cond_wait(&e.can_produce, &e.mu);
            e.producer_waiting = false;
        }
        if (e.stop) {
            pthread_mutex_unlock(&e.mu);
            cli_job_clear(&job);
            rc = 1;
            break;
        }
        job.seq = e.next_seq++;
        e.queue[(e.q_head + e.q_count) % e.window] = job;
        e.q_count++;
        pthread_cond_signal(&e.can_work);
        pthread_mutex_unlock(&e.mu);
    }

    pthread_mutex_lock(&e.mu);
    e.producing_done = true;
    if (rc != 0) e.stop = true;
    pthread_cond_broadcast(&e.can_work);
    pthread_mutex_unlock(&e.mu);
    for (int i = 0; i < n; i++)
        if (workers[i].started) pthread_join(workers[i].thread, NULL);
    (void)started;

    if (rc == 0 && e.stop) rc = 1;
    /* after a stop: release whatever was left queued or waiting in the window */
    for (size_t i = 0; i < e.q_count; i++) cli_job_clear(&e.queue[(e.q_head + i) % e.window]);
    for (size_t i = 0; i < e.window; i++)
        if (e.ready[i]) cli_result_clear(&e.slots[i]);
    pthread_cond_destroy(&e.can_work);
    pthread_cond_destroy(&e.can_produce);
    pthread_mutex_destroy(&e.mu);
out:
    if (workers)
        for (int i = 0; i < n; i++) {
            zg_scanner_free(workers[i].scanner);
            read_buf_free(&workers[i].input);
        }
    free(workers);
    free(e.queue);
    free(e.slots);
    free(e.ready);
    return rc;
}
