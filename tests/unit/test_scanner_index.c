/*
 * The scanner's per-document index (scanner.c, doc_index): a window start read off its list of
 * white space equals the character-by-character walk back it replaces, on text that mixes every
 * white-space character PCRE2's \s knows (ASCII, U+0085, U+00A0, U+1680, U+180E, U+2000-200A,
 * U+2028/2029, U+202F, U+205F, U+3000) with their non-white neighbours (U+200B, 、, ©, U+1681),
 * CJK, ASCII and 4-byte characters, for every pair of character boundaries and many bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model.h"
#include "rules.h"

bool zg_scanner_window_starts(zg_scanner *sc, const char *subject, size_t lo, size_t t,
                              size_t within, size_t *walked, size_t *indexed);

static const char *const PIECES[] = {
    " ", "\t", "\n", "\r", "\v", "\f", "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE1\xA0\x8E",
    "\xE2\x80\x80", "\xE2\x80\x85", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
    "\xE2\x81\x9F", "\xE3\x80\x80",
    /* not white space, though close to it */
    "\xE2\x80\x8B", "\xE3\x80\x81", "\xC2\xA9", "\xE1\x9A\x81", "\xE2\x81\xA0",
    "年", "整改", "a", "7", ":", "\xF0\x9F\x98\x80", "\xE4\xB8\x80"
};

static unsigned long lcg(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

int main(void)
{
    zg_rules *r = NULL;
    zg_error err;
    const char *rules = "set d near [年月] within 3\nx - \\d[年月]\n";
    CHECK_INT(zg_rules_load_text("t.rules", rules, strlen(rules), &r, &err), ZG_OK);
    zg_scanner *sc = NULL;
    if (r) CHECK_INT(zg_scanner_create(r, NULL, &sc), ZG_OK);
    if (!sc) {
        zg_rules_free(r);
        CHECK_DONE();
    }
    static const size_t WITHIN[] = { 0, 1, 2, 3, 4, 5, 6, 9, 12, 18, 45, 248 };
    unsigned long st = 2026;
    size_t compared = 0, differing = 0;
    for (int round = 0; round < 40; round++) {
        char text[1200];
        size_t n = 0;
        /* runs of white space and runs without, so both the segments and the passes count */
        while (n < 900) {
            size_t k = lcg(&st) % (sizeof PIECES / sizeof PIECES[0]);
            size_t reps = 1 + lcg(&st) % (k < 18 ? 3 : 6);
            for (size_t j = 0; j < reps; j++) {
                size_t len = strlen(PIECES[k]);
                memcpy(text + n, PIECES[k], len);
                n += len;
            }
        }
        text[n] = '\0';
        zg_document doc;
        memset(&doc, 0, sizeof doc);
        doc.text = doc.norm = text;
        doc.text_len = doc.norm_len = n;
        zg_scanner_bind(sc, &doc);
        size_t starts[1200], ns = 0;
        for (size_t p = 0; p <= n; p++)
            if (p == n || ((unsigned char)text[p] & 0xC0) != 0x80) starts[ns++] = p;
        for (size_t a = 0; a < ns; a += 1 + lcg(&st) % 5)
            for (size_t b = a; b < ns && b < a + 120; b++)
                for (size_t w = 0; w < sizeof WITHIN / sizeof WITHIN[0]; w++) {
                    size_t walked = 0, indexed = 0;
                    if (!zg_scanner_window_starts(sc, text, starts[a], starts[b], WITHIN[w],
                                                  &walked, &indexed))
                        continue;
                    compared++;
                    if (walked != indexed && differing++ < 5)
                        fprintf(stderr, "round %d [%zu, %zu) within %zu: walked %zu, indexed %zu\n",
                                round, starts[a], starts[b], WITHIN[w], walked, indexed);
                }
        zg_scanner_bind(sc, NULL);
    }
    CHECK_INT(differing, 0);
    /* without JIT the index is not made (no first-character table): nothing to compare then */
    const char *nojit = getenv("ZHENGGAI_NO_JIT");
    if (!(nojit && *nojit && nojit[0] != '0')) CHECK(compared > 100000);
    printf("%zu window starts compared\n", compared);
    zg_scanner_free(sc);
    zg_rules_free(r);
    CHECK_DONE();
}
