/* Fuzz target: the rule-file compiler, then every compiled set applied to a sample notice. */
#include <stdint.h>
#include <string.h>

#include "rules.h"

static const char sample[] =
    "一、整改工作基本情况 (一)学习贯彻方面。1.关于责任落实问题。整改措施:(1)加强学习。"
    "整改进度:已完成整改并长期坚持。2023年1月12日 联系电话:4297700";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zg_rules *r = NULL;
    zg_error err;
    zg_status st = zg_rules_load_text("fuzz.rules", (const char *)data, size, &r, &err);
    if (st != ZG_OK) {
        if (r != NULL) __builtin_trap();
        if (st == ZG_ERR_RULES && err.line < 0) __builtin_trap();
        return 0;
    }
    zg_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.match_limit = 20000;
    zg_scanner *sc = NULL;
    if (zg_scanner_create(r, &lim, &sc) == ZG_OK) {
        static const char *const names[] = { "a", "b", "status", "heading_marker", "x" };
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            const zg_ruleset *set = zg_rules_set(r, names[i]);
            zg_match m;
            size_t pos = 0;
            int guard = 0;
            while (guard++ < 64 &&
                   zg_match_leftmost(sc, set, sample, pos, sizeof sample - 1, 0, &m) == 1) {
                if (m.end < m.start || m.end > sizeof sample - 1) __builtin_trap();
                pos = m.end > pos ? m.end : pos + 1;
                if (pos > sizeof sample - 1) break;
            }
        }
    }
    zg_scanner_free(sc);
    zg_rules_free(r);
    return 0;
}
