/*
 * Internals of the numeral parser (numbers*.c): character tables, an exact fixed-point decimal,
 * and ICU's Chinese spellout (RBNF) parser.
 */
#ifndef ZG_NUMBERS_H
#define ZG_NUMBERS_H

#include "stages.h"

/** Value of a Chinese (〇 一 两 壹 …), ASCII or full-width digit, -1 if not one. */
int zg_cn_digit(uint32_t cp);
/** Multiplier of 十 百 千 万 亿 (and 拾 佰 仟 萬 億), 0 if not one. */
long long zg_cn_unit(uint32_t cp);
/** Value of one enclosed-number character (① ⑴ ⒈ ❶ …), -1 if not one. */
int zg_enclosed_number(uint32_t cp);

/* An exact decimal with ZG_DEC_INT integer and ZG_DEC_FRAC fraction digits (no floating point). */
enum { ZG_DEC_INT = 40, ZG_DEC_FRAC = 24, ZG_DEC_LEN = ZG_DEC_INT + ZG_DEC_FRAC };
typedef struct zg_dec {
    unsigned char d[ZG_DEC_LEN];   /* d[0] is the 10^(ZG_DEC_INT-1) digit */
} zg_dec;

void zg_dec_set_int(zg_dec *x, unsigned long long v);
/** "12.35", "1,234", "０.５", "2.4E+9" (ICU's output) → x; false if malformed or too large. */
bool zg_dec_from_ascii(zg_dec *x, const char *s, size_t n);
/** x × 10^k (k may be negative); false if a digit would be lost. */
bool zg_dec_shift(zg_dec *x, int k);
/** x += y; false on overflow. */
bool zg_dec_add(zg_dec *x, const zg_dec *y);
int zg_dec_cmp(const zg_dec *x, const zg_dec *y);
/** Plain decimal string without exponent, leading or trailing zeros ("35000", "0.5"). */
char *zg_dec_to_string(const zg_dec *x, zg_arena *a);

/**
 * Parse a Chinese numeral (digits, 十百千万亿, 零/〇, 点) with ICU's RBNF spellout rules for "zh".
 * The whole of s[0..n) must be consumed. Opens its own formatter (no shared state).
 */
bool zg_rbnf_parse_zh(const char *s, size_t n, zg_dec *out);

#endif /* ZG_NUMBERS_H */
