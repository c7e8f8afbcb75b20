/* STUB (to be replaced). */
#include "stages.h"

bool zg_number_parse(zg_arena *a, const char *s, size_t n, const char **out)
{
    (void)a; (void)s; (void)n; *out = NULL;
    return false;
}

long long zg_number_int(const char *s, size_t n)
{
    long long v = 0;
    if (n == 0) return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}
