/* Public helpers about inputs that need no extraction: encoding names and content digests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "stages.h"
#include "util.h"

zg_status zg_encoding_from_name(const char *name, const char **canonical)
{
    const char *c = zg_encoding_canonical(name);
    if (canonical) *canonical = c;
    return c ? ZG_OK : ZG_ERR_ENCODING;
}

zg_status zg_file_sha256(zg_scanner *sc, const char *path, char out[65], zg_error *err)
{
    if (err) memset(err, 0, sizeof *err);
    if (out) out[0] = '\0';
    unsigned char *data = NULL;
    size_t len = 0;
    char why[256] = "missing scanner, path or output argument";
    zg_status st = sc && path && out
                       ? zg_read_file(path, zg_scanner_limits(sc)->max_input_bytes, &data, &len,
                                      why, sizeof why)
                       : ZG_ERR_ARG;
    if (st == ZG_OK) zg_sha256_hex(data ? data : (const unsigned char *)"", len, out);
    free(data);
    if (st != ZG_OK && err) {
        err->status = st;
        snprintf(err->file, sizeof err->file, "%s", path ? path : "");
        snprintf(err->message, sizeof err->message, "%s", why);
    }
    return st;
}
