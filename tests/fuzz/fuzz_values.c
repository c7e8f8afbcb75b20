/*
 * Fuzz target: the date and number normalizers. The input becomes a one-line document (so the
 * normalizers see real norm text) and is also fed to the numeral parser directly.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "stages.h"
#include "util.h"

/* the numeral parser's contract is valid UTF-8 (it is given norm text), so feed it only that */
static int valid_utf8(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = zg_utf8_next((const char *)s, n, &i);
        if (c == 0 || (c == 0xFFFD && (n - at < 3 || memcmp(s + at, "\xEF\xBF\xBD", 3) != 0)))
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size > 4096) return 0;
    zg_arena a;
    zg_arena_init(&a);
    if (valid_utf8(data, size)) {
        const char *out = NULL;
        if (zg_number_parse(&a, (const char *)data, size, &out) && !out) __builtin_trap();
        (void)zg_number_int((const char *)data, size);
    }
    zg_arena_release(&a);

    zg_input_options opts;
    memset(&opts, 0, sizeof opts);
    opts.format = "text";
    opts.encoding = "UTF-8";
    zg_document *doc = NULL;
    zg_error err;
    if (zg_extract(fuzz_scanner, data, size, &opts, &doc, &err) != ZG_OK) return 0;
    zg_date ref = { 2023, 6, 15, ZG_PREC_DAY, false, { 0, 0 } };
    for (int role = ZG_DATE_POINT; role <= ZG_DATE_END; role++) {
        size_t pos = 0, end = 0;
        zg_date d;
        int guard = 0;
        while (guard++ < 256 &&
               zg_date_find(doc, fuzz_scanner, pos, doc->norm_len, &ref, (zg_date_role)role, &d,
                            &end) == 1) {
            if (end <= pos || end > doc->norm_len) __builtin_trap();
            if (d.span.end > doc->text_len || d.span.start > d.span.end) __builtin_trap();
            if (d.precision == ZG_PREC_DAY &&
                (d.day < 1 || d.day > zg_days_in_month(d.year, d.month)))
                __builtin_trap();
            pos = end;
        }
        zg_date s, e;
        (void)zg_date_find_range(doc, fuzz_scanner, 0, doc->norm_len, &ref, &s, &e, &end);
    }
    zg_document_free(doc);
    return 0;
}
