/* zg_html_parse builds the tree libxml2's htmlReadMemory builds: compared node by node (kind,
 * name, text, attributes, order, links) on tricky snippets and on every HTML page (and, as HTML,
 * every text notice) of the corpora. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>

#include "check.h"
#include "encoding.h"
#include "html.h"
#include "util.h"

enum { OPTS = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
              HTML_PARSE_IGNORE_ENC };

static int compared;                /* inputs compared */
static const char *current;         /* the input, for messages */
/* one parser context kept across every input, as the loader keeps one per thread: each page's
 * tree must come out as from a fresh context, whatever the pages before it left behind */
static xmlParserCtxtPtr kept;

static bool fail(const char *what, const xmlNode *a)
{
    fprintf(stderr, "%s: trees differ: %s (node type %d, name %s)\n", current, what,
            a ? (int)a->type : -1, a && a->name ? (const char *)a->name : "-");
    check_failures++;
    return false;
}

static bool same_str(const xmlChar *a, const xmlChar *b)
{
    if (!a || !b) return a == b;
    return strcmp((const char *)a, (const char *)b) == 0;
}

/* The next sibling from n on that is not a DTD (the reference document gets a default one). */
static const xmlNode *skip_dtd(const xmlNode *n)
{
    while (n && n->type == XML_DTD_NODE) n = n->next;
    return n;
}

static bool same_list(const xmlNode *a, const xmlNode *b, const xmlNode *b_parent);

static bool same_attrs(const xmlAttr *a, const xmlAttr *b, const xmlNode *b_owner)
{
    const xmlAttr *b_prev = NULL;
    for (; a && b; a = a->next, b = b->next) {
        if (!same_str(a->name, b->name)) return fail("attribute name", (const xmlNode *)a);
        if (b->parent != b_owner || b->prev != b_prev) return fail("attribute links", (const xmlNode *)b);
        if (!a->children != !b->children) return fail("attribute value presence", (const xmlNode *)a);
        if (a->children && !same_list(a->children, b->children, (const xmlNode *)b)) return false;
        b_prev = b;
    }
    return a || b ? fail("attribute count", (const xmlNode *)a) : true;
}

/* Sibling lists a (reference) and b (arena tree) hold the same nodes; b's links are right. */
static bool same_list(const xmlNode *a, const xmlNode *b, const xmlNode *b_parent)
{
    a = skip_dtd(a);
    b = skip_dtd(b);
    const xmlNode *b_last = NULL;
    while (a && b) {
        if (a->type != b->type) return fail("node type", a);
        if (b->parent != b_parent) return fail("parent link", b);
        if (b->prev && b->prev->next != b) return fail("prev link", b);
        switch (a->type) {
        case XML_ELEMENT_NODE:
            if (!same_str(a->name, b->name)) return fail("element name", a);
            if (!same_attrs(a->properties, b->properties, b)) return false;
            if (!same_list(a->children, b->children, b)) return false;
            if (b->children && b->last->next) return fail("last link", b);
            break;
        case XML_TEXT_NODE:
            if ((a->name == xmlStringText) != (b->name == xmlStringText))
                return fail("text node name", a);
            /* fall through */
        case XML_CDATA_SECTION_NODE:
            if (b->content && zg_html_text_len(b) != strlen((const char *)b->content))
                return fail("text length kept with the node", a);
            /* fall through */
        case XML_COMMENT_NODE:
            if (!same_str(a->content, b->content)) {
                fprintf(stderr, "  expected \"%.200s\"\n  got      \"%.200s\"\n",
                        a->content ? (const char *)a->content : "(null)",
                        b->content ? (const char *)b->content : "(null)");
                return fail("text", a);
            }
            break;
        case XML_PI_NODE:
            if (!same_str(a->name, b->name) || !same_str(a->content, b->content))
                return fail("processing instruction", a);
            break;
        default:
            return fail("unexpected node kind", a);
        }
        b_last = b;
        a = skip_dtd(a->next);
        b = skip_dtd(b->next);
    }
    if (a || b) return fail("child count", a ? a : b);
    if (b_last && b_parent && b_parent->type != XML_ATTRIBUTE_NODE && b_parent->last &&
        skip_dtd(b_parent->last) != b_last)
        return fail("parent's last link", b_parent);
    return true;
}

/* zg_html_parse against htmlReadMemory; valid_utf8 as the caller vouches; with the kept
 * context or a fresh one. */
static void compare_one(const htmlDocPtr ref, const char *html, size_t len, bool valid_utf8,
                        bool keep)
{
    zg_arena arena;
    zg_arena_init(&arena);
    bool nomem = true;
    xmlDoc *mine = zg_html_parse(&arena, html, (int)len, OPTS, valid_utf8, keep ? &kept : NULL,
                                 &nomem);
    CHECK(!nomem);
    if (!ref || !mine) {
        if (!ref != !mine) fail("one parse made no document", NULL);
    } else {
        same_list(ref->children, mine->children, (const xmlNode *)mine);
        compared++;
    }
    zg_arena_release(&arena);
}

/* Checked by zg_html_parse, and (valid UTF-8 without NUL, as the loader vouches) unchecked. */
static void compare(const char *name, const char *html, size_t len)
{
    current = name;
    htmlDocPtr ref = htmlReadMemory(html, (int)len, NULL, "UTF-8", OPTS);
    compare_one(ref, html, len, false, false);
    compare_one(ref, html, len, false, true);
    if (!memchr(html, 0, len) && zg_enc_valid_utf8((const unsigned char *)html, len, &(bool){ false }))
        compare_one(ref, html, len, true, true);
    xmlFreeDoc(ref);
}

static void compare_str(const char *html) { compare(html, html, strlen(html)); }

static void test_snippets(void)
{
    static const char *const cases[] = {
        "<p>a</p>",
        "plain text, no tags",
        "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>",
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><body>\n <p>a</p>\n <p>b</p>\n</body></html>",
        "<!-- first --><html><body><p>a</p></body></html><!-- after -->",
        "<?xml version=\"1.0\"?><html><body>x<?pi data?>y</body></html>",
        "<html><body><p>a</p></body></html><html><body><p>second tree</p></body></html>",
        "<html><body><p>a</p></body></html>trailing text<p>para after</p>",
        "<p>one<!-- c -->two<!-- d --> three</p>",
        "<div><o:p>word</o:p><st1:place>x</st1:place><xml:lang>y</xml:lang><:odd>z</:odd></div>",
        "<input type=checkbox checked disabled><option selected>o</option><td nowrap>c</td>",
        "<div class id=\"\" title>valueless</div><div CLASS=\"A b\" Id='z'>case</div>",
        "<script>if (a < b && c > d) { x = \"</p>\"; }</script><style>p{}</style><p>after</p>",
        "<p>&amp; &lt; &nbsp; &copy; &unknown; &#x4E2D;&#25991; &#0; &#xD800;</p>",
        "<table><tr><td>1<td>2<tr><td>3</table>",
        "<ul><li>a<li>b</ul><dl><dt>t<dd>d</dl>",
        "<b>bold <i>both</b> italic</i>",
        "<p>a<p>b<div>c</p>d",
        "   \n\t  <html>\n<head>\n<meta charset=gbk>\n</head>\n<body>\n\n<p>x</p>\n\n</body>\n</html>\n\n",
        "<body><span>a</span> <span>b</span>\n<b>c</b>  <i>d</i></body>",
        "<head><p>in head</p></head>text",
        "<title>only a title",
        "<![CDATA[ cdata ]]><p>x</p>",
        "<p>完成率<50%，<附件1> 通报</p>",
        /* runs of non-ASCII text where libxml2 reads names: entity references, processing
         * instructions, the DOCTYPE, attribute positions (html_tree.c folds runs) */
        "<p>&整改情况; &整改，情况; &a整改情况; &a，整改; &，，整改; &é整改 &整改é &#整改 &#x整改;</p>",
        "<p>a&amp整改情况&lt，。整改&gt;整改&nbsp，整改</p>",
        "<?整改情况 数据，内容?><p>x<?a整改 一，二?>y<?，，整改?>z</p>",
        "<!DOCTYPE 整改情况 PUBLIC \"整改，情况\" \"整改情况\"><p>x</p>",
        "<!DOCTYPE html 整改><p>x</p>",
        "<div 整改情况=\"值\" 整改，=值 a整改=一二 b=整改，情况 c='整改“情况”'>x</div>",
        "<p 整改情况>a</p><p，，整改>b</p></p整改情况><div>c</div 整改>",
        "<script>var s = \"整改情况，通报\"; // 注释，说明</script><style>/* 样式 */</style>",
        "<!-- 注释，整改情况 --><!--，，--><p>整改</p>",
        "<title>整改情况的通报——某市</title><textarea>整改，情况</textarea>",
        "<p>“整改”情况：①②③ ×÷ ·整改 々々 〇〇 〡〢 ぁぁ ゝゝ ー́整改 🀄🀄整改 ﬀﬁ ℃℃</p>",
        "<p>&整改々情况; &·整改; &〇〇; &ー整改; &🀄整改; &\xef\xbf\xbe整改</p>",
        "<p>整改\xef\xbf\xbe情况\xef\xbf\xbf，，\xef\xbf\xbe</p>",
        "<p>한국어 整改情况</p>",
        /* the ideograph range's edges (U+4DFF, U+4E00, U+9FA5, U+9FA6, U+9FBF, U+9FFF) where
         * a name is read: only U+4E00-U+9FA5 are letters */
        "<p>&整改\xe9\xbe\xa6; &\xe4\xb7\xbf整改; &整\xe9\xbe\xa5\xe9\xbe\xa6x; "
        "&\xe4\xb8\x80\xe4\xb7\xbf; &改\xe9\xbe\xbf; &改\xe9\xbf\xbf; &\xe9\xbe\xa5\xe9\xbd\x80;</p>"
        "<div a整\xe9\xbe\xa6=\"v\" b整\xe4\xb7\xbf=\"w\" c整\xe9\xbe\xa5\xe9\xbe\xa4=\"x\" "
        "d\xe4\xb8\x80\xe9\xbf\xbf=\"y\" e改\xe9\xbe\xbf=z>t</div>"
        "<p>x<?a整\xe9\xbe\xa6 d?>y<?b整\xe4\xb7\xbf d?>z<?c整\xe9\xbe\xa5\xe9\xbe\xa4 d?>"
        "<?d\xe4\xb8\x80\xe9\xbf\xbf d?><?e改\xe9\xbe\xbf d?><?f改\xe9\xbd\xbf d?></p>",
        "<p>&#xAC00; 整改情况&#44032;</p>",
        "<p>&#xE000; 整改情况，通报</p>",
        "<p>&#57344;整改 &#xe0ff 整改</p>",
        "<p>\xee\x80\x80 整改情况，通报</p>",
        "<p>整改情况</p>\xc3\x28<p>invalid UTF-8</p>",
        "</p></div></body>stray ends",
        "<a href=\"x\" href=\"y\">dup attr</a>",
        "<frameset><frame src=a></frameset>",
        "<noscript><p>ns</p></noscript><textarea><p>raw</p></textarea>",
        "<html><body></body></html>\n<!-- end -->\n",
        "",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) compare_str(cases[i]);

    /* nesting past libxml2's depth limit (256): the parse stops the same way */
    zg_buf b = { 0 };
    for (int i = 0; i < 300; i++) zg_buf_append(&b, "<div>", 5);
    zg_buf_append(&b, "deep", 4);
    zg_buf_append(&b, "", 1);
    compare("deep nesting", b.data, b.len - 1);
    zg_buf_free(&b);

    /* more placeholders in one text piece, attribute value and comment than html_tree.c notes
     * in its one scan (32): the rest are found again */
    zg_buf many = { 0 };
    static const char *const opens[] = { "<p>", "<p title=\"", "<!--" };
    static const char *const closes[] = { "</p>", "\">x</p>", "-->" };
    for (int k = 0; k < 3; k++) {
        many.len = 0;
        zg_buf_append(&many, opens[k], strlen(opens[k]));
        for (int i = 0; i < 90; i++) {
            static const char part[] = "整改情况 a，整改 ";
            zg_buf_append(&many, part, sizeof part - 1);
        }
        zg_buf_append(&many, closes[k], strlen(closes[k]) + 1);
        compare("many placeholders", many.data, many.len - 1);
    }
    zg_buf_free(&many);

    /* a text node past XML_MAX_TEXT_LENGTH: the parse stops the same way */
    size_t big = XML_MAX_TEXT_LENGTH + 4000;
    char *huge = malloc(big + 64);
    if (huge) {
        memcpy(huge, "<p>", 3);
        memset(huge + 3, 'a', big);
        strcpy(huge + 3 + big, "</p><p>tail</p>");
        compare("huge text node", huge, strlen(huge));
        free(huge);
    }
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Every file of dir (and one level of subdirectories) ending in one of the suffixes, at most
 * `limit` of them. */
static int compare_dir(const char *dir, const char *const *suffixes, int limit, int depth)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int done = 0;
    while ((e = readdir(d)) && done < limit) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        if (depth > 0 && e->d_type == DT_DIR) {
            done += compare_dir(path, suffixes, limit - done, depth - 1);
            continue;
        }
        bool wanted = false;
        for (const char *const *s = suffixes; *s; s++) wanted |= has_suffix(e->d_name, *s);
        if (!wanted) continue;
        unsigned char *data;
        size_t len;
        char why[256];
        if (zg_read_file(path, 0, &data, &len, why, sizeof why) != ZG_OK) continue;
        compare(path, (const char *)data, len);
        free(data);
        done++;
    }
    closedir(d);
    return done;
}

/* zg_html_name_char answers as libxml2's own name-character macros, for every code point
 * beyond ASCII (the fold of text runs into placeholders relies on it). */
static void test_name_class(void)
{
    size_t wrong = 0;
    for (uint32_t c = 0x80; c <= 0x10FFFF; c++) {
        bool libxml2 = IS_LETTER(c) || IS_DIGIT(c) || IS_COMBINING(c) || IS_EXTENDER(c);
        if (zg_html_name_char(c) != libxml2 && wrong++ < 5)
            fprintf(stderr, "name class of U+%04X differs\n", (unsigned)c);
    }
    CHECK(wrong == 0);
    /* the placeholders: a Hangul syllable starts and continues names, a private-use character
     * neither; both are characters libxml2 keeps */
    for (uint32_t c = 0xAC00; c <= 0xD7A3; c++) CHECK(IS_LETTER(c) && IS_CHAR(c));
    for (uint32_t c = 0xE000; c <= 0xF8FF; c++) CHECK(!zg_html_name_char(c) && IS_CHAR(c));
    /* CJK ideographs U+4E00–U+9FA5 are letters */
    for (uint32_t c = 0x4E00; c <= 0x9FA5; c++) CHECK(IS_LETTER(c));
}

int main(void)
{
    zg_xml_init();
    test_name_class();
    test_snippets();
    CHECK(compared >= 30);

    static const char *const pages[] = { ".html", ".htm", NULL };
    static const char *const texts[] = { ".txt", ".md", NULL };
    const char *src = getenv("ZG_SOURCE_DIR"), *shared = getenv("ZG_SHARED_DIR");
    char dir[4096];
    if (src) {
        snprintf(dir, sizeof dir, "%s/corpus", src);
        compare_dir(dir, pages, 1000, 0);
        compare_dir(dir, texts, 1000, 0);
        snprintf(dir, sizeof dir, "%s/tools/bench-corpus/html", src);
        compare_dir(dir, pages, 100, 1);     /* generated, git-ignored: when present */
    }
    if (shared) {
        snprintf(dir, sizeof dir, "%s/html-real", shared);
        compare_dir(dir, pages, 1000, 0);
        snprintf(dir, sizeof dir, "%s/corpus-dev", shared);
        compare_dir(dir, pages, 1000, 0);
        compare_dir(dir, texts, 1000, 0);
    }
    xmlFreeParserCtxt(kept);
    printf("%d inputs compared\n", compared);
    CHECK_DONE();
}
