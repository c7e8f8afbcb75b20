/* Chinese numerals through ICU's rule-based number format (spellout, "zh"), parsing direction. */
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "numbers.h"

bool zg_rbnf_parse_zh(const char *s, size_t n, zg_dec *out)
{
    UChar u[128];
    int32_t ulen = 0;
    UErrorCode st = U_ZERO_ERROR;
    if (n == 0 || n > 3 * 100) return false;
    u_strFromUTF8(u, (int32_t)(sizeof u / sizeof u[0]), &ulen, s, (int32_t)n, &st);
    if (U_FAILURE(st)) return false;
    /* one formatter per call: ICU formatters are not shared between threads here */
    UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, "zh", NULL, &st);
    if (U_FAILURE(st) || !f) return false;
    char dec[96];
    int32_t pos = 0;
    st = U_ZERO_ERROR;
    int32_t len = unum_parseDecimal(f, u, ulen, &pos, dec, (int32_t)sizeof dec, &st);
    unum_close(f);
    if (U_FAILURE(st) || len <= 0 || len >= (int32_t)sizeof dec || pos != ulen) return false;
    return zg_dec_from_ascii(out, dec, (size_t)len);
}
