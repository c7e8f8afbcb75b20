/*
 * The Traditional-Simplified transliterator, built from its rules in ICU's transliteration data.
 *
 * utrans_openU by ID would first build ICU's transliterator registry (~1,000 IDs registered in
 * quadratic time); parsing the rules read here is what the registry would do, but even that
 * costs ~38M instructions for the ~4,000 rules of Hant-Hans (parse, then freeze: an index over
 * all rules and a check of every pair that shares a first character) — most of a short run.
 *
 * When the rules only replace strings by strings (no context, cursor, variable use …), a rule can
 * only apply where its whole key occurs in the text, so a transliterator built from the rules
 * whose key occurs in the text (in their original order) converts that text exactly as the full
 * one: at each position ICU tries the rules of the character there in rule order and the first
 * match wins; a rule left out could not have matched there. zg_translit_for builds such a subset
 * for the documents seen so far and rebuilds it, larger, when a document brings keys not taken
 * yet; once the subsets together would have parsed more rules than the full set holds, it builds
 * the full set (so a run never parses more than twice the rules). A subset of ~100-200 rules
 * also converts faster: ICU tries every rule filed under the text character's low byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

#include "normalize.h"
#include "util.h"

/* An ID of the transliterator index that names one transliterator (no filter, no compound). */
static bool plain_translit_id(const UChar *s, int32_t len)
{
    if (len <= 0 || len >= 64) return false;
    for (int32_t i = 0; i < len; i++) {
        UChar c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '/'))
            return false;
    }
    return true;
}

/* Is c in the NUL-terminated list? */
static bool uchar_in(UChar c, const char *list)
{
    for (; *list; list++)
        if (c == (UChar)*list) return true;
    return false;
}

/* A rule statement's operator: which directions it applies in and where it stands. */
typedef struct rule_op {
    bool fwd, rev, assign;     /* assign: an '=' anywhere in the statement */
    int32_t at, len;           /* the operator's offset and length (len 0: no operator) */
} rule_op;

/* The operator of the statement rules[start, end) (outside sets), and whether it holds any of
 * the characters that make a rule more than a string replacement (*special). */
static rule_op statement_op(const UChar *rules, int32_t start, int32_t end, bool *special,
                            int *depth)
{
    rule_op op = { false, false, false, -1, 0 };
    *special = false;
    *depth = 0;
    for (int32_t i = start; i < end; i++) {
        UChar c = rules[i];
        if (c >= 0x80 && (c < 0x2190 || c > 0x2194)) continue; /* a literal (most of them) */
        UChar next = i + 1 < end ? rules[i + 1] : 0;
        int32_t len = 0;
        bool fwd = false, rev = false;
        if (c == '[') (*depth)++;
        else if (c == ']') (*depth)--;
        else if (c == 0x2194 || (c == '<' && next == '>')) fwd = rev = true, len = c == '<' ? 2 : 1;
        else if (c == 0x2192 || (c == '>' && (i == start || rules[i - 1] != '<'))) fwd = true, len = 1;
        else if (c == 0x2190 || c == '<') rev = true, len = 1;
        else if (c == '=') op.assign = true;
        if (uchar_in(c, "{}|^$@&:")) *special = true;
        if (len && op.at < 0) {
            op.fwd = fwd;
            op.rev = rev;
            op.at = i;
            op.len = len;
        } else if (len) {
            op.fwd |= fwd;
            op.rev |= rev;
        }
    }
    return op;
}

/* The first non-blank character of the statement. */
static int32_t first_char(const UChar *rules, int32_t start, int32_t end)
{
    for (int32_t i = start; i < end; i++)
        if (!u_isWhitespace(rules[i])) return rules[i];
    return -1;
}

/*
 * Do the rules (transliterator rule syntax, read in direction `dir`) only replace strings by
 * strings: no context, anchor, cursor, variable, function call or ID statement in any rule of that
 * direction? Conservative: quoting or escapes, unbalanced sets and statements it cannot classify
 * answer false.
 */
static bool rules_plain(const UChar *rules, int32_t len, UTransDirection dir)
{
    for (int32_t i = 0; i < len; i++)
        if (rules[i] == '\'' || rules[i] == '\\') return false;
    for (int32_t start = 0; start < len;) {
        int32_t end = start;
        while (end < len && rules[end] != ';') end++;
        bool special;
        int depth;
        rule_op op = statement_op(rules, start, end, &special, &depth);
        int32_t first = first_char(rules, start, end);
        if (depth != 0) return false;
        if (op.fwd || op.rev) {
            if ((dir == UTRANS_FORWARD ? op.fwd : op.rev) && special) return false;
        } else if (first >= 0 && !(first == '$' && op.assign)) {
            return false; /* neither a rule nor a variable definition */
        }
        start = end + 1;
    }
    return true;
}

/*
 * Let the transliterator skip what its rules cannot change: a filter of its source set (every
 * character a rule key can match). Exact for rules that only replace strings by strings: a match
 * then lies wholly inside a run of source-set characters, and a run converts the same alone as in
 * its text. Returns the set (the caller closes it), or NULL when no filter was set.
 */
static USet *filter_to_source_set(UTransliterator *tr)
{
    UErrorCode e = U_ZERO_ERROR;
    USet *set = uset_openEmpty();
    UChar *pattern = NULL;
    bool done = false;
    if (set) utrans_getSourceSet(tr, false, set, &e);
    int32_t plen = set && U_SUCCESS(e) ? uset_toPattern(set, NULL, 0, false, &e) : 0;
    if (e == U_BUFFER_OVERFLOW_ERROR && plen > 0 &&
        (pattern = malloc(((size_t)plen + 1) * sizeof *pattern))) {
        e = U_ZERO_ERROR;
        uset_toPattern(set, pattern, plen + 1, false, &e);
        if (U_SUCCESS(e)) utrans_setFilter(tr, pattern, plen, &e);
        done = U_SUCCESS(e);
    }
    free(pattern);
    if (!done) {
        uset_close(set);
        return NULL;
    }
    uset_freeze(set);
    return set;
}

/*
 * The rules of transliterator `id` in ICU's data (aliases followed): a malloc'd copy (*len units)
 * read in direction *dir, or NULL when the data does not describe it by rules.
 */
static UChar *data_rules(const char *id, int32_t *len, UTransDirection *dir)
{
    UErrorCode e = U_ZERO_ERROR;
    UResourceBundle *bundle = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "translit", NULL, &e);
    UResourceBundle *index = ures_getByKey(bundle, "RuleBasedTransliteratorIDs", NULL, &e);
    UChar *copy = NULL;
    bool found = false;
    char name[64];
    snprintf(name, sizeof name, "%s", id);
    for (int hops = 0; hops < 4 && U_SUCCESS(e) && !found; hops++) {
        UResourceBundle *entry = ures_getByKey(index, name, NULL, &e);
        UResourceBundle *how = ures_getByIndex(entry, 0, NULL, &e);
        const char *kind = U_SUCCESS(e) ? ures_getKey(how) : NULL;
        int32_t n = 0;
        if (kind && strcmp(kind, "alias") == 0) {
            const UChar *target = ures_getString(how, &n, &e);
            if (U_SUCCESS(e) && plain_translit_id(target, n)) {
                u_UCharsToChars(target, name, n);
                name[n] = '\0';
            } else {
                e = U_UNSUPPORTED_ERROR;
            }
        } else if (kind && (strcmp(kind, "file") == 0 || strcmp(kind, "internal") == 0)) {
            found = true;
            const UChar *rules = ures_getStringByKey(how, "resource", &n, &e);
            int32_t dlen = 0;
            const UChar *d = ures_getStringByKey(how, "direction", &dlen, &e);
            if (U_SUCCESS(e) && dlen > 0 && (copy = malloc(((size_t)n + 1) * sizeof *copy))) {
                memcpy(copy, rules, (size_t)n * sizeof *copy);
                copy[n] = 0;
                *len = n;
                *dir = d[0] == 'F' ? UTRANS_FORWARD : UTRANS_REVERSE;
            }
        } else {
            e = U_UNSUPPORTED_ERROR;
        }
        ures_close(how);
        ures_close(entry);
    }
    ures_close(index);
    ures_close(bundle);
    return copy;
}

/* utrans_openU of rules read in direction dir under `id`; NULL on failure. */
static UTransliterator *open_rules(const char *id, const UChar *rules, int32_t len,
                                   UTransDirection dir)
{
    UChar uid[64];
    u_uastrncpy(uid, id, 63);
    uid[63] = 0;
    UParseError pe;
    UErrorCode e = U_ZERO_ERROR;
    UTransliterator *tr = utrans_openU(uid, -1, dir, rules, len, &pe, &e);
    if (U_FAILURE(e) && tr) {
        utrans_close(tr);
        tr = NULL;
    }
    return tr;
}

UTransliterator *zg_translit_open_data(const char *id, USet **plain_source)
{
    if (plain_source) *plain_source = NULL;
    int32_t len = 0;
    UTransDirection dir = UTRANS_FORWARD;
    UChar *rules = data_rules(id, &len, &dir);
    UTransliterator *tr = rules ? open_rules(id, rules, len, dir) : NULL;
    if (tr && rules_plain(rules, len, dir)) {
        USet *set = filter_to_source_set(tr);
        if (plain_source) *plain_source = set;
        else uset_close(set);
    }
    free(rules);
    return tr;
}

/* ---- subsets of the rules ---- */

static bool blank(UChar32 c)
{
    return u_hasBinaryProperty(c, UCHAR_PATTERN_WHITE_SPACE);
}

/*
 * The key rules[from, to) of a plain rule: append it in UTF-8 to t->keys (s->key, s->key_len),
 * set s->first to its first character and append its characters to chars; false when the key
 * holds anything but literal characters (then no subsets are built).
 */
static bool index_key(zg_translit *t, const UChar *rules, int32_t from, int32_t to,
                      zg_translit_stmt *s, UChar32 *chars, size_t *n_chars)
{
    s->key = t->keys_len;
    s->first = -1;
    for (int32_t i = from; i < to;) {
        UChar32 c;
        U16_NEXT(rules, i, to, c);
        if (c < 0x80 && blank(c)) continue;
        if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                          (c >= 'a' && c <= 'z')))
            return false; /* syntax: not a literal key */
        if (U_IS_SURROGATE(c) || c == 0xFFFD || (c < 0x3000 && blank(c))) return false;
        if (s->first < 0) s->first = c;
        chars[(*n_chars)++] = c;
        t->keys_len += zg_utf8_put((uint32_t)c, t->keys + t->keys_len);
    }
    s->key_len = t->keys_len - s->key;
    return s->first >= 0x80; /* zg_translit_for looks keys up at non-ASCII characters only */
}

/* qsort order of code points (and of zg_translit_first by its first field) */
static int compare_chars(const void *a, const void *b)
{
    UChar32 x = *(const UChar32 *)a, y = *(const UChar32 *)b;
    return (x > y) - (x < y);
}

/* Add chars[0, n) (ascending) to set as ranges. */
static void add_sorted(USet *set, const UChar32 *chars, size_t n)
{
    for (size_t k = 0; k < n;) {
        size_t m = k + 1;
        while (m < n && chars[m] <= chars[m - 1] + 1) m++;
        uset_addRange(set, chars[k], chars[m - 1]); /* ascending: appended */
        k = m;
    }
}

/*
 * The set of the characters chars[0, n) (reordered), frozen; NULL on failure. Those of the common
 * block go through a bitmap, the few others are sorted.
 */
static USet *set_of(UChar32 *chars, size_t n)
{
    static const size_t bitmap_bytes = (ZG_HAN_COUNT + 7) / 8;
    unsigned char *han = calloc(1, bitmap_bytes);
    USet *set = han ? uset_openEmpty() : NULL;
    if (!set) {
        free(han);
        return NULL;
    }
    size_t others = 0;
    for (size_t k = 0; k < n; k++) {
        UChar32 c = chars[k];
        if (c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST)
            han[(c - ZG_HAN_FIRST) >> 3] |= (unsigned char)(1u << ((c - ZG_HAN_FIRST) & 7));
        else
            chars[others++] = c;
    }
    qsort(chars, others, sizeof *chars, compare_chars);
    size_t below = 0;
    while (below < others && chars[below] < ZG_HAN_FIRST) below++;
    add_sorted(set, chars, below);
    for (UChar32 c = 0; c < ZG_HAN_COUNT;) {
        if (!((han[c >> 3] >> (c & 7)) & 1)) {
            c++;
            continue;
        }
        UChar32 end = c + 1;
        while (end < ZG_HAN_COUNT && (han[end >> 3] >> (end & 7)) & 1) end++;
        uset_addRange(set, ZG_HAN_FIRST + c, ZG_HAN_FIRST + end - 1);
        c = end;
    }
    add_sorted(set, chars + below, others - below);
    free(han);
    uset_freeze(set);
    return set;
}

/* Chain the rules by the first character of their key, in rule order (zg_translit_for looks a
 * text's characters up there). False on allocation failure. */
static bool chain_rules(zg_translit *t)
{
    t->han_head = malloc(ZG_HAN_COUNT * sizeof *t->han_head);
    t->other = malloc(t->n_rules * sizeof *t->other);
    if (!t->han_head || !t->other) return false;
    for (size_t k = 0; k < ZG_HAN_COUNT; k++) t->han_head[k] = -1;
    for (size_t k = t->n_stmts; k-- > 0;) {
        zg_translit_stmt *s = &t->stmts[k];
        if (s->first < 0) continue;
        int32_t *head = NULL;
        if (s->first >= ZG_HAN_FIRST && s->first <= ZG_HAN_LAST) {
            head = &t->han_head[s->first - ZG_HAN_FIRST];
        } else {
            for (size_t j = 0; j < t->n_other && !head; j++)
                if (t->other[j].first == s->first) head = &t->other[j].head;
            if (!head) {
                t->other[t->n_other] = (zg_translit_first){ s->first, -1 };
                head = &t->other[t->n_other++].head;
            }
        }
        s->next = *head;
        *head = (int32_t)k;
    }
    qsort(t->other, t->n_other, sizeof *t->other, compare_chars); /* by first: the first field */
    return true;
}

/*
 * Index the statements of t->rules read in t->dir: variable definitions (kept in every subset)
 * and the rules of that direction with their keys; rules of the other direction only are left
 * out. False when some statement is not of these kinds.
 */
static bool index_statements(zg_translit *t)
{
    const UChar *rules = t->rules;
    int32_t len = t->len, count = 0;
    for (int32_t i = 0; i < len; i++) {
        /* quoting and escapes: as rules_plain; comments are not split by ';' alone */
        if (rules[i] == '#' || rules[i] == '\'' || rules[i] == '\\') return false;
        count += rules[i] == ';';
    }
    size_t n_chars = 0;
    UChar32 *chars = malloc(((size_t)len + 1) * sizeof *chars);
    t->stmts = calloc((size_t)count + 1, sizeof *t->stmts);
    t->keys = malloc((size_t)len * 3 + 1); /* a UTF-16 unit is at most 3 bytes of UTF-8 */
    bool ok = chars && t->stmts && t->keys;
    for (int32_t start = 0; ok && start < len;) {
        int32_t end = start;
        while (end < len && rules[end] != ';') end++;
        bool special;
        int depth;
        rule_op op = statement_op(rules, start, end, &special, &depth);
        zg_translit_stmt *s = &t->stmts[t->n_stmts];
        *s = (zg_translit_stmt){ .start = start, .end = end, .first = -1 };
        int32_t first = first_char(rules, start, end);
        bool used_dir = t->dir == UTRANS_FORWARD ? op.fwd : op.rev;
        /* what rules_plain refuses */
        if (depth != 0 || (used_dir && special) || (op.at < 0 && first >= 0 &&
                                                    !(first == '$' && op.assign))) {
            ok = false;
        } else if (first < 0) {
            /* empty */
        } else if (op.at < 0) {
            t->n_stmts++;      /* a variable definition: kept */
        } else if (used_dir) {
            ok = t->dir == UTRANS_FORWARD
                     ? index_key(t, rules, start, op.at, s, chars, &n_chars)
                     : index_key(t, rules, op.at + op.len, end, s, chars, &n_chars);
            t->n_stmts++;
            t->n_rules++;
        }
        start = end + 1;
    }
    ok = ok && t->n_rules > 0 && (t->source = set_of(chars, n_chars)) != NULL && chain_rules(t);
    free(chars);
    return ok;
}

/* The rule text and its index (what the subsets are built from). */
static void free_rule_index(zg_translit *t)
{
    free(t->rules);
    free(t->stmts);
    free(t->keys);
    free(t->han_head);
    free(t->other);
}

zg_translit *zg_translit_new(const char *id)
{
    zg_translit *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    snprintf(t->id, sizeof t->id, "%s", id);
    t->rules = data_rules(id, &t->len, &t->dir);
    if (t->rules && index_statements(t))
        return t;              /* subsets, built on demand */
    /* otherwise the whole transliterator now: from the data, else by ID */
    free_rule_index(t);
    uset_close(t->source);
    memset(t, 0, sizeof *t);
    USet *source = NULL;
    t->tr = zg_translit_open_data(id, &source);
    t->source = source;
    if (!t->tr) {
        UChar uid[64];
        u_uastrncpy(uid, id, 63);
        uid[63] = 0;
        UErrorCode e = U_ZERO_ERROR;
        t->tr = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
        if (U_FAILURE(e) && t->tr) {
            utrans_close(t->tr);
            t->tr = NULL;
        }
    }
    if (!t->tr) {
        uset_close(t->source);
        free(t);
        return NULL;
    }
    t->complete = true;
    return t;
}

void zg_translit_free(zg_translit *t)
{
    if (!t) return;
    if (t->tr) utrans_close(t->tr);
    uset_close(t->source);
    free_rule_index(t);
    free(t);
}

const USet *zg_translit_source(const zg_translit *t)
{
    return t->source;
}

/* Build the transliterator of the variable definitions and the rules marked `used` (all rules
 * when `all`); false on failure (t->tr stays). */
static bool build(zg_translit *t, bool all)
{
    UChar *text = malloc(((size_t)t->len + 1) * sizeof *text);
    if (!text) return false;
    int32_t n = 0;
    size_t rules = 0;
    for (size_t k = 0; k < t->n_stmts; k++) {
        const zg_translit_stmt *s = &t->stmts[k];
        if (s->first >= 0 && !all && !s->used) continue;
        rules += s->first >= 0;
        memcpy(text + n, t->rules + s->start, (size_t)(s->end - s->start) * sizeof *text);
        n += s->end - s->start;
        text[n++] = ';';
    }
    UTransliterator *tr = open_rules(t->id, text, n, t->dir);
    free(text);
    if (!tr) return false;
    if (t->tr) utrans_close(t->tr);
    t->tr = tr;
    t->rules_parsed += rules;
    t->complete = all;
    return true;
}

/* The link to the first unused rule whose key begins with c, NULL when c begins none. */
static int32_t *first_rule(zg_translit *t, UChar32 c)
{
    if (c >= ZG_HAN_FIRST && c <= ZG_HAN_LAST) return &t->han_head[c - ZG_HAN_FIRST];
    size_t lo = 0, hi = t->n_other;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->other[mid].first < c) lo = mid + 1;
        else hi = mid;
    }
    return lo < t->n_other && t->other[lo].first == c ? &t->other[lo].head : NULL;
}

UTransliterator *zg_translit_for(zg_translit *t, const char *text, size_t len)
{
    if (t->complete) return t->tr;
    /* a rule can apply only where its whole key occurs: mark those not marked yet */
    const unsigned char *u = (const unsigned char *)text;
    bool grew = false;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t at = i;
        uint32_t c = zg_norm_common_han_at(u, len, i);
        if (c) i += 3;
        else c = zg_utf8_next(text, len, &i);
        int32_t *link = first_rule(t, (UChar32)c);
        while (link && *link >= 0) {
            zg_translit_stmt *s = &t->stmts[*link];
            /* the key's first character is the one at `at`, decoded from its own bytes */
            if (s->key_len <= len - at && memcmp(u + at, t->keys + s->key, s->key_len) == 0) {
                s->used = true;
                t->n_used++;
                grew = true;
                *link = s->next; /* the chains hold the unused rules only */
            } else {
                link = &s->next;
            }
        }
    }
    if (!grew && t->tr) return t->tr;
    /* the subsets together never parse more rules than the full set holds */
    bool all = t->rules_parsed + t->n_used > t->n_rules;
    if (!build(t, all) && (all || !build(t, true))) {
        /* the last one does not cover this text: none until a build succeeds */
        if (t->tr) utrans_close(t->tr);
        t->tr = NULL;
    }
    return t->tr;
}
