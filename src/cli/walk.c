/*
 * Input traversal in a deterministic order: arguments in the order given; inside a directory,
 * entries sorted by byte value (strcmp), depth first. Only one sorted name list per open
 * directory level is held, so memory grows with the depth and width of the tree, not its size.
 * Hidden entries (".name", which includes our own temp files) are skipped; symlinks are followed,
 * with directory cycles detected by device/inode.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* A visible directory entry: its name (in the frame's pool) and readdir's d_type. */
typedef struct dir_name {
    const char *name;
    unsigned char type;
} dir_name;

typedef struct dir_frame {
    char *path;          /* directory path as opened */
    char *rel;           /* relative to the argument ("" for the argument itself) */
    dir_name *names;     /* sorted */
    char *pool;          /* the names' bytes, NUL-terminated one after another */
    size_t n_names, next;
    dev_t dev;
    ino_t ino;
} dir_frame;

struct walker {
    char **args;
    size_t n_args, next_arg;
    walk_filter filter;
    dir_frame *stack;
    size_t depth, cap;
    char *prefix;        /* with several arguments: the current directory argument's own name,
                          * put before its entries' rel so two trees do not meet under -o DIR/ */
};

static const char *const input_extensions[] = { ".txt", ".htm", ".html", ".shtml", ".md", ".markdown" };

bool walk_has_input_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    for (size_t i = 0; i < sizeof input_extensions / sizeof input_extensions[0]; i++)
        if (strcasecmp(dot, input_extensions[i]) == 0) return true;
    return false;
}

/* A pattern with a '/' matches the relative path, otherwise the name alone. */
static bool glob_matches(const char *pattern, const char *rel, const char *name)
{
    if (strchr(pattern, '/')) return fnmatch(pattern, rel, FNM_PATHNAME) == 0;
    return fnmatch(pattern, name, 0) == 0;
}

static bool any_glob(const char **globs, size_t n, const char *rel, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (glob_matches(globs[i], rel, name)) return true;
    return false;
}

/* Whether a file found in a directory is an input: --include globs when given, else the
 * extension filter (--exclude was applied to it before). */
static bool selected(const walk_filter *f, const char *rel, const char *name)
{
    return f->n_includes ? any_glob(f->includes, f->n_includes, rel, name) : walk_has_input_extension(name);
}

/* a + "/" + b (no slash added after a trailing one), its length in *len; heap */
static char *join_n(const char *a, size_t na, const char *b, size_t nb)
{
    bool slash = na > 0 && a[na - 1] != '/';
    char *s = malloc(na + nb + 2);
    if (!s) return NULL;
    memcpy(s, a, na);
    if (slash) s[na++] = '/';
    memcpy(s + na, b, nb);
    s[na + nb] = '\0';
    return s;
}

static char *join(const char *a, const char *b) { return join_n(a, strlen(a), b, strlen(b)); }

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(((const dir_name *)a)->name, ((const dir_name *)b)->name);
}

static void frame_free(dir_frame *f)
{
    free(f->names);
    free(f->pool);
    free(f->path);
    free(f->rel);
}

walker *walker_create(char **args, size_t n_args, const walk_filter *filter)
{
    walker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->args = args;
    w->n_args = n_args;
    if (filter) w->filter = *filter;
    return w;
}

void walker_free(walker *w)
{
    if (!w) return;
    while (w->depth) frame_free(&w->stack[--w->depth]);
    free(w->stack);
    free(w->prefix);
    free(w);
}

void walk_entry_clear(walk_entry *e)
{
    free(e->path);
    free(e->rel);
    memset(e, 0, sizeof *e);
}

static bool in_stack(const walker *w, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < w->depth; i++)
        if (w->stack[i].dev == dev && w->stack[i].ino == ino) return true;
    return false;
}

/* Read and sort a directory's visible names. Returns 0, -1 no memory, or errno. The names go
 * into one pool (offsets while it grows, pointers once it is complete): no allocation per name. */
static int push_dir(walker *w, const char *path, const char *rel, const struct stat *st)
{
    DIR *d = opendir(path);
    if (!d) return errno ? errno : EIO;
    dir_name *names = NULL;
    char *pool = NULL;
    size_t n = 0, cap = 0, pool_len = 0, pool_cap = 0;
    struct dirent *de;
    int rc = 0;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            dir_name *nn = realloc(names, ncap * sizeof *nn);
            if (!nn) { rc = -1; break; }
            names = nn;
            cap = ncap;
        }
        size_t len = strlen(de->d_name) + 1;
        if (pool_cap - pool_len < len) {
            size_t ncap = pool_cap ? pool_cap * 2 : 4096;
            while (ncap - pool_len < len) ncap *= 2;
            char *np = realloc(pool, ncap);
            if (!np) { rc = -1; break; }
            pool = np;
            pool_cap = ncap;
        }
        memcpy(pool + pool_len, de->d_name, len);
        names[n].name = (const char *)(uintptr_t)pool_len;
        names[n].type = de->d_type;
        pool_len += len;
        n++;
    }
    closedir(d);
    if (rc == 0 && w->depth == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 8;
        dir_frame *ns = realloc(w->stack, ncap * sizeof *ns);
        if (!ns) rc = -1;
        else { w->stack = ns; w->cap = ncap; }
    }
    dir_frame f = { 0 };
    if (rc == 0) {
        f.path = dup_string(path);
        f.rel = dup_string(rel);
        if (!f.path || !f.rel) rc = -1;
    }
    if (rc != 0) {
        free(names);
        free(pool);
        free(f.path);
        free(f.rel);
        return rc;
    }
    for (size_t i = 0; i < n; i++) names[i].name = pool + (uintptr_t)names[i].name;
    if (n > 1) qsort(names, n, sizeof *names, compare_names);   /* names is NULL when n == 0 */
    f.names = names;
    f.pool = pool;
    f.n_names = n;
    f.dev = st->st_dev;
    f.ino = st->st_ino;
    w->stack[w->depth++] = f;
    return 0;
}

/* Hand path and rel (heap, owned) to *out: 1, or -1 (both freed) on no memory. */
static int fill_owned(walk_entry *out, char *path, char *rel, size_t size)
{
    memset(out, 0, sizeof *out);
    if (!path || !rel) {
        free(path);
        free(rel);
        return -1;
    }
    out->path = path;
    out->rel = rel;
    out->size = size;
    return 1;
}

static int fill(walk_entry *out, const char *path, const char *rel, size_t size)
{
    return fill_owned(out, dup_string(path), dup_string(rel), size);
}

/* Next entry from the directory on top of the stack: 1 found, 0 level exhausted, -1 no memory.
 * A regular file (readdir's d_type) is taken without a stat: its size is learnt when it is read
 * (walk_entry.size_deferred). Directories (their device and inode detect cycles), symlinks,
 * unknown types and the rest are stat'ed (followed) as the path names them. */
static int next_in_dir(walker *w, walk_entry *out)
{
    dir_frame *f = &w->stack[w->depth - 1];
    size_t path_len = strlen(f->path), rel_len = strlen(f->rel);
    while (f->next < f->n_names) {
        const dir_name *entry = &f->names[f->next++];
        const char *name = entry->name;
        size_t name_len = strlen(name);
        char *rel = rel_len ? join_n(f->rel, rel_len, name, name_len) : dup_string(name);
        if (!rel) return -1;
        if (any_glob(w->filter.excludes, w->filter.n_excludes, rel, name)) {
            free(rel);
            continue;
        }
        if (entry->type == DT_REG) {
            if (!selected(&w->filter, rel, name)) {
                free(rel);
                continue;
            }
            int rc = fill_owned(out, join_n(f->path, path_len, name, name_len), rel, 0);
            if (rc > 0) out->size_deferred = out->regular = true;
            return rc;
        }
        char *path = join_n(f->path, path_len, name, name_len);
        if (!path) { free(rel); return -1; }
        int rc = 0;
        struct stat st;
        if (stat(path, &st) != 0) {
            /* a dangling link or a file that vanished: report it if it would be an input */
            if (selected(&w->filter, rel, name)) {
                int e = errno;
                rc = fill_owned(out, path, rel, 0);
                if (rc > 0) snprintf(out->error, sizeof out->error, "cannot read: %s", strerror(e));
                return rc;
            }
        } else if (S_ISDIR(st.st_mode)) {
            if (!in_stack(w, st.st_dev, st.st_ino)) {
                int e = push_dir(w, path, rel, &st);
                if (e < 0) rc = -1;
                else if (e > 0) {
                    rc = fill_owned(out, path, rel, 0);
                    if (rc > 0) snprintf(out->error, sizeof out->error, "cannot read directory: %s", strerror(e));
                    return rc;
                } else {
                    free(path);
                    free(rel);
                    return next_in_dir(w, out);
                }
            }
        } else if (S_ISREG(st.st_mode)) {
            if (selected(&w->filter, rel, name)) {
                int frc = fill_owned(out, path, rel, (size_t)st.st_size);
                if (frc > 0) out->regular = true;
                return frc;
            }
        }
        free(path);
        free(rel);
        if (rc != 0) return rc;
        f = &w->stack[w->depth - 1];
    }
    frame_free(f);
    w->depth--;
    return 0;
}

static const char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    const char *end = path + n;
    const char *p = end;
    while (p > path && p[-1] != '/') p--;
    return p;
}

/* The name a directory argument keeps under -o DIR/ when there are several arguments: its last
 * component ("2019" of "archive/2019/"), or for "." and ".." that of the directory they name. */
static char *argument_name(const char *arg)
{
    const char *base = base_name(arg);
    size_t n = strlen(base);
    while (n > 1 && base[n - 1] == '/') n--;
    if ((n == 1 && base[0] == '.') || (n == 2 && base[0] == '.' && base[1] == '.') || n == 0) {
        char *real = realpath(arg, NULL);
        char *name = real && strcmp(real, "/") != 0 ? dup_string(base_name(real)) : dup_string("");
        free(real);
        return name;
    }
    char *name = malloc(n + 1);
    if (name) {
        memcpy(name, base, n);
        name[n] = '\0';
    }
    return name;
}

/* Put the argument's name before an entry's rel (see walker.prefix). */
static int with_prefix(const walker *w, walk_entry *out)
{
    if (!w->prefix || !w->prefix[0]) return 1;
    char *rel = join(w->prefix, out->rel);
    if (!rel) {
        walk_entry_clear(out);
        return -1;
    }
    free(out->rel);
    out->rel = rel;
    return 1;
}

int walker_next(walker *w, walk_entry *out)
{
    for (;;) {
        while (w->depth) {
            int rc = next_in_dir(w, out);
            if (rc > 0) return with_prefix(w, out);
            if (rc != 0) return rc;
        }
        if (w->next_arg >= w->n_args) return 0;
        const char *arg = w->args[w->next_arg++];
        if (strcmp(arg, "-") == 0) {
            int rc = fill(out, "-", "stdin", 0);
            if (rc > 0) out->is_stdin = true;
            return rc;
        }
        struct stat st;
        int stat_rc = stat(arg, &st);
        if (stat_rc == 0 && S_ISDIR(st.st_mode)) {
            free(w->prefix);
            w->prefix = NULL;
            if (w->n_args > 1 && !(w->prefix = argument_name(arg))) return -1;
            int e = push_dir(w, arg, "", &st);
            if (e < 0) return -1;
            if (e > 0) {
                int rc = fill(out, arg, base_name(arg), 0);
                if (rc > 0) snprintf(out->error, sizeof out->error, "cannot read directory: %s", strerror(e));
                return rc;
            }
            continue;
        }
        /* a file, or a missing path: extraction reports why it cannot be read */
        bool found = stat_rc == 0;
        const char *base = base_name(arg);
        size_t n = strlen(base);
        while (n > 1 && base[n - 1] == '/') n--;
        if (n > 4095) n = 4095;   /* as the name was always cut */
        char *rel = malloc(n + 1);
        if (rel) {
            memcpy(rel, base, n);
            rel[n] = '\0';
        }
        int rc = fill_owned(out, dup_string(arg), rel, found ? (size_t)st.st_size : 0);
        if (rc > 0) out->regular = found && S_ISREG(st.st_mode);
        return rc;
    }
}

/* ------------------------------------------------------------------ would the walk take it? */

struct walk_scope {
    walk_filter filter;
    char **dirs;          /* realpath of each directory argument */
    size_t n_dirs;
    dev_t *devs;          /* identity of each file argument */
    ino_t *inos;
    size_t n_files;
};

walk_scope *walk_scope_create(char **args, size_t n_args, const walk_filter *filter)
{
    walk_scope *sc = calloc(1, sizeof *sc);
    if (!sc) return NULL;
    if (filter) sc->filter = *filter;
    sc->dirs = calloc(n_args + 1, sizeof *sc->dirs);
    sc->devs = calloc(n_args + 1, sizeof *sc->devs);
    sc->inos = calloc(n_args + 1, sizeof *sc->inos);
    if (!sc->dirs || !sc->devs || !sc->inos) {
        walk_scope_free(sc);
        return NULL;
    }
    for (size_t i = 0; i < n_args; i++) {
        struct stat st;
        if (strcmp(args[i], "-") == 0 || stat(args[i], &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            char *real = realpath(args[i], NULL);
            if (real) sc->dirs[sc->n_dirs++] = real;
        } else {
            sc->devs[sc->n_files] = st.st_dev;
            sc->inos[sc->n_files++] = st.st_ino;
        }
    }
    return sc;
}

void walk_scope_free(walk_scope *sc)
{
    if (!sc) return;
    for (size_t i = 0; i < sc->n_dirs; i++) free(sc->dirs[i]);
    free(sc->dirs);
    free(sc->devs);
    free(sc->inos);
    free(sc);
}

/* rel (relative to a directory argument) as the walk meets it: every folder on the way and the
 * file itself visible and not excluded, the file selected */
static bool walk_meets(const walk_filter *f, char *rel)
{
    for (char *name = rel;;) {
        char *slash = strchr(name, '/');
        if (slash) *slash = '\0';
        bool skipped = name[0] == '.' || any_glob(f->excludes, f->n_excludes, rel, name);
        bool last = !slash;
        if (!skipped && last) skipped = !selected(f, rel, name);
        if (slash) *slash = '/';
        if (skipped) return false;
        if (last) return true;
        name = slash + 1;
    }
}

int walk_scope_takes(const walk_scope *sc, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < sc->n_files; i++)
        if (sc->devs[i] == st->st_dev && sc->inos[i] == st->st_ino) return 1;
    if (!sc->n_dirs) return 0;
    /* the folder resolved, the name kept: `path` itself may be a link the walk would take */
    const char *base = base_name(path);
    size_t dir_len = (size_t)(base - path);
    char *dir = malloc(dir_len + 2);
    if (!dir) return -1;
    memcpy(dir, dir_len ? path : ".", dir_len ? dir_len : 1);
    dir[dir_len ? dir_len : 1] = '\0';
    char *real_dir = realpath(dir, NULL);
    free(dir);
    if (!real_dir) return errno == ENOMEM ? -1 : 0;
    char *real = join(real_dir, base);
    free(real_dir);
    if (!real) return -1;
    int takes = 0;
    for (size_t i = 0; i < sc->n_dirs && !takes; i++) {
        const char *d = sc->dirs[i];
        size_t n = strlen(d);
        if (strcmp(d, "/") == 0) n = 0;
        if (strncmp(real, d, n) == 0 && real[n] == '/') takes = walk_meets(&sc->filter, real + n + 1);
    }
    free(real);
    return takes;
}
