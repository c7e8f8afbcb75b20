/*
 * Fuzz target: the whole pipeline on arbitrary bytes. The first byte picks the input format hint
 * (auto, text, html, markdown) and whether an encoding is forced; every renderer runs on the result.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static const char *const formats[4] = { NULL, "text", "html", "markdown" };
    static const char *const encodings[4] = { NULL, NULL, "GB18030", "UTF-16LE" };
    zg_input_options opts;
    memset(&opts, 0, sizeof opts);
    opts.path = "fuzz-input";
    if (size > 0) {
        opts.format = formats[data[0] & 3];
        opts.encoding = encodings[(data[0] >> 2) & 3];
        data++;
        size--;
    }
    zg_document *doc = NULL;
    zg_error err;
    zg_status st = zg_extract(fuzz_scanner, data, size, &opts, &doc, &err);
    if (st == ZG_OK) {
        for (int f = 0; f < ZG_FORMAT_COUNT_; f++) {
            char *out = NULL;
            size_t len = 0;
            if (zg_render(doc, (zg_format)f, ZG_RENDER_WITH_TEXT, &out, &len) == ZG_OK &&
                (!out || strlen(out) != len))
                __builtin_trap(); /* a rendered record never holds a NUL byte */
            zg_string_free(out);
        }
    } else {
        if (doc != NULL) __builtin_trap(); /* a failed call hands out no document */
        char *out = NULL;
        size_t len = 0;
        if (zg_render_error(opts.path, &err, ZG_FORMAT_JSON, &out, &len) == ZG_OK && !out)
            __builtin_trap();
        zg_string_free(out);
    }
    zg_document_free(doc);
    return 0;
}
