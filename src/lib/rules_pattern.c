/*
 * Reading rule patterns as text (rules.c): what a pattern allows the rule engine to do with it
 * (search it as part of a combined pattern, share its leading guard, find its trigger by its
 * first characters). Conservative: a construct not understood here answers "no", which only
 * costs speed.
 */
#include <string.h>

#include "rules.h"
#include "util.h"

/* The escape \<letter> in p, not itself escaped (\\G is a backslash and a G). */
static bool has_escape(const char *p, char letter)
{
    for (size_t i = 0; p[i]; i++)
        if (p[i] == '\\' && p[i + 1]) {
            if (p[i + 1] == letter) return true;
            i++;
        }
    return false;
}

/* p[i] is the '[' of a class (in which parentheses and bars are literal): the index of its
 * closing ']', or of the end of p when the class is not read — unclosed, or holding a POSIX
 * [:name:] class, which these readers do not parse (their callers then give up). */
static size_t class_end(const char *p, size_t i)
{
    size_t start = i;
    i++;
    if (p[i] == '^') i++;
    if (p[i] == ']') i++;
    while (p[i] && p[i] != ']') {
        if (p[i] == '\\' && p[i + 1]) i++;
        else if (p[i] == '[' && p[i + 1] == ':') return start + strlen(p + start);
        i++;
    }
    return i;
}

/* \G: the pattern's matches depend on the search's start offset. */
bool zg_pattern_uses_start_offset(const char *p) { return has_escape(p, 'G'); }

/* \K: the reported match can start after the point where the pattern started matching, so its
 * group in a combined pattern does not start where the match does. */
bool zg_pattern_resets_start(const char *p) { return has_escape(p, 'K'); }

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
            i = class_end(p, i);
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
    if (b > 0xFFFF) b = 0xFFFF;
    uint32_t c = a;
    for (; c <= b && (c & 7); c++) bm[c >> 3] |= (uint8_t)(1u << (c & 7));
    if (c + 7 <= b) { /* whole bytes */
        memset(bm + (c >> 3), 0xFF, (b + 1 - c) >> 3);
        c += (b + 1 - c) & ~7u;
    }
    for (; c <= b; c++) bm[c >> 3] |= (uint8_t)(1u << (c & 7));
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

/* PCRE2 \d with PCRE2_UCP in the BMP: the Unicode decimal digits (Nd), ten in a row each.
 * test_rules_near checks this list against PCRE2's own \d on every BMP character. */
static void add_digits(uint8_t *bm)
{
    static const uint16_t zero[] = {
        0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6,
        0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0,
        0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
        0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10
    };
    for (size_t k = 0; k < sizeof zero / sizeof zero[0]; k++) add_range(bm, zero[k], zero[k] + 9u);
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
 * if it holds anything not understood here (negation, POSIX classes, other escapes); \d, \h
 * and \s as PCRE2 has them with PCRE2_UCP (add_digits, add_white). */
static size_t parse_class(const char *p, size_t i, uint8_t *bm)
{
    if (p[i] == '^' || p[i] == ']') return 0;
    while (p[i] && p[i] != ']') {
        if (p[i] == '\\' && (p[i + 1] == 'd' || p[i + 1] == 'h' || p[i + 1] == 's')) {
            if (p[i + 1] == 'd') {
                add_digits(bm);
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
            i = class_end(p, i);
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

static size_t branches_first(const char *p, size_t i, uint8_t *bm, int depth);

/* From p[i] inside a branch: the index of the '|' or ')' ending it at this level, or of the end
 * of p; 0 on anything not parsed (quoting, POSIX classes, option settings other than (?m) and
 * (?s), which only act on ^ $ and ., comments). */
static size_t branch_end(const char *p, size_t i)
{
    int depth = 0;
    for (; p[i]; i++) {
        char c = p[i];
        if (c == '\\') {
            if (!p[i + 1] || p[i + 1] == 'Q') return 0;
            i++;
        } else if (c == '[') {
            i = class_end(p, i);
            if (!p[i]) return 0;
        } else if (c == '(') {
            char q = p[i + 1] == '?' ? p[i + 2] : 0;
            if ((q == 'm' || q == 's') && p[i + 3] == ')') {
                i += 3;
                continue;
            }
            if ((unsigned)((q | 0x20) - 'a') < 26u && q != 'P') return 0; /* (?i) … */
            if (q == '-' || q == '^' || q == '#') return 0;
            depth++;
        } else if (c == ')') {
            if (depth-- == 0) return i;
        } else if (c == '|' && depth == 0) {
            return i;
        }
    }
    return i;
}

/* The ')' closing the group whose branches start at p[i], 0 if not parsed. */
static size_t group_close(const char *p, size_t i)
{
    for (;;) {
        size_t e = branch_end(p, i);
        if (!e || p[e] == 0) return 0;
        if (p[e] == ')') return e;
        i = e + 1;
    }
}

/* The index after a quantifier at p[j] (with its lazy or possessive mark), or j if none. */
static size_t skip_quantifier(const char *p, size_t j)
{
    if (p[j] == '?' || p[j] == '*' || p[j] == '+') {
        j++;
    } else if (p[j] == '{') {
        while (p[j] && p[j] != '}') j++;
        if (p[j]) j++;
    } else {
        return j;
    }
    if (p[j] == '?' || p[j] == '+') j++;
    return j;
}

/*
 * One item at p[i]: its first characters into bm, *optional if a quantifier lets it match
 * nothing; the index after the item (before its quantifier), 0 if not understood here. Items: a
 * literal character (UTF-8, \xHH, \x{H…}, an escaped punctuation mark), \d \h \s, a class, a
 * group of branches ((…), (?:…), (?<name>…), (?>…)), a look-ahead (?=…) (the match starts with
 * one of its first characters).
 */
static size_t item_first(const char *p, size_t i, uint8_t *bm, int depth, bool *optional)
{
    size_t j;
    bool lookahead = false;
    if (p[i] == '[') {
        j = parse_class(p, i + 1, bm);
    } else if (p[i] == '(') {
        size_t k = i + 1;
        if (p[k] == '?') {
            char q = p[k + 1];
            if (q == ':' || q == '>') {
                k += 2;
            } else if (q == '=') {
                k += 2;
                lookahead = true;
            } else if (q == '<' || q == '\'' || (q == 'P' && p[k + 2] == '<')) { /* named */
                char close = q == '\'' ? '\'' : '>';
                k += q == 'P' ? 3 : 2;
                if (p[k] == '=' || p[k] == '!') return 0; /* look-behind: the caller's */
                while (p[k] && p[k] != close && p[k] != ')') k++;
                if (p[k] != close) return 0;
                k++;
            } else {
                return 0;
            }
        }
        size_t e = depth < 8 ? branches_first(p, k, bm, depth + 1) : 0;
        if (!e || p[e] != ')') return 0;
        j = e + 1;
    } else if (p[i] == '\\' && (p[i + 1] == 'd' || p[i + 1] == 'h' || p[i + 1] == 's')) {
        char cls[4] = { '\\', p[i + 1], ']', 0 };
        if (!parse_class(cls, 0, bm)) return 0;
        j = i + 2;
    } else if (p[i] == '|' || p[i] == ')' || p[i] == 0 || strchr("^$.*+?{", p[i])) {
        return 0;
    } else {
        uint32_t c;
        j = i;
        if (!class_char(p, &j, &c)) return 0;
        add_range(bm, c, c);
    }
    if (!j) return 0;
    if (p[j] == '{' && (p[j + 1] < '0' || p[j + 1] > '9')) return 0; /* {,n} or a literal { */
    *optional = p[j] == '?' || p[j] == '*' || (p[j] == '{' && p[j + 1] == '0');
    if (lookahead && (*optional || p[j] == '+' || p[j] == '{')) return 0;
    return j;
}

/*
 * The first characters of the branch at p[i] into bm: zero-width items (^, \b, \B, \A,
 * look-behinds, negative look-aheads, (?m), (?s)) add nothing and pass on; an optional item adds
 * its characters and passes on; the first item that must match adds its characters and ends the
 * walk. The index of the '|' or ')' ending the branch (or of the end of p), 0 if not understood
 * (also: a branch that can match without taking a character).
 */
static size_t seq_first(const char *p, size_t i, uint8_t *bm, int depth)
{
    for (;;) {
        if (p[i] == '^') {
            i++;
            continue;
        }
        if (p[i] == '\\' && (p[i + 1] == 'b' || p[i + 1] == 'B' || p[i + 1] == 'A')) {
            i += 2;
            continue;
        }
        if (p[i] == '(' && p[i + 1] == '?') {
            char q = p[i + 2];
            if ((q == 'm' || q == 's') && p[i + 3] == ')') {
                i += 4;
                continue;
            }
            if (q == '!' || (q == '<' && (p[i + 3] == '=' || p[i + 3] == '!'))) {
                size_t e = group_close(p, q == '!' ? i + 3 : i + 4);
                if (!e || p[e + 1] == '?' || p[e + 1] == '*' || p[e + 1] == '+' || p[e + 1] == '{')
                    return 0;
                i = e + 1;
                continue;
            }
        }
        bool optional = false;
        size_t j = item_first(p, i, bm, depth, &optional);
        if (!j) return 0;
        if (!optional) return branch_end(p, j);
        i = skip_quantifier(p, j);
    }
}

/* The branches from p[i] to the ')' closing them (or the end): every branch's first characters
 * into bm; the index of that ')' or end, 0 if a branch is not understood. */
static size_t branches_first(const char *p, size_t i, uint8_t *bm, int depth)
{
    for (;;) {
        size_t e = seq_first(p, i, bm, depth);
        if (!e) return 0;
        if (p[e] != '|') return e;
        i = e + 1;
    }
}

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

/*
 * The characters a match of pattern p can start with, added to bm (a bitmap over U+0000-U+FFFF;
 * characters beyond it are always candidates); false if p does not say: every top-level branch
 * must start with an item understood by item_first that is not optional. Unlike
 * zg_pattern_first_chars it reads literals and alternatives too, and adds to what bm holds.
 */
bool zg_pattern_start_chars(const char *p, uint8_t bm[0x10000 / 8])
{
    size_t e = branches_first(p, 0, bm, 0);
    return e && p[e] == 0;
}
