/*
 * The cJSON tree back end of the record description (render_record.c), for pretty JSON and XML.
 * The nodes are cJSON structs allocated from an arena the caller owns, linked the way cJSON links
 * them (child->prev is the last item), so cJSON's readers (cJSON_IsObject, cJSON_GetArrayItem …)
 * and our printers walk the tree as usual; a record of ~750 nodes costs a few arena chunks instead
 * of ~750 mallocs and frees. The tree must never go to cJSON_Delete: it is released with the arena.
 * Strings passed by reference are not copied; the tree must not outlive the document.
 */
#include <limits.h>
#include <string.h>

#include "render.h"

/* nodes are taken from the arena this many at a time (a record has hundreds) */
enum { NODE_BLOCK = 128 };

/* open containers: the description nests outline nodes at most 16 deep (two levels each) */
enum { MAX_OPEN = 64 };

typedef struct tree_sink {
    zg_record_sink sink;   /* first: the sink callbacks get a tree_sink * */
    zg_arena *arena;
    cJSON *pool;           /* zeroed nodes not handed out yet */
    size_t pool_left;
    cJSON *root;
    cJSON *open[MAX_OPEN]; /* open[depth - 1] is the innermost open container */
    int depth;
    int overflow;          /* opens beyond MAX_OPEN (a failure) not closed yet */
} tree_sink;

/* A zeroed node of `type`, or NULL (and failed) when the arena is out of memory. */
static cJSON *new_node(tree_sink *t, int type)
{
    if (t->pool_left == 0) {
        t->pool = zg_arena_alloc(t->arena, NODE_BLOCK * sizeof *t->pool);
        if (!t->pool) {
            t->sink.failed = true;
            return NULL;
        }
        t->pool_left = NODE_BLOCK;
    }
    cJSON *n = t->pool++;
    t->pool_left--;
    n->type = type;
    return n;
}

/* Append item to the innermost open container (under key, a static string, not copied, as
 * cJSON_AddItemToObjectCS) or make it the root. */
static void attach(tree_sink *t, const char *key, cJSON *item)
{
    if (!item) return;
    if (key) {
        item->string = (char *)key;
        item->type |= cJSON_StringIsConst;
    }
    if (t->depth == 0) {
        if (!t->root) t->root = item;
        return;
    }
    cJSON *container = t->open[t->depth - 1];
    if (!container) return;
    cJSON *first = container->child;
    if (!first) {
        container->child = item;
        item->prev = item;
    } else {
        cJSON *last = first->prev;
        last->next = item;
        item->prev = last;
        first->prev = item;
    }
}

static void t_open(zg_record_sink *s, const char *key, size_t key_len, bool array)
{
    (void)key_len;
    tree_sink *t = (tree_sink *)s;
    if (t->depth == MAX_OPEN) {
        s->failed = true;
        t->overflow++;
        return;
    }
    cJSON *n = new_node(t, array ? cJSON_Array : cJSON_Object);
    attach(t, key, n);
    t->open[t->depth++] = n; /* NULL after a failure: what goes inside is dropped */
}

static void t_close(zg_record_sink *s, bool array)
{
    (void)array;
    tree_sink *t = (tree_sink *)s;
    if (t->overflow) t->overflow--;
    else if (t->depth > 0) t->depth--;
}

/* A string the tree only points to (v outlives the tree). */
static cJSON *string_ref(tree_sink *t, const char *v)
{
    cJSON *n = new_node(t, cJSON_String | cJSON_IsReference);
    if (n) n->valuestring = (char *)v;
    return n;
}

static void t_str(zg_record_sink *s, const char *key, size_t key_len, const char *v)
{
    (void)key_len;
    tree_sink *t = (tree_sink *)s;
    attach(t, key, string_ref(t, v));
}

static void t_str_n(zg_record_sink *s, const char *key, size_t key_len, const char *v, size_t n)
{
    (void)key_len;
    tree_sink *t = (tree_sink *)s;
    char *copy = zg_arena_strndup(t->arena, v, n);
    if (!copy) {
        s->failed = true;
        return;
    }
    attach(t, key, string_ref(t, copy));
}

/* valueint saturated as cJSON_CreateNumber sets it */
static cJSON *number_node(tree_sink *t, double v)
{
    cJSON *n = new_node(t, cJSON_Number);
    if (!n) return NULL;
    n->valuedouble = v;
    if (v >= INT_MAX) n->valueint = INT_MAX;
    else if (v <= (double)INT_MIN) n->valueint = INT_MIN;
    else n->valueint = (int)v;
    return n;
}

static void t_number(zg_record_sink *s, const char *key, size_t key_len, double v)
{
    (void)key_len;
    tree_sink *t = (tree_sink *)s;
    attach(t, key, number_node(t, v));
}

static void t_integer(zg_record_sink *s, const char *key, size_t key_len, long long v)
{
    t_number(s, key, key_len, (double)v);
}

static void t_boolean(zg_record_sink *s, const char *key, size_t key_len, bool v)
{
    (void)key_len;
    tree_sink *t = (tree_sink *)s;
    attach(t, key, new_node(t, v ? cJSON_True : cJSON_False));
}

static void t_null(zg_record_sink *s, const char *key, size_t key_len)
{
    (void)key_len;
    tree_sink *t = (tree_sink *)s;
    attach(t, key, new_node(t, cJSON_NULL));
}

static void t_span(zg_record_sink *s, const char *key, size_t key_len, size_t start, size_t end)
{
    t_open(s, key, key_len, true);
    t_integer(s, NULL, 0, (long long)start);
    t_integer(s, NULL, 0, (long long)end);
    t_close(s, true);
}

static void tree_init(tree_sink *t, zg_arena *arena)
{
    memset(t, 0, sizeof *t);
    t->sink.open = t_open;
    t->sink.close = t_close;
    t->sink.str = t_str;
    t->sink.str_n = t_str_n;
    t->sink.integer = t_integer;
    t->sink.number = t_number;
    t->sink.boolean = t_boolean;
    t->sink.null = t_null;
    t->sink.span = t_span;
    t->arena = arena;
}

zg_status zg_record_build(const zg_document *doc, zg_arena *arena, cJSON **out)
{
    *out = NULL;
    if (!doc || !arena) return ZG_ERR_ARG;
    tree_sink t;
    tree_init(&t, arena);
    zg_status st = zg_record_describe(doc, &t.sink);
    if (t.sink.failed || !t.root) return ZG_ERR_NOMEM;
    if (st != ZG_OK) return st;
    *out = t.root;
    return ZG_OK;
}

zg_status zg_record_build_error(const char *path, const zg_error *error, zg_arena *arena,
                                cJSON **out)
{
    *out = NULL;
    if (!error || !arena) return ZG_ERR_ARG;
    tree_sink t;
    tree_init(&t, arena);
    zg_record_describe_error(path, error, &t.sink);
    if (t.sink.failed || !t.root) return ZG_ERR_NOMEM;
    *out = t.root;
    return ZG_OK;
}
