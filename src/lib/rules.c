/*
 * Rule files → an immutable, compiled zg_rules set.
 *
 * Line format (rules/README.md):   set NAME            starts or continues set NAME
 *                                  set NAME near TRIGGER within N   … and declares its trigger
 *                                  RULE YIELD PATTERN  one rule; PATTERN is the rest of the line
 *                                  define NAME PATTERN  a piece used as {{NAME}} below (rules_define.c)
 * Every pattern also has an anchored twin (so that anchored matches keep JIT), compiled on first
 * use: most are never needed (zg_rules_anchored_code, zg_rules_combined_anchored). Each set's
 * plan (combined pattern, trigger) is made in rules_plan.c once every file is read.
 */
#include "rules_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

const char *zg_rules_default_dir(void)
{
    const char *env = getenv("ZHENGGAI_RULES");
    if (env && *env) return env;
#ifdef ZG_RULES_DIR
    return ZG_RULES_DIR;
#else
    return "rules";
#endif
}

zg_status zg_rules_fail(zg_error *err, const char *file, int line, int col, const char *fmt, ...)
{
    if (!err) return ZG_ERR_RULES;
    err->status = ZG_ERR_RULES;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return ZG_ERR_RULES;
}

int zg_rules_column(const char *line, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off && line[i]; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80) col++;
    return col;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool zg_rules_valid_name(const char *s, size_t n)
{
    if (n == 0 || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = zg_utf8_next(s, n, &i);
        if ((c == 0xFFFD && memcmp(s + at, "\xEF\xBF\xBD", 3) != 0) || c < 0x20) return false;
    }
    return true;
}

bool zg_rules_jit_disabled(void)
{
    const char *nojit = getenv("ZHENGGAI_NO_JIT");
    return nojit && *nojit && strcmp(nojit, "0") != 0;
}

pcre2_code *zg_rules_compile(const char *pat, size_t len, uint32_t extra, bool jit, int *errcode,
                             PCRE2_SIZE *erroff)
{
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) {
        *errcode = PCRE2_ERROR_NOMEMORY;
        *erroff = 0;
        return NULL;
    }
    pcre2_set_max_pattern_length(cc, MAX_PATTERN_BYTES);
    pcre2_set_parens_nest_limit(cc, MAX_PAREN_NEST);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, len, ZG_RULE_COMPILE_OPTIONS | extra,
                                     errcode, erroff, cc);
    pcre2_compile_context_free(cc);
    /* no JIT → interpreter. ZHENGGAI_NO_JIT=1 turns JIT off on purpose: valgrind cannot see into
     * JIT code and reports false "uninitialised value" errors from it (tools/valgrind-suite). */
    if (code && jit && !zg_rules_jit_disabled()) (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    return code;
}

bool zg_rules_code_is_jit(const pcre2_code *code)
{
    size_t size = 0;
    return code && pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size) == 0 && size > 0;
}

static zg_status add_rule(zg_rules *r, const char *file, int lineno, const char *line,
                          const char *set, const char *name, size_t name_len, const char *yield,
                          size_t yield_len, const char *pat, size_t pat_len, const char *pat_src,
                          zg_error *err)
{
    for (size_t i = 0; i < r->n_pending; i++) {
        const zg_rule *o = &r->pending[i].rule;
        if (strcmp(o->set, set) == 0 && strlen(o->name) == name_len &&
            memcmp(o->name, name, name_len) == 0)
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, (size_t)(name - line)),
                        "duplicate rule name '%.*s' in set '%s' (first defined at %s:%d)",
                        (int)name_len, name, set, o->file, o->line);
    }
    if (r->n_pending >= MAX_RULES)
        return zg_rules_fail(err, file, lineno, 1, "too many rules (limit %d)", MAX_RULES);
    int ec = 0;
    PCRE2_SIZE eo = 0;
    /* not JIT-compiled here: most rules are only ever searched through their set's combined
     * pattern; the JIT copy of those searched on their own is made on first use
     * (zg_rules_jit_code) */
    pcre2_code *code = zg_rules_compile(pat, pat_len, 0, false, &ec, &eo);
    pcre2_code *anch = NULL; /* compiled on first use */
    if (!code) {
        if (ec == PCRE2_ERROR_NOMEMORY) return ZG_ERR_NOMEM;
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        if (eo > pat_len) eo = pat_len;
        if (pat != pat_src) /* the offset is in the expanded text: point at the pattern */
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, (size_t)(pat_src - line)),
                                 "rule '%.*s': %s (at byte %zu of the pattern with {{…}} expanded)",
                                 (int)name_len, name, (const char *)msg, (size_t)eo);
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, (size_t)(pat - line) + eo),
                    "rule '%.*s': %s", (int)name_len, name, (const char *)msg);
    }
    if (r->n_pending == r->cap_pending) {
        size_t ncap = r->cap_pending ? r->cap_pending * 2 : 64;
        pending_rule *np = realloc(r->pending, ncap * sizeof *np);
        if (!np) {
            pcre2_code_free(code);
            pcre2_code_free(anch);
            return ZG_ERR_NOMEM;
        }
        r->pending = np;
        r->cap_pending = ncap;
    }
    pending_rule *p = &r->pending[r->n_pending];
    memset(p, 0, sizeof *p);
    p->rule.set = set;
    p->rule.name = zg_arena_strndup(&r->arena, name, name_len);
    p->rule.yield = zg_arena_strndup(&r->arena, yield, yield_len);
    p->rule.file = zg_arena_strdup(&r->arena, file);
    p->rule.line = lineno;
    p->rule.code = code;
    p->pattern = zg_arena_strndup(&r->arena, pat, pat_len);
    p->rule.start_sensitive = p->pattern && zg_pattern_uses_start_offset(p->pattern);
    p->rule.resets_start = !p->pattern || zg_pattern_resets_start(p->pattern);
    p->anchored = anch;
    r->n_pending++; /* counted before the NULL checks so that cleanup frees the codes */
    if (!p->rule.name || !p->rule.yield || !p->rule.file || !p->pattern) return ZG_ERR_NOMEM;
    uint32_t caps = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &caps);
    p->rule.n_captures = caps;
    if (caps + 1 > r->max_pairs) r->max_pairs = caps + 1;
    return ZG_OK;
}

/* zg_pattern_first_chars into the arena, or NULL. */
static const uint8_t *first_chars(zg_rules *r, const char *p)
{
    uint8_t bm[0x10000 / 8];
    if (!zg_pattern_first_chars(p, bm)) return NULL;
    uint8_t *copy = zg_arena_alloc(&r->arena, sizeof bm);
    if (copy) memcpy(copy, bm, sizeof bm);
    return copy;
}

/*
 * `set NAME near TRIGGER within N` (the text after "near" starts at `at`): every match of the
 * set contains a match of TRIGGER that starts at most N bytes, white space not counted, after
 * the match's start. zg_match_leftmost then only searches near the triggers (scanner.c).
 */
static zg_status parse_trigger(zg_rules *r, const zg_rule_defines *defs, const char *file,
                               int lineno, const char *line, size_t llen, size_t at, const char *set,
                               zg_error *err)
{
    while (at < llen && is_space(line[at])) at++;
    size_t k = llen;
    while (k > at && line[k - 1] >= '0' && line[k - 1] <= '9') k--;
    size_t j = k;
    while (j > at && is_space(line[j - 1])) j--;
    if (k == llen || j == k || j < at + 6 || memcmp(line + j - 6, "within", 6) != 0 ||
        (j - 6 > at && !is_space(line[j - 7])))
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, llen),
                    "'near PATTERN' must end with 'within N' (N: bytes, a number)");
    if (llen - k > 4)
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, k), "'within' takes a number up to 9999");
    size_t within = (size_t)strtoul(line + k, NULL, 10);
    size_t pe = j - 6;
    while (pe > at && is_space(line[pe - 1])) pe--;
    if (pe == at) return zg_rules_fail(err, file, lineno, zg_rules_column(line, at), "'near' needs a pattern");
    for (size_t i = 0; i < r->n_triggers; i++) {
        const pending_trigger *o = &r->triggers[i];
        if (strcmp(o->set, set) == 0)
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, at),
                        "set '%s' already declares a trigger (at %s:%d)", set, o->file, o->line);
    }
    const char *pat;
    size_t pat_len;
    zg_status xst = zg_rules_expand(&r->arena, defs, file, lineno, line, line + at, pe - at, &pat,
                                    &pat_len, err);
    if (xst != ZG_OK) return xst;
    bool expanded = pat != line + at;
    if (!expanded && !(pat = zg_arena_strndup(&r->arena, line + at, pe - at))) return ZG_ERR_NOMEM;
    const char *why = NULL;
    if (!zg_pattern_combinable(pat, &why))
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, at), "trigger uses %s", why);
    int ec = 0;
    PCRE2_SIZE eo = 0;
    /* JIT-compiled below unless its anchored twin does the searching (then it is never run) */
    pcre2_code *code = zg_rules_compile(pat, pat_len, 0, false, &ec, &eo);
    if (!code) {
        if (ec == PCRE2_ERROR_NOMEMORY) return ZG_ERR_NOMEM;
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        if (eo > pat_len) eo = pat_len;
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, expanded ? at : at + eo),
                    "trigger of set '%s': %s", set, (const char *)msg);
    }
    uint32_t minlen = 0;
    pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
    if (minlen == 0) {
        pcre2_code_free(code);
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, at),
                    "trigger of set '%s' can match the empty string", set);
    }
    /* a trigger with known first characters is tried anchored at those only (JIT only: the
     * interpreter's own start-up optimisations are as good) */
    const uint8_t *first = NULL;
    pcre2_code *anchored = NULL;
    if (!zg_rules_jit_disabled() && (first = first_chars(r, pat)) != NULL) {
        anchored = zg_rules_compile(pat, pat_len, PCRE2_ANCHORED, true, &ec, &eo);
        uint32_t jit = 0;
        if (anchored) pcre2_pattern_info(anchored, PCRE2_INFO_JITSIZE, &jit);
        if (!jit) {
            pcre2_code_free(anchored);
            anchored = NULL;
            first = NULL;
        }
    }
    /* the search itself is JIT-compiled once the set's plan shows it is used (rules_plan.c) */
    if (r->n_triggers == r->cap_triggers) {
        size_t ncap = r->cap_triggers ? r->cap_triggers * 2 : 8;
        pending_trigger *nt = realloc(r->triggers, ncap * sizeof *nt);
        if (!nt) {
            pcre2_code_free(code);
            pcre2_code_free(anchored);
            return ZG_ERR_NOMEM;
        }
        r->triggers = nt;
        r->cap_triggers = ncap;
    }
    const char *fcopy = zg_arena_strdup(&r->arena, file);
    r->triggers[r->n_triggers++] =
        (pending_trigger){ set, pat, code, within, fcopy, lineno, first, anchored };
    return fcopy ? ZG_OK : ZG_ERR_NOMEM;
}

/* The rule-file format this loader reads (rules/README.md, "Format version"). */
enum { RULES_FORMAT = 1 };

/* `format N` at line[at, llen): N must be the format this loader reads. */
static zg_status parse_format(const char *file, int lineno, const char *line, size_t llen,
                              size_t at, zg_error *err)
{
    size_t i = at;
    unsigned long n = 0;
    while (i < llen && line[i] >= '0' && line[i] <= '9' && n < 1000000) n = n * 10 + (unsigned long)(line[i++] - '0');
    if (i == at || i != llen)
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, i), "'format' needs a version number");
    if (n != RULES_FORMAT)
        return zg_rules_fail(err, file, lineno, zg_rules_column(line, at),
                             "rule format %lu: this zhenggai reads format %d", n, RULES_FORMAT);
    return ZG_OK;
}

/* Parse one rule file's text into pending rules. */
static zg_status parse_lines(zg_rules *r, zg_rule_defines *defs, const char *file, char *text,
                             size_t len, zg_error *err)
{
    const char *set = NULL;
    int lineno = 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    while (pos < len) {
        char *line = text + pos;
        char *nl = memchr(line, '\n', len - pos);
        size_t llen = nl ? (size_t)(nl - line) : len - pos;
        pos += llen + 1;
        lineno++;
        line[llen] = '\0';
        while (llen && is_space(line[llen - 1])) line[--llen] = '\0';
        size_t i = 0;
        while (i < llen && is_space(line[i])) i++;
        if (i == llen || line[i] == '#') continue;
        if (memchr(line, '\0', llen))
            return zg_rules_fail(err, file, lineno, 1, "NUL byte in rule file");
        /* first field */
        size_t f1 = i;
        while (i < llen && !is_space(line[i])) i++;
        size_t f1n = i - f1;
        while (i < llen && is_space(line[i])) i++;
        if (f1n == 6 && memcmp(line + f1, "format", 6) == 0) {
            zg_status st = parse_format(file, lineno, line, llen, i, err);
            if (st != ZG_OK) return st;
            continue;
        }
        if (f1n == 6 && memcmp(line + f1, "define", 6) == 0) {
            zg_status st = zg_rules_define(&r->arena, defs, file, lineno, line, llen, i, err);
            if (st != ZG_OK) return st;
            continue;
        }
        if (f1n == 3 && memcmp(line + f1, "set", 3) == 0) {
            size_t s0 = i;
            while (i < llen && !is_space(line[i])) i++;
            if (!zg_rules_valid_name(line + s0, i - s0))
                return zg_rules_fail(err, file, lineno, zg_rules_column(line, s0),
                            "'set' needs a name of letters, digits, '_', '-' or '.'");
            set = zg_arena_strndup(&r->arena, line + s0, i - s0);
            if (!set) return ZG_ERR_NOMEM;
            while (i < llen && is_space(line[i])) i++;
            if (i == llen) continue;
            if (llen - i > 4 && memcmp(line + i, "near", 4) == 0 && is_space(line[i + 4])) {
                zg_status st = parse_trigger(r, defs, file, lineno, line, llen, i + 4, set, err);
                if (st != ZG_OK) return st;
                continue;
            }
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, i),
                        "unexpected text after set name (expected 'near PATTERN within N')");
        }
        if (!set)
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, f1),
                        "rule before any 'set NAME' line");
        if (!zg_rules_valid_name(line + f1, f1n))
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, f1),
                        "rule name must be 1-64 letters, digits, '_', '-' or '.'");
        size_t f2 = i;
        while (i < llen && !is_space(line[i])) i++;
        size_t f2n = i - f2;
        while (i < llen && is_space(line[i])) i++;
        if (f2n == 0 || i >= llen)
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, f2 < llen ? f2 : llen),
                        "expected 'NAME YIELD PATTERN'");
        if (!valid_utf8(line + f2, f2n))
            return zg_rules_fail(err, file, lineno, zg_rules_column(line, f2), "yield is not valid UTF-8 text");
        const char *pat;
        size_t pat_len;
        zg_status st = zg_rules_expand(&r->arena, defs, file, lineno, line, line + i, llen - i, &pat,
                                       &pat_len, err);
        if (st == ZG_OK)
            st = add_rule(r, file, lineno, line, set, line + f1, f1n, line + f2, f2n, pat, pat_len,
                          line + i, err);
        if (st != ZG_OK) return st;
    }
    return ZG_OK;
}

/* Parse one rule file's text; its defines hold until its end. */
static zg_status parse_text(zg_rules *r, const char *file, char *text, size_t len, zg_error *err)
{
    zg_rule_defines defs = { 0 };
    zg_status st = parse_lines(r, &defs, file, text, len, err);
    zg_rule_defines_free(&defs);
    return st;
}

static zg_status parse_file(zg_rules *r, const char *path, zg_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char why[256];
    zg_status st = zg_read_file(path, MAX_RULE_FILE_BYTES, &data, &len, why, sizeof why);
    if (st != ZG_OK) {
        if (err) {
            err->status = st;
            snprintf(err->file, sizeof err->file, "%s", path);
            err->line = err->column = 0;
            snprintf(err->message, sizeof err->message, "%s", why);
        }
        return st;
    }
    st = parse_text(r, path, (char *)data, len, err);
    free(data);
    return st;
}

/* an anchored twin that cannot be made (JIT refused it): stored so that no one tries again */
static const char no_code_marker;
#define NO_CODE ((pcre2_code *)(uintptr_t)&no_code_marker)

static zg_rules *rules_new(void)
{
    zg_rules *r = calloc(1, sizeof *r);
    if (r) zg_arena_init(&r->arena);
    return r;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Link each set NAME.also to the set NAME it is searched with as one set (rules/README.md, "Sets
 * searched as one"). An .also set without its main set, or of a set that is itself an .also
 * set, is an error at its first rule: nothing would ever search it.
 */
static zg_status link_also_sets(zg_rules *r, zg_error *err)
{
    static const char suffix[] = ".also";
    const size_t n_suffix = sizeof suffix - 1;
    for (size_t i = 0; i < r->n_sets; i++) {
        zg_ruleset *also = &r->sets[i];
        size_t len = strlen(also->name);
        if (len <= n_suffix || strcmp(also->name + len - n_suffix, suffix) != 0) continue;
        const zg_rule *first = &also->rules[0];
        char main_name[128];
        if (len - n_suffix >= sizeof main_name)
            return zg_rules_fail(err, first->file, first->line, 1, "set name too long: '%s'", also->name);
        memcpy(main_name, also->name, len - n_suffix);
        main_name[len - n_suffix] = '\0';
        size_t main_len = len - n_suffix;
        if (main_len > n_suffix && strcmp(main_name + main_len - n_suffix, suffix) == 0)
            return zg_rules_fail(err, first->file, first->line, 1,
                                 "set '%s': an .also set cannot have an .also set of its own",
                                 also->name);
        zg_ruleset *main_set = (zg_ruleset *)zg_rules_set(r, main_name);
        if (!main_set)
            return zg_rules_fail(err, first->file, first->line, 1,
                                 "set '%s' has no set '%s' to be searched with", also->name,
                                 main_name);
        main_set->also = also;
    }
    return ZG_OK;
}

static zg_status load_paths(char **paths, size_t n, zg_rules **out, zg_error *err)
{
    zg_rules *r = rules_new();
    if (!r) return ZG_ERR_NOMEM;
    zg_status st = ZG_OK;
    for (size_t i = 0; i < n && st == ZG_OK; i++) st = parse_file(r, paths[i], err);
    if (st == ZG_OK) st = zg_rules_finish(r, err);
    if (st == ZG_OK) st = link_also_sets(r, err);
    if (st != ZG_OK) {
        if (st == ZG_ERR_NOMEM && err) {
            err->status = st;
            snprintf(err->message, sizeof err->message, "%s", zg_status_message(st));
        }
        zg_rules_free(r);
        return st;
    }
    *out = r;
    return ZG_OK;
}

zg_status zg_rules_load_text(const char *name, const char *text, size_t len, zg_rules **out,
                             zg_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!name || (!text && len) || !out) return ZG_ERR_ARG;
    *out = NULL;
    if (len > MAX_RULE_FILE_BYTES) return zg_rules_fail(err, name, 0, 0, "rule text larger than 4 MiB");
    zg_rules *r = rules_new();
    char *copy = malloc(len + 1);
    if (!r || !copy) {
        free(copy);
        zg_rules_free(r);
        return ZG_ERR_NOMEM;
    }
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    zg_status st = parse_text(r, name, copy, len, err);
    free(copy);
    if (st == ZG_OK) st = zg_rules_finish(r, err);
    if (st == ZG_OK) st = link_also_sets(r, err);
    if (st != ZG_OK) {
        zg_rules_free(r);
        return st;
    }
    *out = r;
    return ZG_OK;
}

zg_status zg_rules_load_file(const char *path, zg_rules **out, zg_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!path || !out) return ZG_ERR_ARG;
    *out = NULL;
    char *paths[1] = { (char *)path };
    return load_paths(paths, 1, out, err);
}

zg_status zg_rules_load_dir(const char *dir, zg_rules **out, zg_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (!dir || !out) return ZG_ERR_ARG;
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d) {
        if (err) {
            err->status = ZG_ERR_IO;
            snprintf(err->file, sizeof err->file, "%s", dir);
            snprintf(err->message, sizeof err->message, "cannot open rules directory: %s",
                     strerror(errno));
        }
        return ZG_ERR_IO;
    }
    char **paths = NULL;
    size_t n = 0, cap = 0;
    zg_status st = ZG_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 7 || strcmp(e->d_name + nl - 6, ".rules") != 0 || e->d_name[0] == '.') continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **np = realloc(paths, ncap * sizeof *np);
            if (!np) { st = ZG_ERR_NOMEM; break; }
            paths = np;
            cap = ncap;
        }
        size_t plen = strlen(dir) + nl + 2;
        paths[n] = malloc(plen);
        if (!paths[n]) { st = ZG_ERR_NOMEM; break; }
        snprintf(paths[n], plen, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (st == ZG_OK && n == 0) {
        st = ZG_ERR_RULES;
        if (err) {
            err->status = st;
            snprintf(err->file, sizeof err->file, "%s", dir);
            snprintf(err->message, sizeof err->message, "no *.rules files in directory");
        }
    }
    if (st == ZG_OK) {
        qsort(paths, n, sizeof *paths, cmp_str);
        st = load_paths(paths, n, out, err);
    }
    for (size_t i = 0; i < n; i++) free(paths[i]);
    free(paths);
    return st;
}

size_t zg_rules_count(const zg_rules *r) { return r ? r->n_rules : 0; }

void zg_rules_free(zg_rules *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_rules; i++) {
        pcre2_code_free(r->rules[i].code);
        pcre2_code *a = atomic_load(&r->anchored[i]);
        if (a != NO_CODE) pcre2_code_free(a);
        a = r->jitted ? atomic_load(&r->jitted[i]) : NULL;
        if (a != NO_CODE) pcre2_code_free(a);
    }
    for (size_t i = 0; r->plans && i < r->n_sets; i++) {
        pcre2_code_free(r->plans[i].combined);
        pcre2_code *a = r->combined_anchored ? atomic_load(&r->combined_anchored[i]) : NULL;
        if (a != NO_CODE) pcre2_code_free(a);
        pcre2_code_free(r->plans[i].trigger);
        pcre2_code_free(r->plans[i].trigger_anchored);
    }
    for (size_t i = 0; i < r->n_triggers; i++) {
        pcre2_code_free(r->triggers[i].code);
        pcre2_code_free(r->triggers[i].anchored);
    }
    free(r->triggers);
    for (size_t i = 0; i < r->n_pending; i++) {
        pcre2_code_free(r->pending[i].rule.code);
        pcre2_code_free(r->pending[i].anchored);
    }
    free(r->pending);
    zg_arena_release(&r->arena);
    free(r);
}

const zg_ruleset *zg_rules_set(const zg_rules *r, const char *name)
{
    if (!r || !name) return NULL;
    /* the sets are in strcmp order of their names (finish sorts the rules by set name) */
    size_t lo = 0, hi = r->n_sets;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(r->sets[mid].name, name);
        if (c == 0) return &r->sets[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const zg_rule *zg_ruleset_rule(const zg_ruleset *set, const char *name)
{
    if (!set) return NULL;
    for (size_t i = 0; i < set->n_rules; i++)
        if (strcmp(set->rules[i].name, name) == 0) return &set->rules[i];
    return NULL;
}

const zg_rule *zg_ruleset_by_yield(const zg_ruleset *set, const char *yield)
{
    if (!set) return NULL;
    for (size_t i = 0; i < set->n_rules; i++)
        if (strcmp(set->rules[i].yield, yield) == 0) return &set->rules[i];
    return NULL;
}

/* for scanner.c */
uint32_t zg_rules_max_pairs(const zg_rules *r) { return r->max_pairs; }

/* Publish `code` in *slot unless another thread was first; the code that stays. */
static pcre2_code *publish(_Atomic(pcre2_code *) *slot, pcre2_code *code)
{
    pcre2_code *expected = NULL;
    if (atomic_compare_exchange_strong(slot, &expected, code)) return code;
    if (code != NO_CODE) pcre2_code_free(code);
    return expected;
}

pcre2_code *zg_rules_anchored_code(const zg_rules *r, const zg_rule *rule)
{
    size_t i = (size_t)(rule - r->rules);
    pcre2_code *code = atomic_load(&r->anchored[i]);
    if (code) return code == NO_CODE ? NULL : code;
    int ec = 0;
    PCRE2_SIZE eo = 0;
    code = zg_rules_compile(r->patterns[i], strlen(r->patterns[i]), PCRE2_ANCHORED, true, &ec, &eo);
    if (!code) return NULL; /* out of memory: the caller anchors at match time; try again later */
    if (!zg_rules_code_is_jit(code)) { /* without JIT the twin is no faster than anchoring at match time */
        pcre2_code_free(code);
        code = NO_CODE;
    }
    code = publish(&r->anchored[i], code);
    return code == NO_CODE ? NULL : code;
}

pcre2_code *zg_rules_jit_code(const zg_rules *r, const zg_rule *rule)
{
    size_t i = (size_t)(rule - r->rules);
    if (!r->jitted || i >= r->n_rules) return NULL;
    pcre2_code *code = atomic_load(&r->jitted[i]);
    if (code) return code == NO_CODE ? NULL : code;
    /* a copy: rule->code itself is read by other threads, and pcre2_jit_compile changes it */
    code = zg_rules_jit_disabled() ? NO_CODE : pcre2_code_copy(rule->code);
    if (!code) return NULL; /* out of memory: the interpreter, this time */
    if (code != NO_CODE &&
        (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0 || !zg_rules_code_is_jit(code))) {
        pcre2_code_free(code);
        code = NO_CODE; /* no JIT for it: always the interpreter */
    }
    code = publish(&r->jitted[i], code);
    return code == NO_CODE ? NULL : code;
}

pcre2_code *zg_rules_combined_anchored(const zg_rules *r, size_t set_index)
{
    if (!r->combined_src || set_index >= r->n_sets || !r->combined_src[set_index]) return NULL;
    pcre2_code *code = atomic_load(&r->combined_anchored[set_index]);
    if (code) return code == NO_CODE ? NULL : code;
    const char *pat = r->combined_src[set_index];
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) return NULL;
    pcre2_set_parens_nest_limit(cc, MAX_PAREN_NEST + 1);
    code = pcre2_compile((PCRE2_SPTR)pat, strlen(pat),
                         ZG_RULE_COMPILE_OPTIONS | PCRE2_DUPNAMES | PCRE2_ANCHORED, &ec, &eo, cc);
    pcre2_compile_context_free(cc);
    if (!code) return NULL;
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(code);
        code = NO_CODE; /* not with JIT: never (the rules one by one are as fast) */
    }
    code = publish(&r->combined_anchored[set_index], code);
    return code == NO_CODE ? NULL : code;
}

const zg_set_plan *zg_rules_plan(const zg_rules *r, const zg_ruleset *set, size_t *set_index)
{
    *set_index = (size_t)(set - r->sets);
    return *set_index < r->n_sets && r->plans ? &r->plans[*set_index] : NULL;
}

size_t zg_rules_set_count(const zg_rules *r) { return r->n_sets; }

size_t zg_rules_n_sets(const zg_rules *r) { return r ? r->n_sets : 0; }

const zg_ruleset *zg_rules_set_at(const zg_rules *r, size_t i)
{
    return r && i < r->n_sets ? &r->sets[i] : NULL;
}

size_t zg_rules_rule_index(const zg_rules *r, const zg_rule *rule)
{
    return (size_t)(rule - r->rules);
}
