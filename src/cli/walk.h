/* Input traversal: files, directories (recursive, sorted), "-" for stdin. */
#ifndef ZG_CLI_WALK_H
#define ZG_CLI_WALK_H

#include <stdbool.h>
#include <stddef.h>

/** One input found by the walk. */
typedef struct walk_entry {
    char *path;          /* as it is opened ("-" for stdin); heap */
    char *rel;           /* output name: relative to its directory argument, after that
                          * argument's own name when there are several arguments; the
                          * basename for file arguments; heap */
    size_t size;         /* st_size, 0 if unknown */
    bool size_deferred;  /* a regular file taken from readdir without a stat: size is 0 and
                          * the reader learns it (one system call less per file) */
    bool regular;        /* known to be a regular file (readdir's d_type or a stat): read
                          * without an fstat (zg_extract_regular_file) */
    bool is_stdin;
    char error[256];     /* non-empty: the input cannot be used (unreadable directory …) */
} walk_entry;

typedef struct walker walker;

/** Filters for files found inside directories (explicit file arguments are always taken). */
typedef struct walk_filter {
    const char **includes;   /* fnmatch globs; when given they replace the extension filter */
    size_t n_includes;
    const char **excludes;   /* fnmatch globs; matching files and directories are skipped */
    size_t n_excludes;
} walk_filter;

/** Start a walk over `args` (not copied: they must outlive the walker). NULL on no memory. */
walker *walker_create(char **args, size_t n_args, const walk_filter *filter);

/** Next input in order: 1 = *out filled (free with walk_entry_clear), 0 = done, -1 = no memory. */
int walker_next(walker *w, walk_entry *out);

void walk_entry_clear(walk_entry *e);
void walker_free(walker *w);

/**
 * The inputs of a run, to tell whether an existing file is one of them (an output must not
 * replace one): a file argument naming the same file (by device and inode), or a file inside a
 * directory argument that the walk's selection takes (hidden names, --exclude on the file and
 * its folders, --include or the extension filter). A link inside a tree that leads elsewhere is
 * not followed here.
 */
typedef struct walk_scope walk_scope;

/** The scope of `args` (read now) with `filter`. NULL on no memory. */
walk_scope *walk_scope_create(char **args, size_t n_args, const walk_filter *filter);

struct stat;
/** 1 when the existing file at `path` (`st` from stat) is an input of the scope, 0 if not, -1 on
 *  no memory. */
int walk_scope_takes(const walk_scope *sc, const char *path, const struct stat *st);

void walk_scope_free(walk_scope *sc);

/** True for the extensions a directory walk takes (.txt .htm .html .shtml .md .markdown). */
bool walk_has_input_extension(const char *name);

#endif
