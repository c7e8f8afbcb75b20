/*
 * Reading rule patterns as text (rules.c): what a pattern allows the rule engine to do with it
 * (search it as part of a combined pattern, share its leading guard, find its trigger by its
 * first characters). Conservative: a construct not understood here answers "no", which only
 * costs speed.
 */
#include <string.h>

#include "rules.h"
#include "util.h"

/* \G (outside an escape): the pattern's matches depend on the search's start offset. */
bool zg_pattern_uses_start_offset(const char *p)
{
    for (size_t i = 0; p[i]; i++)
        if (p[i] == '\\' && p[i + 1]) {
            if (p[i + 1] == 'G') return true;
            i++;
        }
    return false;
}

/* \K (outside an escape): the reported match can start after the point where the pattern
 * started matching, so its group in a combined pattern does not start where the match does. */
bool zg_pattern_resets_start(const char *p)
{
    for (size_t i = 0; p[i]; i++)
        if (p[i] == '\\' && p[i + 1]) {
            if (p[i + 1] == 'K') return true;
            i++;
        }
    return false;
}

/*
 * Whether a pattern keeps its meaning as one alternative of a combined pattern searched from
 * other start offsets: no numbered references or calls (numbers shift), no \G (it sees the
 * start offset), no backtracking verbs such as (*COMMIT)/(*SKIP) (they act on the whole search).
 * Conservative: a false "no" only costs speed (or a load error for a set with a trigger).
 */
bool zg_pattern_combinable(const char *p, const char **why)
{
    for (size_t i = 0; p[i]; i++) {
        if (p[i] == '\\') {
            char n = p[i + 1];
            if ((n >= '1' && n <= '9') || n == 'g') { *why = "a numbered reference"; return false; }
            if (n == 'G') { *why = "\\G"; return false; }
            if (n) i++;
        } else if (p[i] == '(' && p[i + 1] == '*') {
            *why = "a (*VERB)";
            return false;
        } else if (p[i] == '(' && p[i + 1] == '?') {
            const char *q = p + i + 2;
            if (*q == '(') q++;    /* (?(1)…) condition */
            if ((*q >= '0' && *q <= '9') || *q == '+' || *q == '-' || *q == 'R' || *q == '&' ||
                (q[0] == 'P' && q[1] == '>')) {
                *why = "a numbered reference, recursion or subroutine call";
                return false;
            }
        }
    }
    return true;
}

/*
 * Length of a leading look-ahead guard "(?=…)" of pattern p that can be shared by consecutive
 * alternatives of a combined pattern, 0 if none: it has no capturing group or reference inside,
 * and p has no alternation at its top level (else the guard would cover only the first branch).
 * (?=G)(?:(A)|(B)) tries the same things in the same order as (G A)|(G B): G is atomic and
 * captures nothing, so only the number of times it is tested changes (once per position).
 */
size_t zg_pattern_shared_guard(const char *p)
{
    if (strncmp(p, "(?=", 3) != 0) return 0;
    size_t end = 0;
    int depth = 0;
    for (size_t i = 0; p[i]; i++) {
        char c = p[i];
        if (c == '\\') {
            char n = p[i + 1];
            if (!n || n == 'Q' || n == 'E' || (!end && (n == 'k' || n == 'g'))) return 0;
            i++;
        } else if (c == '[') { /* a class: parentheses and bars inside are literal */
            i++;
            if (p[i] == '^') i++;
            if (p[i] == ']') i++;
            while (p[i] && p[i] != ']') {
                if (p[i] == '\\' && p[i + 1]) i++;
                else if (p[i] == '[' && p[i + 1] == ':') return 0; /* POSIX class: not parsed */
                i++;
            }
            if (!p[i]) return 0;
        } else if (c == '(') {
            if (p[i + 1] == '?') { /* option letters: x (comments, spaces) is not parsed here */
                size_t k = i + 2;
                while ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') || p[k] == '-' ||
                       p[k] == '^')
                    if (p[k++] == 'x') return 0;
            }
            if (!end && depth > 0) { /* inside the guard: no capturing group */
                char q = p[i + 2];
                if (p[i + 1] != '?' || q == '|' || q == '\'' || q == 'P') return 0;
                if (q == '<' && p[i + 3] != '=' && p[i + 3] != '!') return 0;
            }
            depth++;
        } else if (c == ')') {
            if (--depth < 0) return 0;
            if (depth == 0 && !end) end = i + 1;
        } else if (c == '|' && depth == 0) {
            return 0;
        }
    }
    return depth == 0 ? end : 0;
}

static void add_range(uint8_t *bm, uint32_t a, uint32_t b)
{
    for (uint32_t c = a; c <= b && c < 0x10000; c++) bm[c >> 3] |= (uint8_t)(1u << (c & 7));
}

/* PCRE2 \h, and \s with PCRE2_UCP (\h, \v and the Z categories) */
static void add_white(uint8_t *bm, bool vertical)
{
    static const uint32_t h[][2] = { { 0x09, 0x09 }, { 0x20, 0x20 }, { 0xA0, 0xA0 },
                                     { 0x1680, 0x1680 }, { 0x180E, 0x180E }, { 0x2000, 0x200A },
                                     { 0x202F, 0x202F }, { 0x205F, 0x205F }, { 0x3000, 0x3000 } };
    static const uint32_t v[][2] = { { 0x0A, 0x0D }, { 0x85, 0x85 }, { 0x2028, 0x2029 } };
    for (size_t k = 0; k < sizeof h / sizeof h[0]; k++) add_range(bm, h[k][0], h[k][1]);
    for (size_t k = 0; vertical && k < sizeof v / sizeof v[0]; k++) add_range(bm, v[k][0], v[k][1]);
}

/* One character of a class at p[*i] (a literal, \xHH, \x{H…} or an escaped punctuation mark):
 * true with *c, or false if it is something else. */
static bool class_char(const char *p, size_t *i, uint32_t *c)
{
    const unsigned char *u = (const unsigned char *)p + *i;
    if (u[0] == '\\') {
        if (u[1] == 'x') {
            char *end = NULL;
            if (u[2] == '{') {
                *c = (uint32_t)strtoul(p + *i + 3, &end, 16);
                if (!end || *end != '}' || end == p + *i + 3) return false;
                *i = (size_t)(end - p) + 1;
                return true;
            }
            size_t k = 2;
            *c = 0;
            while (k < 4 && ((u[k] >= '0' && u[k] <= '9') || ((u[k] | 0x20) >= 'a' && (u[k] | 0x20) <= 'f'))) {
                *c = *c * 16 + (uint32_t)(u[k] <= '9' ? u[k] - '0' : (u[k] | 0x20) - 'a' + 10);
                k++;
            }
            *i += k;
            return true;
        }
        if (u[1] >= 0x21 && u[1] < 0x7F && !((u[1] | 0x20) >= 'a' && (u[1] | 0x20) <= 'z') &&
            !(u[1] >= '0' && u[1] <= '9')) {
            *c = u[1]; /* an escaped punctuation mark stands for itself */
            *i += 2;
            return true;
        }
        return false;
    }
    if (u[0] == '[' || u[0] == ']' || u[0] == 0) return false;
    size_t n = strlen(p + *i);
    size_t at = *i, k = 0;
    *c = zg_utf8_next(p + at, n, &k);
    *i = at + k;
    return true;
}

/* The body of a class starting at p[i] (just after '[') into bm; the index after its ']', or 0
 * if it holds anything not understood here (negation, POSIX classes, other escapes). \d adds a
 * superset of the Unicode decimal digits of the BMP (0-9, U+0660-U+1FFF, U+A000-U+FFFF: none
 * lies in U+2000-U+9FFF). */
static size_t parse_class(const char *p, size_t i, uint8_t *bm)
{
    if (p[i] == '^' || p[i] == ']') return 0;
    while (p[i] && p[i] != ']') {
        if (p[i] == '\\' && (p[i + 1] == 'd' || p[i + 1] == 'h' || p[i + 1] == 's')) {
            if (p[i + 1] == 'd') {
                add_range(bm, '0', '9');
                add_range(bm, 0x660, 0x1FFF);
                add_range(bm, 0xA000, 0xFFFF);
            } else {
                add_white(bm, p[i + 1] == 's');
            }
            i += 2;
            continue;
        }
        uint32_t a, b;
        if (!class_char(p, &i, &a)) return 0;
        b = a;
        if (p[i] == '-' && p[i + 1] && p[i + 1] != ']') {
            i++;
            if (!class_char(p, &i, &b) || b < a) return 0;
        }
        add_range(bm, a, b);
    }
    return p[i] == ']' ? i + 1 : 0;
}

/* Whether p has an alternation at its top level (or a construct not parsed here: then true). */
static bool top_level_bar(const char *p)
{
    int depth = 0;
    for (size_t i = 0; p[i]; i++) {
        char c = p[i];
        if (c == '\\') {
            if (!p[i + 1] || p[i + 1] == 'Q') return true;
            i++;
        } else if (c == '[') {
            i++;
            if (p[i] == '^') i++;
            if (p[i] == ']') i++;
            while (p[i] && p[i] != ']') {
                if (p[i] == '\\' && p[i + 1]) i++;
                else if (p[i] == '[' && p[i + 1] == ':') return true;
                i++;
            }
            if (!p[i]) return true;
        } else if (c == '(') {
            if (p[i + 1] == '?')
                for (size_t k = i + 2; (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
                                       p[k] == '-' || p[k] == '^';
                     k++)
                    if (p[k] == 'x') return true; /* comments and spaces: not parsed */
            depth++;
        } else if (c == ')') {
            if (--depth < 0) return true;
        } else if (c == '|' && depth == 0) {
            return true;
        }
    }
    return depth != 0;
}

/*
 * The characters a match of trigger pattern p can start with, as a bitmap over U+0000-U+FFFF
 * (characters beyond it are always candidates) into bm; false if p does not say: p must begin with a
 * class [C] or a look-ahead guard (?=[C]) that is not optional and covers the whole pattern (no
 * alternation at its top level). The scanner then steps over the other characters in C and
 * tries the trigger anchored only where one of them starts (scanner.c, find_trigger).
 */
bool zg_pattern_first_chars(const char *p, uint8_t bm[0x10000 / 8])
{
    memset(bm, 0, 0x10000 / 8);
    size_t i;
    if (strncmp(p, "(?=[", 4) == 0) {
        i = parse_class(p, 4, bm);
        if (!i || p[i] != ')') return false;
        i++;
    } else if (p[0] == '[') {
        i = parse_class(p, 1, bm);
        if (!i) return false;
    } else {
        return false;
    }
    return !(p[i] == '*' || p[i] == '?' || p[i] == '{' || top_level_bar(p));
}
