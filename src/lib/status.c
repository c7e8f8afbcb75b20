/* The one message table for zg_status. */
#include "zhenggai.h"

static const struct {
    const char *name;
    const char *message;
} status_table[ZG_STATUS_COUNT_] = {
    [ZG_OK] = { "ok", "success" },
    [ZG_ERR_NOMEM] = { "nomem", "out of memory" },
    [ZG_ERR_IO] = { "io", "input/output error" },
    [ZG_ERR_ARG] = { "argument", "invalid argument" },
    [ZG_ERR_RULES] = { "rules", "invalid rule file" },
    [ZG_ERR_ENCODING] = { "encoding", "unknown or unconvertible encoding" },
    [ZG_ERR_BINARY] = { "binary", "not a text file" },
    [ZG_ERR_EMPTY] = { "empty", "no text in input" },
    [ZG_ERR_TOO_LARGE] = { "too-large", "input exceeds the size limit" },
    [ZG_ERR_LIMIT] = { "limit", "a processing limit was exceeded" },
    [ZG_ERR_PARSE] = { "parse", "input could not be parsed" },
    [ZG_ERR_INTERNAL] = { "internal", "internal error" },
};

const char *zg_status_message(zg_status status)
{
    return (unsigned)status < ZG_STATUS_COUNT_ ? status_table[status].message : "unknown status";
}

const char *zg_status_name(zg_status status)
{
    return (unsigned)status < ZG_STATUS_COUNT_ ? status_table[status].name : "unknown";
}
