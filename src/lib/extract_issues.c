/*
 * Issues from the heading tree: the inspected problems whose rectification the notice reports.
 *
 * 1. The issues section is found by its wording (rules/sections.rules "issues_section"), not by
 *    its position: every outermost heading whose title matches, minus the overview/outlook
 *    headings ("not_issues_section"). Several sibling sections may match (audit reports with one
 *    "…方面问题的整改情况" section per category); one whose headings show no problem (no labels,
 *    no problem wording) while another's do is left out.
 * 2. The issues are the leaf headings under those sections, whatever their level; a heading with
 *    its own 整改措施/整改进展 labels is a problem even if numbered measures were taken for its
 *    sub-headings, and one whose （1） items carry such labels holds its problems in them. Without any such section the leaves of the whole tree are taken, keeping only
 *    the top-level sections that show problems, if the text reports on rectification at all: its
 *    kind is known, or its opening says so (rules/sections.rules "notice_wording"). A
 *    statistical bulletin or a law page has headings but no problems (diagnostic not-a-notice).
 * 3. Per issue: the labelled fields of its body (rules/labels.rules), the measures list, and the
 *    progress statement — the labelled one, or the closing sentence of a narrative item — read by
 *    zg_extract_progress. A paragraph summing up the section is cut off the last problem.
 * Ambiguities become diagnostics: no-issues-section, ambiguous-issues-section, no-issues,
 * not-a-notice, status-conflict, status-unrecognized, missing-progress.
 */
#include "issues.h"
#include "lookup.h"
#include "meta.h"
#include "segment_util.h"
#include "stages.h"

#include <string.h>

static bool title_matches(issue_ctx *cx, const zg_ruleset *set, const zg_node *n)
{
    if (!set || !n->title.s) return false;
    if (cx->title_node != n) {
        cx->title_node = n;
        cx->title_ns = norm_of_text(cx->doc, n->title.span.start);
        cx->title_ne = norm_of_text(cx->doc, n->title.span.end);
    }
    size_t ns = cx->title_ns, ne = cx->title_ne;
    zg_match m;
    /* headings repeat across notices (整改工作基本情况): answers are remembered by their text */
    return ns < ne && zg_lookup_search(cx->sc, cx->doc, set, ZG_SEARCH_LEFTMOST, ns, ne, &m) == 1;
}

static bool is_issues_section(issue_ctx *cx, const zg_node *n)
{
    /* not_section first: its trigger answers most headings without a search */
    return !title_matches(cx, cx->not_section, n) && title_matches(cx, cx->section, n);
}

/* Outermost headings worded as an issues section, in document order. */
static bool collect_sections(issue_ctx *cx, const zg_node *parent, const zg_node ***out, size_t *n)
{
    for (const zg_node *c = parent->first_child; c; c = c->next) {
        if (is_issues_section(cx, c)) {
            const zg_node **slot = zg_arena_push(&cx->doc->arena, (void **)out, n, sizeof *slot);
            if (!slot) return false;
            *slot = c;
        } else if (!collect_sections(cx, c, out, n)) {
            return false;
        }
    }
    return true;
}

/* A heading whose section holds a table: its problems are table rows (extract_tables.c). */
static bool holds_table(const zg_document *doc, const zg_node *n)
{
    for (size_t i = 0; i < doc->n_tables; i++)
        if (doc->tables[i].span.start >= n->span.start && doc->tables[i].span.start < n->span.end)
            return true;
    return false;
}

/* Does the heading's own text (before its first sub-heading) carry a measures or progress
 * label? Then it is a problem whose numbered measures were taken for sub-headings. */
static bool has_own_fields(issue_ctx *cx, const zg_node *n)
{
    if (!cx->labels) return false;
    size_t to = n->first_child ? n->first_child->span.start : n->body.end;
    size_t ns = norm_of_text(cx->doc, n->body.start), ne = norm_of_text(cx->doc, to);
    if (ns >= ne) return false;
    zg_field f[MAX_FIELDS];
    size_t nf = zg_issue_fields(cx, ns, ne, f);
    return zg_issue_field_of(f, nf, FIELD_MEASURES, 0) || zg_issue_progress_field(f, nf);
}

static bool skipped_subtree(issue_ctx *cx, const zg_node *c)
{
    return title_matches(cx, cx->not_section, c) && !title_matches(cx, cx->problem_title, c);
}

/* Are most of parent's headings categories (sub-headings, no labels of their own)? Then a
 * childless one among them is a category with nothing listed under it ((五)审计移送问题线索的
 * 查处情况 and a paragraph), not a problem. */
static bool categories_level(issue_ctx *cx, const zg_node *parent)
{
    size_t with = 0, without = 0;
    const zg_node *c = parent->first_child;
    while (c && !c->first_child) c = c->next;
    if (!c) return false; /* the common case: all leaves, no title to match */
    for (c = parent->first_child; c; c = c->next) {
        if (skipped_subtree(cx, c)) continue;
        if (c->first_child && !has_own_fields(cx, c)) with++;
        else without++;
    }
    return with > 0 && with >= without;
}

/* Leaf headings under `parent` in document order; overview/outlook subtrees are skipped. */
static bool collect_leaves(issue_ctx *cx, const zg_node *parent, int min_level,
                           const zg_node ***out, size_t *n)
{
    int categories = -1;   /* categories_level(parent), asked once when needed */
    for (const zg_node *c = parent->first_child; c; c = c->next) {
        if (skipped_subtree(cx, c)) continue;
        if (c->first_child && !has_own_fields(cx, c)) {
            if (!collect_leaves(cx, c, min_level, out, n)) return false;
            continue;
        }
        if (holds_table(cx->doc, c) || (c->level < min_level && !has_own_fields(cx, c))) continue;
        if (!c->first_child &&
            (categories < 0 ? (categories = categories_level(cx, parent)) : categories) &&
            !has_own_fields(cx, c))
            continue;
        const zg_node **slot = zg_arena_push(&cx->doc->arena, (void **)out, n, sizeof *slot);
        if (!slot) return false;
        *slot = c;
    }
    return true;
}

/* Nearest enclosing heading that names a class of problems; NULL under a generic section. */
static const zg_node *category_of(issue_ctx *cx, const zg_node *leaf, const zg_node *section)
{
    /* siblings ask about the same parent: answered once (two title searches or more) */
    if (cx->cat_asked && cx->cat_parent == leaf->parent && cx->cat_section == section)
        return cx->cat_answer;
    cx->cat_asked = true;
    cx->cat_parent = leaf->parent;
    cx->cat_section = section;
    cx->cat_answer = NULL;
    for (const zg_node *p = leaf->parent; p && p != &cx->doc->root && p->level > 0;
         p = p->parent) {
        /* a section is itself a category only when it is one of several sibling sections that
         * each name a class (二、…方面问题的整改情况, 三、…方面问题的整改情况) */
        if (p == section)
            return cx->cat_answer =
                       cx->n_sections > 1 && title_matches(cx, cx->category_class, p) ? p : NULL;
        /* a slogan (聚焦问题，逐项抓好整改落实) names no class: look further up */
        if (!title_matches(cx, cx->generic, p) || title_matches(cx, cx->category_class, p))
            return cx->cat_answer = p;
    }
    return NULL;
}

/* Is norm[i] the last byte of a sentence end (。 ！ ？ or a line break)? */
static bool sentence_end_at(const char *s, size_t i, size_t from)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == '!' || c == '?') return true;
    return c == 0x82 && i >= from + 2 && (unsigned char)s[i - 1] == 0x80 &&
           (unsigned char)s[i - 2] == 0xE3;
}

/*
 * The closing sentence of a narrative item: the last sentence of norm[from, to), unless it is
 * the opening sentence of the last enumerated measure (then the item has no statement).
 */
static bool closing_sentence(issue_ctx *cx, size_t from, size_t to, const zg_list_item *items,
                             int n_items, size_t *ss, size_t *se)
{
    const char *s = cx->doc->norm;
    size_t end = trim_back(s, from, to, true);
    while (end > from) {   /* drop the final 。！？ */
        size_t e2 = end;
        if (s[e2 - 1] == '!' || s[e2 - 1] == '?') e2--;
        else if (e2 - from >= 3 && sentence_end_at(s, e2 - 1, from)) e2 -= 3;
        if (e2 == end) break;
        end = trim_back(s, from, e2, false);
    }
    if (end <= from) return false;
    /* a trailing parenthetical (（责任单位：…）) is no sentence of its own */
    if (s[end - 1] == ')') {
        size_t open = end - 1;
        while (open > from && s[open - 1] != '(' && !sentence_end_at(s, open - 1, from)) open--;
        if (open > from && s[open - 1] == '(') end = trim_back(s, from, open - 1, true);
        if (end <= from) return false;
    }
    /* in an enumerated item, measures are separated by ";" too: the closing clause follows one */
    size_t start = from;
    for (size_t i = end; i > from; i--) {
        if (sentence_end_at(s, i - 1, from) || (n_items > 0 && s[i - 1] == ';')) { start = i; break; }
    }
    start = skip_space(s, start, end);
    if (start >= end) return false;
    if (n_items > 0 && zg_norm_to_text(cx->doc, start) <= items[n_items - 1].span.start)
        return false;
    *ss = start;
    *se = to;
    return true;
}

/*
 * The last problem of a section runs to the next heading, so a paragraph summing up the whole
 * section (以上问题中…) would end up in its text: cut the trailing paragraphs that open so.
 */
static size_t cut_section_summary(issue_ctx *cx, size_t from, size_t to)
{
    const char *s = cx->doc->norm;
    zg_match m;
    for (;;) {
        size_t end = trim_back(s, from, to, false), para = end;
        while (para > from && s[para - 1] != '\n') para--;
        if (para <= from || !cx->summary ||
            zg_match_leftmost(cx->sc, cx->summary, s, para, end, ZG_MATCH_ANCHORED, &m) != 1)
            return to;
        to = para;
    }
}

/*
 * The last problem of a notice runs to the end of the text, over the closing part: the contact
 * block (联系电话…, 欢迎…监督), a closing formula (特此通报) and the signature (issuer, date;
 * known from zg_extract_metadata). Cut norm[from, to) where the earliest of them starts.
 */
static size_t cut_closing_part(issue_ctx *cx, size_t from, size_t to)
{
    const zg_document *doc = cx->doc;
    zg_match m;
    if (cx->closing && zg_match_leftmost(cx->sc, cx->closing, doc->norm, from, to, 0, &m) == 1 &&
        m.start > from)
        to = m.start;
    if (doc->issuer.s && doc->issuer.span.end > doc->issuer.span.start) {
        size_t at = norm_of_text(doc, doc->issuer.span.start);
        if (at > from && at < to) to = at;
    }
    if (!doc->date_from_page && doc->date.precision != ZG_PREC_NONE &&
        doc->date.span.end > doc->date.span.start) {
        size_t at = norm_of_text(doc, doc->date.span.start);
        if (at > from && at < to) to = at;
    }
    return to;
}

/* A labelled problem whose numbered measures (1．…2．…) were taken for sub-headings: those
 * headings are its measures. */
static bool measures_from_children(zg_document *doc, const zg_node *node, zg_list_item **items,
                                   int *n)
{
    size_t count = 0;
    for (const zg_node *c = node->first_child; c; c = c->next) {
        zg_list_item *li = zg_arena_push(&doc->arena, (void **)items, &count, sizeof *li);
        if (!li) return false;
        li->type = c->type;
        li->marker = c->marker;
        li->number = c->number;
        li->span = (zg_span){ c->span.start, c->body.end };
        li->text = zg_sref_from_span(doc, (zg_span){ c->title.span.start, c->body.end });
    }
    *n = (int)count;
    return true;
}

static zg_status fill_issue(issue_ctx *cx, const zg_node *node, const zg_node *section,
                            zg_issue *it)
{
    zg_document *doc = cx->doc;
    it->number = node->number;
    it->marker = node->marker;
    it->title = node->title;
    it->span = node->span;
    it->node = node;
    const zg_node *cat = category_of(cx, node, section);
    if (cat) it->category = cat->title;

    size_t bs = norm_of_text(doc, node->body.start), be = norm_of_text(doc, node->body.end);
    if (be < bs) be = bs;
    if (!node->next) be = cut_section_summary(cx, bs, cut_closing_part(cx, bs, be));
    zg_field f[MAX_FIELDS];
    size_t nf = cx->labels ? zg_issue_fields(cx, bs, be, f) : 0;

    /* measures: the labelled block, else the enumerated actions of the body */
    const zg_field *mf = zg_issue_field_of(f, nf, FIELD_MEASURES, 0);
    const zg_field *pf = zg_issue_progress_field(f, nf);
    size_t ms, me;
    if (mf) { ms = mf->start; me = mf->end; }
    else if (pf) { ms = pf->start; me = pf->end; }
    else { ms = bs; me = nf ? f[0].label_start : be; }
    zg_list_item *items = NULL;
    int n_items = zg_segment_list(doc, cx->sc, ms, me, &items);
    /* a progress statement without a list: the actions may be enumerated in the body before the
     * first label (2.关于…的问题 一是…；二是…。整改进展：基本完成。) */
    if (n_items == 0 && !mf && pf && f[0].label_start > bs)
        n_items = zg_segment_list(doc, cx->sc, bs, f[0].label_start, &items);
    if (n_items < 0) return ZG_ERR_NOMEM;
    if (n_items == 0 && node->first_child && !measures_from_children(doc, node, &items, &n_items))
        return ZG_ERR_NOMEM;
    it->measures = items;
    it->n_measures = (size_t)n_items;
    it->measures_listed = n_items > 0;
    if (mf) it->measures_text = zg_issue_field_text(doc, mf);

    /* progress: the labelled statement, else the closing sentence of a narrative item */
    zg_status st = ZG_OK;
    size_t ss, se;
    if (pf && !mf && n_items > 0 &&
        closing_sentence(cx, pf->start, pf->end, items, n_items, &ss, &se)) {
        /* the statement holds the measures (audit 整改情况 paragraph with ①②…): the status comes
         * from its closing sentence, never from words inside the measures */
        st = zg_extract_progress(doc, cx->sc, ss, se, &it->progress);
        it->progress.label = zg_sref_from_norm(doc, pf->label_start, pf->label_end);
        if (st == ZG_OK && it->progress.deadline.precision == ZG_PREC_NONE) {
            zg_progress whole;
            memset(&whole, 0, sizeof whole);
            st = zg_extract_progress_parts(doc, cx->sc, pf->start, pf->end, ZG_PROGRESS_DEADLINE,
                                           &whole);
            it->progress.deadline = whole.deadline;
        }
    } else if (pf) {
        st = zg_extract_progress(doc, cx->sc, pf->start, pf->end, &it->progress);
        it->progress.label = zg_sref_from_norm(doc, pf->label_start, pf->label_end);
        for (size_t k = 1; st == ZG_OK; k++) {
            const zg_field *other = zg_issue_field_of(f, nf, FIELD_PROGRESS, k);
            if (!other) break;
            zg_progress p2;
            memset(&p2, 0, sizeof p2);
            st = zg_extract_progress_parts(doc, cx->sc, other->start, other->end,
                                           ZG_PROGRESS_STATUS, &p2);
            if (st == ZG_OK && p2.status != ZG_ST_UNKNOWN && it->progress.status != ZG_ST_UNKNOWN &&
                p2.status != it->progress.status)
                zg_doc_diag(doc, ZG_SEV_WARNING, "status-conflict", p2.text.span,
                            "issue %d has two progress statements that disagree (%s, then %s)",
                            node->number, zg_progress_status_name(it->progress.status),
                            zg_progress_status_name(p2.status));
        }
    } else {
        /* no progress label: the closing sentence of the measures block, or of the unlabelled
         * narrative before any other field */
        size_t cs = mf ? mf->start : bs, cend = mf ? mf->end : nf ? f[0].label_start : be;
        if (closing_sentence(cx, cs, cend, items, n_items, &ss, &se))
            st = zg_extract_progress(doc, cx->sc, ss, se, &it->progress);
        /* an unlisted narrative (audit paragraph) may state its deadline before the last sentence */
        if (st == ZG_OK && n_items == 0 && it->progress.status != ZG_ST_UNKNOWN &&
            it->progress.deadline.precision == ZG_PREC_NONE) {
            zg_progress whole;
            memset(&whole, 0, sizeof whole);
            st = zg_extract_progress_parts(doc, cx->sc, cs, cend, ZG_PROGRESS_DEADLINE, &whole);
            it->progress.deadline = whole.deadline;
        }
    }
    /* 整改情况：（1）…；（2）… then 整改结果：已整改: the first statement tells what was done, a later
     * one how the item stands; its status (and deadline) where the first has none */
    for (size_t k = 1; st == ZG_OK && pf && it->progress.status == ZG_ST_UNKNOWN; k++) {
        const zg_field *later = zg_issue_field_of(f, nf, FIELD_PROGRESS, k);
        if (!later) break;
        if (later->start <= pf->start) continue;
        zg_progress p2;
        memset(&p2, 0, sizeof p2);
        st = zg_extract_progress(doc, cx->sc, later->start, later->end, &p2);
        if (st == ZG_OK && p2.status != ZG_ST_UNKNOWN) {
            p2.label = zg_sref_from_norm(doc, later->label_start, later->label_end);
            it->progress = p2;
        }
    }
    if (st != ZG_OK) return st;
    if (pf && it->progress.status == ZG_ST_UNKNOWN && it->progress.text.s)
        zg_doc_diag(doc, ZG_SEV_INFO, "status-unrecognized", it->progress.text.span,
                    "the progress statement of issue %d has no known status phrase", node->number);

    /* 整改时限 / 责任单位 fields (environmental notices, audit lists) */
    const zg_field *tf = zg_issue_field_of(f, nf, FIELD_TIME_LIMIT, 0);
    if (tf) {
        it->time_limit = zg_issue_field_text(doc, tf);
        zg_progress tl;
        memset(&tl, 0, sizeof tl);
        st = zg_extract_progress_parts(doc, cx->sc, tf->start, tf->end,
                                       ZG_PROGRESS_DEADLINE | ZG_PROGRESS_LONG_TERM, &tl);
        if (st != ZG_OK) return st;
        if (it->progress.deadline.precision == ZG_PREC_NONE) it->progress.deadline = tl.deadline;
        /* the field states the time limit: a date there is the deadline without a cue word
         * (整改时限：2024年12月31日, 2025年上半年), as in a table's 整改时限 cell */
        if (it->progress.deadline.precision == ZG_PREC_NONE) {
            const zg_date *ref = doc->ref_date.precision != ZG_PREC_NONE ? &doc->ref_date : NULL;
            zg_date d;
            size_t nend;
            if (zg_date_find(doc, cx->sc, tf->start, tf->end, ref, ZG_DATE_END, &d, &nend) == 1)
                it->progress.deadline = d;
        }
        if (tl.long_term) it->progress.long_term = true;
    }
    const zg_field *rf = zg_issue_field_of(f, nf, FIELD_RESPONSIBLE, 0);
    if (rf) it->responsible = zg_issue_field_text(doc, rf);
    return ZG_OK;
}

/*
 * A heading whose body lists items that open lines or sentences (（1）…（2）…; one, if the
 * heading names a class) that each carry their own measures or progress labels, with no label
 * before the first, holds its problems in those items (1．…方面 / （1）…不深入。/ 整改措施：… / 整改进展：…). A node is
 * made for each item, outside the tree (the outline keeps GOLD.md's levels: （1） is never an
 * entry), with the heading as its parent, which so becomes their category. NULL when not so.
 */
static zg_node *labelled_items(issue_ctx *cx, const zg_node *leaf, size_t *n)
{
    zg_document *doc = cx->doc;
    *n = 0;
    if (leaf->first_child || !cx->labels) return NULL;
    size_t bs = norm_of_text(doc, leaf->body.start), be = norm_of_text(doc, leaf->body.end);
    /* the body opens with the first item ((1) as normalized): else no list search at all */
    size_t p = skip_space(doc->norm, bs, be);
    if (p >= be || doc->norm[p] != '(') return NULL;
    zg_list_item *items = NULL;
    int count = bs < be ? zg_segment_list(doc, cx->sc, bs, be, &items) : 0;
    zg_field f[MAX_FIELDS];
    /* one item only under a heading that names a class (作风建设方面): a lone （1） with a label
     * after it may be a problem's one measure */
    if (count < 1 || (count == 1 && !title_matches(cx, cx->category_class, leaf)) ||
        zg_issue_fields(cx, bs, norm_of_text(doc, items[0].span.start), f) > 0)
        return NULL;
    zg_node *nodes = zg_arena_alloc(&doc->arena, (size_t)count * sizeof *nodes);
    if (!nodes) return NULL;
    for (int i = 0; i < count; i++) {
        const zg_list_item *li = &items[i];
        /* (an inferred line break maps to the text offset of the marker after it) */
        size_t ms = skip_space(doc->norm, norm_of_text(doc, li->span.start), be);
        size_t ts = norm_of_text(doc, li->text.span.start);
        size_t end = i + 1 < count ? norm_of_text(doc, items[i + 1].span.start) : be;
        size_t te = zg_seg_title_end(doc->norm, ts, end);
        /* an item opens a line or a sentence (glued text: after 。), never a clause after a comma */
        if (zg_seg_clause_start(doc->norm, ms) == ZG_SEG_INSIDE || te <= ts || te >= end)
            return NULL;
        size_t nf = zg_issue_fields(cx, te, end, f);
        if (!zg_issue_field_of(f, nf, FIELD_MEASURES, 0) && !zg_issue_progress_field(f, nf)) return NULL;
        nodes[i] = (zg_node){ leaf->level + 1, leaf->rank + 1, li->type, li->marker, li->number,
                              zg_sref_from_norm(doc, ts, te),
                              { zg_norm_to_text(doc, te), zg_norm_to_text(doc, end) },
                              { li->span.start, zg_norm_to_text(doc, end) },
                              (zg_node *)leaf, NULL, NULL, NULL };
        nodes[i].next = i + 1 < count ? &nodes[i + 1] : leaf->next;
    }
    *n = (size_t)count;
    return nodes;
}

/* The leaves with every heading of labelled items (labelled_items) replaced by its items; each
 * item keeps its heading's owner section. *made[i]: leaves[i] is such an item (*made NULL and
 * the leaves untouched when there is none). */
static bool expand_items(issue_ctx *cx, const zg_node ***leaves, const zg_node ***owner,
                         size_t *n, bool **made)
{
    zg_document *doc = cx->doc;
    const zg_node **out = NULL, **own = NULL;
    size_t n_out = 0, n_own = 0, n_made = 0, first = 0, k = 0;
    zg_node *items = NULL;
    *made = NULL;
    while (first < *n && !(items = labelled_items(cx, (*leaves)[first], &k))) first++;
    if (!items) return true; /* the common case: nothing to copy */
    for (size_t i = 0; i < *n; i++) {
        if (i > first) items = labelled_items(cx, (*leaves)[i], &k);
        else if (i < first) items = NULL;
        for (size_t j = 0; j < (items ? k : 1); j++) {
            const zg_node **slot = zg_arena_push(&doc->arena, (void **)&out, &n_out, sizeof *slot);
            bool *mark = zg_arena_push(&doc->arena, (void **)made, &n_made, sizeof *mark);
            if (!slot || !mark) return false;
            *slot = items ? &items[j] : (*leaves)[i];
            *mark = items != NULL;
            if (*owner) {
                const zg_node **o = zg_arena_push(&doc->arena, (void **)&own, &n_own, sizeof *o);
                if (!o) return false;
                *o = (*owner)[i];
            }
        }
    }
    *leaves = out;
    if (*owner) *owner = own;
    *n = n_out;
    return true;
}

static const zg_node *top_ancestor(const zg_node *n)
{
    while (n->parent && n->parent->level > 0) n = n->parent;
    return n;
}

/*
 * Without an issues section, the leaves of the whole tree are candidates. Keep only the
 * top-level sections that hold evidence of problems — a heading with measures/progress labels,
 * else (no labels anywhere) a heading worded as a problem: the others are overview sections
 * ((一)深化思想认识 …) that no wording excluded.
 */
static size_t keep_labelled_groups(issue_ctx *cx, const zg_node **leaves, size_t n)
{
    bool any = false;
    bool *labelled = zg_arena_alloc(&cx->doc->arena, n ? n : 1);
    if (!labelled) return n;
    for (size_t i = 0; i < n; i++) {
        labelled[i] = has_own_fields(cx, leaves[i]);
        any = any || labelled[i];
    }
    if (!any) {
        for (size_t i = 0; i < n; i++) {
            labelled[i] = title_matches(cx, cx->problem_title, leaves[i]);
            any = any || labelled[i];
        }
    }
    if (!any) return n;
    /* leaves come in document order, so each top-level section's leaves form one run */
    size_t kept = 0;
    for (size_t i = 0; i < n;) {
        const zg_node *top = top_ancestor(leaves[i]);
        size_t j = i;
        bool group = false;
        for (; j < n && top_ancestor(leaves[j]) == top; j++)
            if (labelled[j]) group = true;
        for (size_t k = i; group && k < j; k++) leaves[kept++] = leaves[k];
        i = j;
    }
    return kept;
}

/* Does any of these headings show a problem: its own measures/progress labels, or a title
 * worded as a problem? */
static bool shows_problems(issue_ctx *cx, const zg_node *const *leaves, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (has_own_fields(cx, leaves[i]) || title_matches(cx, cx->problem_title, leaves[i]))
            return true;
    return false;
}

/*
 * The leaves under every issues section, each with the section it belongs to. A section worded
 * like one (一、巡视反馈问题整改工作的组织领导) whose headings show no problem while another
 * section's do is dropped, with a diagnostic.
 */
static bool leaves_of_sections(issue_ctx *cx, const zg_node **sections, size_t n_sections,
                               const zg_node ***leaves, const zg_node ***owner, size_t *n_leaves,
                               size_t *n_owner)
{
    zg_document *doc = cx->doc;
    size_t *first = zg_arena_alloc(&doc->arena, (n_sections + 1) * sizeof *first);
    bool *shows = zg_arena_alloc(&doc->arena, n_sections + 1);
    if (!first || !shows) return false;
    bool any = false;
    for (size_t i = 0; i < n_sections; i++) {
        first[i] = *n_leaves;
        if (!collect_leaves(cx, sections[i], 1, leaves, n_leaves)) return false;
        /* no leaves yet: *leaves may still be NULL, and NULL + 0 is undefined */
        shows[i] = *n_leaves > first[i] &&
                   shows_problems(cx, *leaves + first[i], *n_leaves - first[i]);
        any = any || shows[i];
    }
    first[n_sections] = *n_leaves;
    size_t kept = 0, kept_sections = 0;
    for (size_t i = 0; i < n_sections; i++) {
        if (any && !shows[i]) {
            if (first[i + 1] > first[i])
                zg_doc_diag(doc, ZG_SEV_INFO, "ambiguous-issues-section", sections[i]->span,
                            "'%s' is worded like the issues section but its headings show no "
                            "problems; left out", sections[i]->title.s ? sections[i]->title.s : "");
            continue;
        }
        kept_sections++;
        for (size_t k = first[i]; k < first[i + 1]; k++) {
            (*leaves)[kept++] = (*leaves)[k];
            const zg_node **slot = zg_arena_push(&doc->arena, (void **)owner, n_owner, sizeof *slot);
            if (!slot) return false;
            *slot = sections[i];
        }
    }
    *n_leaves = kept;
    cx->n_sections = kept_sections;
    return true;
}

/* Does the text report on rectification? One of a known kind does; otherwise its opening must
 * say so. A rule folder without the set treats every text as a notice, as before the set. */
static bool reports_rectification(issue_ctx *cx)
{
    zg_document *doc = cx->doc;
    const zg_ruleset *wording = ZG_SET(cx->sc, "notice_wording");
    if (!wording || !doc->kind || strcmp(doc->kind, "other") != 0) return true;
    size_t to = doc->norm_len <= ZG_META_OPENING_BYTES
                    ? doc->norm_len
                    : zg_meta_char_start(doc, ZG_META_OPENING_BYTES);
    zg_match m;
    /* a search that hit a limit (-1, reported) gives the text the benefit of the doubt */
    return zg_match_leftmost(cx->sc, wording, doc->norm, 0, to, 0, &m) != 0;
}

zg_status zg_extract_issues(zg_document *doc, zg_scanner *sc)
{
    if (!doc || !sc || !doc->norm) return doc && sc ? ZG_OK : ZG_ERR_ARG;
    issue_ctx cx = {
        doc, sc, ZG_SET(sc, "issues_section"), ZG_SET(sc, "not_issues_section"),
        ZG_SET(sc, "category_class"), ZG_SET(sc, "field_label"),
        ZG_SET(sc, "problem_title"), ZG_SET(sc, "section_summary"),
        ZG_SET(sc, "generic_section"), 0, ZG_SET(sc, "closing_part"), { { 0, 0, 0, NULL } }, 0,
        NULL, 0, 0, false, NULL, NULL, NULL,
    };

    const zg_node **sections = NULL;
    size_t n_sections = 0;
    if (!collect_sections(&cx, &doc->root, &sections, &n_sections)) return ZG_ERR_NOMEM;
    cx.n_sections = n_sections;

    const zg_node **leaves = NULL, **owner = NULL;
    size_t n_leaves = 0, n_owner = 0;
    if (!leaves_of_sections(&cx, sections, n_sections, &leaves, &owner, &n_leaves, &n_owner))
        return ZG_ERR_NOMEM;
    for (size_t i = 0; i < n_leaves && !doc->issues_section; i++) doc->issues_section = owner[i];
    if (n_sections > 0 && !doc->issues_section) doc->issues_section = sections[0];

    bool notice = true;
    if (n_leaves == 0 && doc->root.first_child && n_sections == 0 &&
        !(notice = reports_rectification(&cx)))
        zg_doc_diag(doc, ZG_SEV_INFO, "not-a-notice", (zg_span){0, 0},
                    "the text does not read as a rectification notice (kind other, no "
                    "rectification wording in its opening): its headings were not taken for "
                    "problems");
    if (n_leaves == 0 && doc->root.first_child && notice) {
        /* no section worded as one: take the problems from the structure (levels below 1) */
        if (!collect_leaves(&cx, &doc->root, 2, &leaves, &n_leaves)) return ZG_ERR_NOMEM;
        n_leaves = keep_labelled_groups(&cx, leaves, n_leaves);
        owner = NULL;
        if (n_sections == 0 && n_leaves > 0)
            zg_doc_diag(doc, ZG_SEV_INFO, "no-issues-section", (zg_span){0, 0},
                        "no heading is worded as the section reporting rectification progress; "
                        "%zu problems were taken from the heading structure", n_leaves);
    }
    if (n_leaves == 0 && doc->n_tables == 0 && doc->n_headings > 0 && notice)
        zg_doc_diag(doc, ZG_SEV_WARNING, "no-issues", (zg_span){0, 0},
                    "no inspected problems were found under the headings");

    bool *made = NULL;
    if (!expand_items(&cx, &leaves, &owner, &n_leaves, &made)) return ZG_ERR_NOMEM;
    size_t first = doc->n_issues, labelled = 0;
    for (size_t i = 0; i < n_leaves; i++) {
        zg_issue *it = zg_arena_push(&doc->arena, (void **)&doc->issues, &doc->n_issues, sizeof *it);
        if (!it) return ZG_ERR_NOMEM;
        zg_status st = fill_issue(&cx, leaves[i], owner ? owner[i] : NULL, it);
        if (st != ZG_OK) return st;
        if (made && made[i]) it->node = NULL; /* no heading of the tree: listed as table rows are */
        if (it->progress.label.s) labelled++;
    }
    /* where the other problems carry a labelled statement, one without any is worth a look */
    for (size_t i = first; labelled > 0 && i < doc->n_issues; i++) {
        const zg_issue *it = &doc->issues[i];
        if (!it->progress.label.s && !it->progress.text.s)
            zg_doc_diag(doc, ZG_SEV_INFO, "missing-progress", it->span,
                        "issue %d (%s) has no progress statement while %zu others have one",
                        it->number, it->title.s ? it->title.s : "", labelled);
    }
    return ZG_OK;
}
