/* Progress bar: "[#####-----] 120/400 files  3.4 MB/s  ETA 0:12  2 errors", redrawn in place. */
#include "progress.h"

#include <stdio.h>
#include <time.h>

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, bool enabled, size_t total, size_t total_bytes)
{
    p->enabled = enabled;
    p->drawn = false;
    p->total = total;
    p->total_bytes = total_bytes;
    p->start = progress_now();
    p->last_draw = 0;
}

void progress_update(progress *p, size_t done, size_t bytes, size_t errors, bool force)
{
    if (!p->enabled) return;
    double now = progress_now();
    if (!force && now - p->last_draw < 0.1) return;
    p->last_draw = now;
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? (double)bytes / elapsed : 0;
    char bar[32] = "";
    char eta[32] = "";
    if (p->total) {
        const int width = 24;
        int filled = (int)((double)done / (double)p->total * width);
        if (filled > width) filled = width;
        for (int i = 0; i < width; i++) bar[i] = i < filled ? '#' : '-';
        bar[width] = '\0';
        double left = -1;
        if (p->total_bytes && rate > 0 && bytes <= p->total_bytes)
            left = (double)(p->total_bytes - bytes) / rate;
        else if (done && done <= p->total)
            left = elapsed / (double)done * (double)(p->total - done);
        if (left >= 0) {
            long s = (long)(left + 0.5);
            snprintf(eta, sizeof eta, "  ETA %ld:%02ld", s / 60, s % 60);
        }
        fprintf(stderr, "\r[%s] %zu/%zu files  %.1f MB/s%s", bar, done, p->total, rate / 1e6, eta);
    } else {
        fprintf(stderr, "\r%zu files  %.1f MB/s", done, rate / 1e6);
    }
    if (errors) fprintf(stderr, "  %zu error%s", errors, errors == 1 ? "" : "s");
    fputs("\033[K", stderr);
    fflush(stderr);
    p->drawn = true;
}

void progress_clear(progress *p)
{
    if (!p->drawn) return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->drawn = false;
}
