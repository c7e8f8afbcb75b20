/*
 * GB18030 without ICU's converter in the common case (encoding.h): text made of ASCII and
 * 2-byte characters decodes one code at a time through a table filled from ICU's own converter
 * as codes first occur. GB18030 has no state, so the text is the concatenation of what ICU
 * gives for each code; anything else (4-byte or bad sequences, a cut end) goes to ICU whole.
 */
#include <stdlib.h>
#include <string.h>

#include "encoding.h"

enum { UNPROBED = 0, NOT_PLAIN = 0xFFFF };

zg_enc_gb_table *zg_enc_gb_new(void)
{
    zg_enc_gb_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    UErrorCode e = U_ZERO_ERROR;
    t->cv = ucnv_open("GB18030", &e);
    if (U_FAILURE(e) || !t->cv) {
        t->cv = NULL;
        return t;
    }
    /* ASCII must read as itself */
    char ascii[128];
    UChar out[256];
    for (int c = 0; c < 128; c++) ascii[c] = (char)c;
    int32_t n = ucnv_toUChars(t->cv, out, 256, ascii, 128, &e);
    t->usable = U_SUCCESS(e) && n == 128;
    for (int c = 0; t->usable && c < 128; c++) t->usable = out[c] == c;
    return t;
}

void zg_enc_gb_free(zg_enc_gb_table *t)
{
    if (!t) return;
    if (t->cv) ucnv_close(t->cv);
    free(t);
}

/* What ICU gives for the two bytes of `key` alone: one BMP character, or NOT_PLAIN (a bad or
 * unassigned code, the start of a 4-byte sequence, a supplementary character). */
static uint16_t probe_code(zg_enc_gb_table *t, unsigned key)
{
    char in[2] = { (char)(key >> 8), (char)(key & 0xFF) };
    UChar out[4];
    UErrorCode e = U_ZERO_ERROR;
    ucnv_reset(t->cv);
    ucnv_setToUCallBack(t->cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
    int32_t n = U_SUCCESS(e) ? ucnv_toUChars(t->cv, out, 4, in, 2, &e) : 0;
    if (U_FAILURE(e) || n != 1 || out[0] == UNPROBED || out[0] == NOT_PLAIN ||
        (out[0] >= 0xD800 && out[0] <= 0xDFFF))
        return NOT_PLAIN;
    return out[0];
}

long zg_enc_gb_decode(zg_enc_gb_table *t, const unsigned char *b, size_t n, UChar *u)
{
    if (!t->usable) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = b[i];
        if (c < 0x80) {
            u[k++] = (UChar)c;
            i++;
            continue;
        }
        if (i + 1 >= n) return -1;
        unsigned key = c << 8 | b[i + 1];
        uint16_t v = t->map[key];
        if (v == UNPROBED) v = t->map[key] = probe_code(t, key);
        if (v == NOT_PLAIN) return -1;
        u[k++] = v;
        i += 2;
    }
    return (long)k;
}
