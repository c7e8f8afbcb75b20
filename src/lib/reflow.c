/*
 * Reflow: line breaks for glued text, between normalize and segment.
 *
 * Some archives hold notices with every line break and space stripped (PDF copies, cleaned
 * crawls): 二、…情况（一）关于…的问题整改措施：①…. There no heading starts a line or follows a
 * gap, so the segmenter rightly takes every marker for one inside a sentence, and nothing
 * else starts a line either (title, field labels, signature). For such a text this stage puts a
 * '\n' into doc->norm before each heading or list marker that continues a numbering and at the
 * places rules/reflow.rules finds (labels, the title's end, a level-1 section's body, closing
 * paragraphs such as 下一步，and 附件：, the signature); each inserted byte maps to the text offset of the character after it, so
 * doc->text and every span stay as printed. Later stages then read the notice as if it had been
 * printed line by line, with their own rules unchanged. Other texts are untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "meta.h"
#include "segment_util.h"
#include "stages.h"
#include "util.h"

/* A text is glued when one stretch without a line break or a blank gap holds at least this
 * share (percent) of it and at least GLUED_MIN_BYTES: a title or a signature on lines of their
 * own around a glued body still counts. A printed notice breaks its lines every few hundred
 * bytes; a run-together one leaves blanks between its parts. */
enum { GLUED_SHARE_PERCENT = 50, GLUED_MIN_BYTES = 600 };
/* How many markers a numbering check looks back or ahead over: keeps hostile texts (a million
 * glued 统一、) linear; real numberings are dozens of markers apart at most. */
enum { MARKER_WALK = 512 };
/* The title is searched in the text's first TITLE_BYTES (its 160 characters and a 【…】 tag), the
 * signature in the last SIGNATURE_BYTES (the signature, contact lines and page furniture). */
enum { TITLE_BYTES = 600, SIGNATURE_BYTES = 1500 };

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A blank between two ASCII characters ("COD 200", "PM2.5 浓度" aside) is no gap. */
static bool is_gap(const char *norm, size_t n, size_t i)
{
    if (!is_space(norm[i])) return false;
    return !(norm[i] == ' ' && i > 0 && i + 1 < n && (unsigned char)norm[i - 1] < 0x80 &&
             (unsigned char)norm[i + 1] < 0x80 && !is_space(norm[i - 1]) &&
             !is_space(norm[i + 1]));
}

/* A gap-free stretch of `need` bytes covers a whole window of need/2 bytes at a multiple of
 * need/2: only windows are scanned, each up to its first gap (a few hundred bytes in printed
 * text), and a window without one is measured out to the stretch holding it. */
static bool is_glued(const char *norm, size_t n)
{
    if (n < GLUED_MIN_BYTES) return false;
    size_t need = (size_t)((unsigned long long)n * GLUED_SHARE_PERCENT / 100);
    if (need < GLUED_MIN_BYTES) need = GLUED_MIN_BYTES;
    size_t half = need / 2;
    for (size_t w = 0; w + half <= n; w += half) {
        size_t i = w;
        while (i < w + half && !is_gap(norm, n, i)) i++;
        if (i < w + half) continue;
        size_t a = w, b = w + half;
        while (a > 0 && !is_gap(norm, n, a - 1)) a--;
        while (b < n && !is_gap(norm, n, b)) b++;
        if (b - a >= need) return true;
    }
    return false;
}

typedef struct breaks {
    zg_document *doc;
    size_t *at;
    size_t n;
} breaks;

/* Note a break before norm[at], unless a line or a gap already separates it from what precedes. */
static bool add_break(breaks *b, size_t at)
{
    const char *norm = b->doc->norm;
    if (at == 0 || at >= b->doc->norm_len || is_space(norm[at - 1]) || is_space(norm[at]))
        return true;
    size_t *slot = zg_arena_push(&b->doc->arena, (void **)&b->at, &b->n, sizeof *slot);
    if (!slot) return false;
    *slot = at;
    return true;
}

/* A marker match (heading_marker or list_marker). */
typedef struct marker_match {
    const zg_rule *rule;
    size_t start, end;
    int number;
    bool inside;        /* glued to the text before it (zg_seg_clause_start: inside a sentence) */
    bool plausible;     /* a heading without looking ahead: not inside, or continuing */
    uint32_t style;     /* the marker's closing punctuation as printed (． or . , ） or )), or 0 */
} marker_match;

/* Markers of one numbering: the same rule, printed alike (1． headings and a 1.…2.… list
 * inside one of them fold to the same norm but are two numberings). */
static bool same_type(const marker_match *a, const marker_match *b)
{
    return a->rule == b->rule && a->style == b->style;
}

/*
 * A level-1 heading's title runs on into its section's body (一、整改工作开展情况局党组把…): a break
 * where glued_body finds the body's first words, after the title's first four characters and
 * before its first sentence end (and the next marker).
 */
static bool body_break(breaks *b, zg_scanner *sc, size_t marker_end, size_t next_marker)
{
    const zg_document *doc = b->doc;
    const zg_ruleset *set = ZG_SET(sc, "glued_body");
    if (!set) return true;
    size_t from = marker_end;
    for (int chars = 0; chars < 4 && from < next_marker; chars++)
        (void)zg_utf8_next(doc->norm, next_marker, &from);
    size_t to = zg_seg_title_end(doc->norm, from, next_marker);
    zg_match m;
    if (from < to && zg_match_leftmost(sc, set, doc->norm, from, to, 0, &m) == 1)
        return add_break(b, m.start);
    return true;
}

/* Does hm[i] (numbered n > 1) follow the marker of its type numbered n-1? */
static bool follows_previous(const marker_match *hm, size_t i)
{
    size_t stop = i > MARKER_WALK ? i - MARKER_WALK : 0;
    for (size_t j = i; j-- > stop;)
        if (same_type(&hm[j], &hm[i])) return hm[j].number == hm[i].number - 1;
    return false;
}

/*
 * Is hm[i] (numbered 1) followed by its type's 2, or does a heading of a higher level close its
 * list first (a section with one numbered entry) before the next marker of its type? And not a
 * restart: no plausible marker of its type since the last plausible heading of a higher level
 * (the 一、 of 统一、 after the heading 一、 would read as a list restarting at 1).
 */
static bool opens_list(const marker_match *hm, size_t n, size_t i)
{
    int rank = zg_seg_rule_rank(hm[i].rule);
    size_t stop = i > MARKER_WALK ? i - MARKER_WALK : 0;
    for (size_t j = i; j-- > stop;) {
        if (!hm[j].plausible) continue;
        if (same_type(&hm[j], &hm[i])) return false;
        int rj = zg_seg_rule_rank(hm[j].rule);
        if (rj >= 0 && rj < rank) break;
    }
    for (size_t j = i + 1; j < n && j <= i + MARKER_WALK; j++) {
        if (same_type(&hm[j], &hm[i])) return hm[j].number == 2;
        int rj = zg_seg_rule_rank(hm[j].rule);
        if (rj >= 0 && rj < rank && hm[j].number >= 1 && hm[j].plausible) return true;
    }
    return false;
}

/* The last character of norm[start, end) as printed in doc->text (0 if none). */
static uint32_t printed_last_char(const zg_document *doc, size_t start, size_t end)
{
    if (end <= start) return 0;
    size_t ts = doc->norm_map[end - 1], te = doc->norm_map[end];
    if (te <= ts || te - ts > 4) return 0;
    size_t i = ts;
    return zg_utf8_next(doc->text, te, &i);
}

/* Every match of a marker set in the text, with its number and position class. NULL and *n 0
 * when there is none; false on allocation failure. */
static bool collect_markers(zg_document *doc, zg_scanner *sc, const zg_ruleset *set,
                            marker_match **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t from = 0;
    zg_match m;
    while (from < doc->norm_len &&
           zg_match_leftmost(sc, set, doc->norm, from, doc->norm_len, 0, &m) == 1) {
        size_t ns, ne;
        marker_match *h = zg_arena_push(&doc->arena, (void **)out, n, sizeof *h);
        if (!h) return false;
        h->rule = m.rule;
        h->start = m.start;
        h->end = m.end;
        h->number = ZG_GROUP(sc, &m, "num", &ns, &ne) ? zg_seg_number(doc->norm + ns, ne - ns) : -1;
        h->inside = zg_seg_clause_start(doc->norm, m.start) == ZG_SEG_INSIDE;
        /* only closing punctuation folded to ASCII tells two printings apart (问题三, 问题四 end in
         * their numbers) */
        unsigned char last = m.end > m.start ? (unsigned char)doc->norm[m.end - 1] : 0;
        h->style = last && last < 0x80 && (last < '0' || last > '9')
                       ? printed_last_char(doc, m.start, m.end)
                       : 0;
        from = zg_meta_next(doc, &m);
    }
    for (size_t i = 0; i < *n; i++)
        (*out)[i].plausible = !(*out)[i].inside ||
                              ((*out)[i].number > 1 && follows_previous(*out, i));
    return true;
}

/*
 * Heading markers glued to the text before them that continue a numbering of their own type:
 * number n > 1 after its type's n-1; number 1 before its type's 2, or before a heading of a higher
 * level. So the 一、 of 统一、 (followed by another 一、) and a lone (3) inside a sentence get no
 * break; the segmenter still checks every marker against its parent's numbering. A level-1
 * heading's title also gets a break where its section's body starts (body_break).
 */
static bool heading_breaks(breaks *b, zg_scanner *sc)
{
    zg_document *doc = b->doc;
    const zg_ruleset *set = ZG_SET(sc, "heading_marker");
    marker_match *hm;
    size_t n;
    if (!set) return true;
    if (!collect_markers(doc, sc, set, &hm, &n)) return false;
    for (size_t i = 0; i < n; i++) {
        if (hm[i].number < 1) continue;
        bool continues = hm[i].inside && (hm[i].number == 1 ? opens_list(hm, n, i)
                                                            : follows_previous(hm, i));
        if (continues && !add_break(b, hm[i].start)) return false;
        if ((continues || !hm[i].inside) && zg_seg_rule_level(hm[i].rule) == 1 &&
            !body_break(b, sc, hm[i].end, i + 1 < n ? hm[i + 1].start : doc->norm_len))
            return false;
    }
    return true;
}

/* List markers glued to the text before them (…的问题一是…；二是…) that continue a numbering
 * of their type, as heading markers do (without the higher-level rule: lists have no levels). */
static bool list_breaks(breaks *b, zg_scanner *sc)
{
    zg_document *doc = b->doc;
    const zg_ruleset *set = ZG_SET(sc, "list_marker");
    marker_match *lm;
    size_t n;
    if (!set) return true;
    if (!collect_markers(doc, sc, set, &lm, &n)) return false;
    for (size_t i = 0; i < n; i++) {
        if (!lm[i].inside || lm[i].number < 1) continue;
        bool continues = false;
        if (lm[i].number > 1) {
            continues = follows_previous(lm, i);
        } else {
            for (size_t j = i + 1; j < n && j <= i + MARKER_WALK && !continues; j++)
                if (same_type(&lm[j], &lm[i])) continues = lm[j].number == 2;
        }
        if (continues && !add_break(b, lm[i].start)) return false;
    }
    return true;
}

/* A break before every match of a reflow.rules set in norm[from, to) (the first match only with
 * `once`): at the start of each of its `groups` that took part (NULL-terminated; NULL: the
 * match's start), or at their ends (at_end). One search serves all the groups of a match. */
static bool rule_breaks(breaks *b, zg_scanner *sc, const char *set_name, size_t from, size_t to,
                        bool once, const char *const *groups, bool at_end)
{
    zg_document *doc = b->doc;
    const zg_ruleset *set = zg_lookup_set_static(sc, set_name);
    if (!set) return true;
    zg_match m;
    while (from < to && zg_match_leftmost(sc, set, doc->norm, from, to, 0, &m) == 1) {
        for (size_t k = 0; groups ? groups[k] != NULL : k == 0; k++) {
            size_t gs = m.start, ge = m.end;
            if (groups && !zg_lookup_group_static(sc, &m, groups[k], &gs, &ge)) continue;
            if (!add_break(b, at_end ? ge : gs)) return false;
        }
        if (once) break;
        from = zg_meta_next(doc, &m);
    }
    return true;
}

static int by_offset(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* doc->norm and doc->norm_map again, with a '\n' before each (sorted) break offset. */
static bool insert_breaks(zg_document *doc, const size_t *at, size_t n)
{
    size_t len = doc->norm_len + n;
    char *norm = zg_arena_alloc_raw(&doc->arena, len + 1);
    size_t *map = zg_arena_alloc_raw(&doc->arena, (len + 1) * sizeof *map);
    if (!norm || !map) return false;
    size_t out = 0, from = 0;
    for (size_t k = 0; k <= n; k++) {
        size_t to = k < n ? at[k] : doc->norm_len;
        memcpy(norm + out, doc->norm + from, to - from);
        memcpy(map + out, doc->norm_map + from, (to - from) * sizeof *map);
        out += to - from;
        if (k < n) {
            norm[out] = '\n';
            map[out] = doc->norm_map[to];
            out++;
        }
        from = to;
    }
    norm[len] = '\0';
    map[len] = doc->norm_map[doc->norm_len];
    doc->norm = norm;
    doc->norm_len = len;
    doc->norm_map = map;
    return true;
}

zg_status zg_reflow(zg_document *doc, zg_scanner *sc, zg_error *err)
{
    (void)err;
    if (!is_glued(doc->norm, doc->norm_len)) return ZG_OK;
    breaks b = { .doc = doc };
    size_t n = doc->norm_len;
    size_t head = n > TITLE_BYTES ? zg_meta_char_start(doc, TITLE_BYTES) : n;
    size_t tail = n > SIGNATURE_BYTES ? zg_meta_char_start(doc, n - SIGNATURE_BYTES) : 0;
    static const char *const title[] = { "title", NULL };
    static const char *const byline[] = { "dash", "speaker", "address", NULL };
    static const char *const signature[] = { "issuer", "date", "seal", NULL };
    if (!heading_breaks(&b, sc) || !list_breaks(&b, sc) ||
        !rule_breaks(&b, sc, "glued_label", 0, n, false, NULL, false) ||
        !rule_breaks(&b, sc, "glued_paragraph", 0, n, false, NULL, false) ||
        !rule_breaks(&b, sc, "glued_title", 0, head, true, title, true) ||
        !rule_breaks(&b, sc, "glued_byline", 0, head, true, byline, false) ||
        !rule_breaks(&b, sc, "glued_signature", tail, n, false, signature, false))
        return ZG_ERR_NOMEM;
    if (b.n == 0) return ZG_OK;
    qsort(b.at, b.n, sizeof *b.at, by_offset);
    size_t kept = 0;
    for (size_t i = 0; i < b.n; i++)
        if (kept == 0 || b.at[i] != b.at[kept - 1]) b.at[kept++] = b.at[i];
    if (!insert_breaks(doc, b.at, kept)) return ZG_ERR_NOMEM;
    /* the scanner's index and caches belong to the old norm */
    zg_scanner_bind(sc, doc);
    zg_doc_diag(doc, ZG_SEV_INFO, "glued-text", (zg_span){ 0, 0 },
                "the text runs on without line breaks or spaces: it is read with %zu line breaks "
                "inferred before headings, field labels, the title and the signature", kept);
    return ZG_OK;
}
