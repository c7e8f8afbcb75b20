/* Exact fixed-point decimal arithmetic for numerals (16.4亿 = 1640000000, never a double). */
#include <string.h>

#include "numbers.h"
#include "util.h"

void zg_dec_set_int(zg_dec *x, unsigned long long v)
{
    memset(x, 0, sizeof *x);
    for (int i = ZG_DEC_INT - 1; i >= 0 && v; i--) {
        x->d[i] = (unsigned char)(v % 10);
        v /= 10;
    }
}

bool zg_dec_shift(zg_dec *x, int k)
{
    if (k == 0) return true;
    if (k >= ZG_DEC_LEN || -k >= ZG_DEC_LEN) return false;
    if (k > 0) {
        for (int i = 0; i < k; i++)
            if (x->d[i]) return false;
        memmove(x->d, x->d + k, (size_t)(ZG_DEC_LEN - k));
        memset(x->d + ZG_DEC_LEN - k, 0, (size_t)k);
    } else {
        int m = -k;
        for (int i = ZG_DEC_LEN - m; i < ZG_DEC_LEN; i++)
            if (x->d[i]) return false;
        memmove(x->d + m, x->d, (size_t)(ZG_DEC_LEN - m));
        memset(x->d, 0, (size_t)m);
    }
    return true;
}

bool zg_dec_add(zg_dec *x, const zg_dec *y)
{
    int carry = 0;
    for (int i = ZG_DEC_LEN - 1; i >= 0; i--) {
        int v = x->d[i] + y->d[i] + carry;
        x->d[i] = (unsigned char)(v % 10);
        carry = v / 10;
    }
    return carry == 0;
}

int zg_dec_cmp(const zg_dec *x, const zg_dec *y)
{
    return memcmp(x->d, y->d, ZG_DEC_LEN);
}

bool zg_dec_from_ascii(zg_dec *x, const char *s, size_t n)
{
    memset(x, 0, sizeof *x);
    unsigned char digits[ZG_DEC_LEN * 2];
    size_t nd = 0, i = 0;
    int point = -1, since_comma = -1, exp = 0;
    while (i < n) {
        uint32_t cp = zg_utf8_next(s, n, &i);
        int d = (cp < 0x80 || (cp >= 0xFF10 && cp <= 0xFF19)) ? zg_cn_digit(cp) : -1;
        if (d >= 0) {
            if (nd >= sizeof digits) return false;
            digits[nd++] = (unsigned char)d;
            if (since_comma >= 0) since_comma++;
        } else if ((cp == '.' || cp == 0xFF0E) && point < 0 && nd > 0) {
            if (since_comma >= 0 && since_comma != 3) return false;
            since_comma = -1;
            point = (int)nd;
        } else if (cp == ',' && point < 0 && nd > 0 && (since_comma < 0 || since_comma == 3)) {
            if (since_comma < 0 && nd > 3) return false;
            since_comma = 0;
        } else if ((cp == 'E' || cp == 'e') && nd > 0) {
            /* ICU writes large values as 2.4E+9 */
            int sign = 1, e = 0;
            if (i < n && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
            if (i >= n) return false;
            for (; i < n; i++) {
                if (s[i] < '0' || s[i] > '9' || e > 1000) return false;
                e = e * 10 + (s[i] - '0');
            }
            exp = sign * e;
        } else {
            return false;
        }
    }
    if (nd == 0 || (point >= 0 && point == (int)nd) || (since_comma >= 0 && since_comma != 3))
        return false;
    int int_digits = point >= 0 ? point : (int)nd;
    /* place digits so that digit j has exponent int_digits-1-j */
    for (size_t j = 0; j < nd; j++) {
        int pos = ZG_DEC_INT - int_digits + (int)j;
        if (pos < 0) {
            if (digits[j]) return false;
            continue;
        }
        if (pos >= ZG_DEC_LEN) {
            if (digits[j]) return false;
            continue;
        }
        x->d[pos] = digits[j];
    }
    return zg_dec_shift(x, exp);
}

char *zg_dec_to_string(const zg_dec *x, zg_arena *a)
{
    char buf[ZG_DEC_LEN + 2];
    size_t n = 0;
    int first = 0, last = ZG_DEC_LEN - 1;
    while (first < ZG_DEC_INT - 1 && x->d[first] == 0) first++;
    while (last >= ZG_DEC_INT && x->d[last] == 0) last--;
    for (int i = first; i < ZG_DEC_INT; i++) buf[n++] = (char)('0' + x->d[i]);
    if (last >= ZG_DEC_INT) {
        buf[n++] = '.';
        for (int i = ZG_DEC_INT; i <= last; i++) buf[n++] = (char)('0' + x->d[i]);
    }
    return zg_arena_strndup(a, buf, n);
}
