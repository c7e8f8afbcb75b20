/*
 * zg_vformat (util.c) is vsnprintf for the conversions the library's messages and dates use: where
 * it answers, the bytes must be glibc's, for every such conversion over edge values (signs, zero
 * padding, widths, the extremes of each size, precisions of %.*s); and it must refuse (-1) what it
 * does not do — other conversions and flags, NULL strings, output that does not fit — so that
 * callers fall back on vsnprintf.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "util.h"

static int compared;

/* zg_vformat against vsnprintf on the same arguments, into a buffer of `cap` bytes; returns
 * zg_vformat's answer */
static int same_as_libc(size_t cap, const char *fmt, ...)
{
    char ours[512], libc[512];
    va_list ap;
    va_start(ap, fmt);
    int n = zg_vformat(ours, cap, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    int m = vsnprintf(libc, sizeof libc, fmt, ap);
    va_end(ap);
    if (n >= 0) {
        compared++;
        CHECK_INT(n, m);
        CHECK((size_t)n < cap);
        if (n == m && memcmp(ours, libc, (size_t)n + 1) != 0) {
            fprintf(stderr, "format \"%s\": got \"%s\", libc \"%s\"\n", fmt, ours, libc);
            check_failures++;
        }
    } else {
        /* a refusal is only allowed where the contract says so: checked by the callers below */
    }
    return n;
}

static void test_integers(void)
{
    static const long long values[] = { 0, 1, -1, 7, -7, 9, 10, -10, 99, 100, 999, 1000, -1000,
                                        2023, 12345, -12345, INT_MAX, INT_MIN, (long long)INT_MAX + 1,
                                        LLONG_MAX, LLONG_MIN, LONG_MAX, LONG_MIN };
    static const char *const int_formats[] = { "%d", "%02d", "%04d", "%3d", "%10d", "%010d", "%1d" };
    static const char *const long_formats[] = { "%ld", "%02ld", "%04ld", "%5ld", "%020ld" };
    static const char *const ll_formats[] = { "%lld", "%03lld", "%25lld", "%025lld" };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        long long v = values[i];
        if (v >= INT_MIN && v <= INT_MAX)
            for (size_t k = 0; k < sizeof int_formats / sizeof int_formats[0]; k++)
                CHECK(same_as_libc(512, int_formats[k], (int)v) >= 0);
        if (v >= LONG_MIN && v <= LONG_MAX)
            for (size_t k = 0; k < sizeof long_formats / sizeof long_formats[0]; k++)
                CHECK(same_as_libc(512, long_formats[k], (long)v) >= 0);
        for (size_t k = 0; k < sizeof ll_formats / sizeof ll_formats[0]; k++)
            CHECK(same_as_libc(512, ll_formats[k], v) >= 0);
    }
    static const size_t sizes[] = { 0, 1, 42, 65536, SIZE_MAX, SIZE_MAX / 2 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        CHECK(same_as_libc(512, "%zu", sizes[i]) >= 0);
        CHECK(same_as_libc(512, "%08zu", sizes[i]) >= 0);
        CHECK(same_as_libc(512, "%3zu byte(s)", sizes[i]) >= 0);
    }
    /* the date forms of load.c and the messages of the stages, whole */
    CHECK(same_as_libc(512, "%04ld-%02ld-%02ld", 2023L, 1L, 5L) >= 0);
    CHECK(same_as_libc(512, "%04ld-%02ld", 999L, 12L) >= 0);
    CHECK(same_as_libc(512, "%04ld", -3L) >= 0);
    CHECK(same_as_libc(512, "level-%d heading numbered %d where %d was expected", 2, 5, 3) >= 0);
    CHECK(same_as_libc(512, "the notice declares %lld %s, %lld found", 12LL, "问题", -4LL) >= 0);
    CHECK(same_as_libc(512, "100%% done, %zu of %zu", (size_t)3, (size_t)3) >= 0);
}

static void test_strings(void)
{
    static const char *const texts[] = { "", "a", "整改", "rule heading/一、 (markers.rules:12)",
                                         "x\ny\tz", "%d not a conversion here" };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        CHECK(same_as_libc(512, "%s", texts[i]) >= 0);
        CHECK(same_as_libc(512, "[%s|%s]", texts[i], texts[i]) >= 0);
        for (int prec = -2; prec <= 8; prec++)
            CHECK(same_as_libc(512, "impossible date '%.*s' ignored", prec, texts[i]) >= 0);
    }
    CHECK(same_as_libc(512, "plain text, no conversion") >= 0);
    CHECK(same_as_libc(512, "") >= 0);
}

static void test_refusals(void)
{
    CHECK_INT(same_as_libc(512, "%g", 1.5), -1);
    CHECK_INT(same_as_libc(512, "%.4g", 0.25), -1);
    CHECK_INT(same_as_libc(512, "%u", 3u), -1);
    CHECK_INT(same_as_libc(512, "%lu", 3ul), -1);
    CHECK_INT(same_as_libc(512, "%x", 255), -1);
    CHECK_INT(same_as_libc(512, "%-5d", 3), -1);
    CHECK_INT(same_as_libc(512, "%+d", 3), -1);
    CHECK_INT(same_as_libc(512, "%5s", "ab"), -1);
    CHECK_INT(same_as_libc(512, "%.2d", 3), -1);
    CHECK_INT(same_as_libc(512, "%zd", (size_t)3), -1);
    CHECK_INT(same_as_libc(512, "%s", (const char *)NULL), -1);
    CHECK_INT(same_as_libc(512, "%.*s", 3, (const char *)NULL), -1);
    /* too long for the buffer: refused, never cut (vsnprintf cuts; the caller falls back on it) */
    CHECK_INT(same_as_libc(6, "%s", "123456"), -1);
    CHECK_INT(same_as_libc(6, "12345%d", 6), -1);
    CHECK_INT(same_as_libc(6, "%06d", 6), -1);
    CHECK_INT(same_as_libc(6, "%d", 12345), 5); /* exactly fits with its NUL */
    CHECK_INT(same_as_libc(1, ""), 0);
}

int main(void)
{
    test_integers();
    test_strings();
    test_refusals();
    CHECK(compared > 400);
    printf("%d formats compared with vsnprintf\n", compared);
    CHECK_DONE();
}
