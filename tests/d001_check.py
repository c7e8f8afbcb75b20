#!/usr/bin/env python3
"""The facts of the real seed notice d001.txt (博山区教体局, issue 2), asserted on zhenggai's JSON record.

Every expected value below was read off ../shared/corpus-dev/d001.txt by a person; none was copied
from the program's output. Spans are checked against the text rendered with --with-text.

Usage: d001_check.py ZHENGGAI_BINARY RULES_DIR SHARED_DIR     (exit 77 when d001.txt is absent)
"""
import json
import os
import subprocess
import sys

FAILS = []


def check(what, got, want):
    ok = got == want
    if not ok:
        FAILS.append(what)
    print("%s %s%s" % ("ok  " if ok else "FAIL", what, "" if ok else ": got %r, want %r" % (got, want)))


def main():
    binary, rules, shared = sys.argv[1:4]
    path = os.path.join(shared, "corpus-dev", "d001.txt")
    if not os.path.exists(path):
        print("skipped: %s not found" % path)
        return 77
    p = subprocess.run([binary, "extract", "--format", "json", "--with-text", "--rules", rules, path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        print("FAIL: zhenggai exited %d: %s" % (p.returncode, p.stderr.decode("utf-8", "replace")))
        return 1
    rec = json.loads(p.stdout.decode("utf-8"))
    text = rec["text"].encode("utf-8")

    def at(obj):
        """the bytes of the text that obj's span points at"""
        s, e = obj["span"]
        return text[s:e].decode("utf-8")

    def txt(obj):
        return None if obj is None else obj["text"]

    def val(obj):
        return None if obj is None else obj["value"]

    # metadata
    check("title", txt(rec["title"]), "中共博山区教育和体育局党组关于巡察整改进展情况的通报")
    check("issuer", txt(rec["issuer"]), "中共博山区教育和体育局党组")
    check("date", val(rec["date"]), "2023-01-12")
    check("date as printed", txt(rec["date"]), "2023年1月12日")
    check("kind", rec["kind"], "xuncha")
    insp = rec["inspection"]
    check("inspection.body", txt(insp["body"]), "区委第二巡察组")
    check("inspection.start", val(insp["start"]), "2022-06-21")
    check("inspection.end", val(insp["end"]), "2022-08-31")
    check("inspection.feedback_date", val(insp["feedback_date"]), "2022-10-12")
    check("declared.categories", val(rec["declared"]["categories"]), 3)
    check("declared.issues", val(rec["declared"]["issues"]), 8)
    c = rec["contact"]
    check("contact.phone", [txt(x) for x in c["phone"]], ["4297700"])
    check("contact.email", [txt(x) for x in c["email"]], ["bs4297710@163.com"])
    check("contact.address", txt(c["address"]), "博山区中心路114号")

    # outline: three sections, the three categories under the second one
    top = rec["outline"]
    check("level-1 sections", [(n["level"], txt(n["marker"]), txt(n["title"])) for n in top],
          [(1, "一、", "整改工作基本情况"), (1, "二、", "区委巡察组反馈意见整改进展情况"),
           (1, "三、", "今后整改工作打算")])
    if len(top) == 3:
        check("categories under 二、", [(n["level"], txt(n["marker"]), txt(n["title"])) for n in top[1]["children"]],
              [(2, "(一)", "学习贯彻上级决策部署要求不扎实方面"),
               (2, "(二)", "主责主业和承担的黄河战略核心职能落实有差距方面"),
               (2, "(三)", "落实中央八项规定精神及加强作风建设不够严实方面")])
        check("problems per category", [len(n["children"]) for n in top[1]["children"]], [2, 3, 3])
        check("1. items under 三、 are headings", [txt(n["title"]) for n in top[2]["children"]],
              ["明确职责,落实责任", "统一思想,深化整改", "建章立制,强化督查"])
        check("section 一、 has no sub-headings (一是… are not headings)", top[0]["children"], [])

    # the eight problems
    cat1 = "学习贯彻上级决策部署要求不扎实方面"
    cat2 = "主责主业和承担的黄河战略核心职能落实有差距方面"
    cat3 = "落实中央八项规定精神及加强作风建设不够严实方面"
    want = [
        (cat1, "关于学习习近平总书记关于黄河流域生态保护和高质量发展重要讲话、重要指示批示精神,以及上级决策部署精神不够系统深入问题",
         2, "completed", True, None),
        (cat1, "关于责任落实有差距问题", 3, "partially_completed", True, None),      # 已完成阶段性任务并长期坚持
        (cat2, "工作落实存在短板问题", 7, "completed", True, None),                  # 一是… inside (4)-(7) not counted
        (cat2, "关于工作推进不够扎实问题", 6, "partially_completed", True, "2023-09-10"),
        (cat2, "履行服务监管职责不够到位问题", 4, "completed", True, None),
        (cat3, "关于落实从严治党主体责任不到位问题", 2, "completed", True, None),
        (cat3, "民主决策制度落实不严格问题", None, "completed", True, None),         # one unnumbered measure
        (cat3, "工作作风不够严实问题", 4, "completed", True, None),
    ]
    issues = rec["issues"]
    check("number of issues", len(issues), 8)
    for k, (it, w) in enumerate(zip(issues, want)):
        prog = it["progress"]
        got = (txt(it["category"]), txt(it["title"]), it["n_measures"], prog["status"], prog["long_term"],
               val(prog["deadline"]))
        check("issues[%d] %s" % (k, w[1][:12]), got, w)
    if len(issues) == 8:
        m = issues[0]["measures"]
        check("issues[0] measure markers", [txt(x["marker"]) for x in m], ["(1)", "(2)"])
        check("issues[0] first measure begins", at(m[0])[:12] if m else None, "(1)党组理论学习中心组"[:12])
        check("issues[3] status phrase is in its 整改进度 line",
              "2023年9月10日前" in (prog_text(issues[3]) or ""), True)
        check("issues[3] deadline span", at(issues[3]["progress"]["deadline"]) if issues[3]["progress"]["deadline"] else None,
              txt(issues[3]["progress"]["deadline"]))
        check("issues[3] deadline printed", txt(issues[3]["progress"]["deadline"]) in ("2023年9月10日前", "2023年9月10日"),
              True)

    # declared totals agree with what was found
    checks = {c["name"]: c for c in rec["checks"]}
    ci = checks.get("declared.issues")
    check("check declared.issues present", ci is not None, True)
    if ci:
        check("check declared.issues", (ci["ok"], ci["declared"], ci["found"]), (True, 8, 8))
    cc = checks.get("declared.categories")
    if cc:
        check("check declared.categories", (cc["ok"], cc["declared"], cc["found"]), (True, 3, 3))

    # spans: the values above sit where their spans say, at the right places of the notice
    check("title span", at(rec["title"]), txt(rec["title"]))
    check("issuer span", at(rec["issuer"]), "中共博山区教育和体育局党组")
    check("date span", at(rec["date"]), "2023年1月12日")
    check("signature after the contact block", rec["issuer"]["span"][0] > c["address"]["span"][1], True)
    check("inspection.body span", at(insp["body"]), "区委第二巡察组")
    check("inspection.start span", at(insp["start"]).startswith("2022年6月下旬"), True)
    check("feedback span", at(insp["feedback_date"]), "10月12日")
    check("address span", at(c["address"]), "博山区中心路114号")
    check("phone span", at(c["phone"][0]) if c["phone"] else None, "4297700")
    if len(top) == 3:
        sec2 = top[1]
        check("section 二、 marker span", at(sec2["marker"]), "二、")
        check("section 二、 title span", at(sec2["title"]), "区委巡察组反馈意见整改进展情况")
        check("section 二、 span starts at its marker", sec2["span"][0], sec2["marker"]["span"][0])
        check("section 二、 span ends where 三、 starts", sec2["span"][1] <= top[2]["marker"]["span"][0], True)
    for k, it in enumerate(issues):
        check("issues[%d] title span" % k, at(it["title"]), txt(it["title"]))
        if it["category"]:
            check("issues[%d] category span" % k, at(it["category"]), txt(it["category"]))
        check("issues[%d] inside section 二、" % k,
              len(top) == 3 and top[1]["span"][0] <= it["span"][0] and it["span"][1] <= top[1]["span"][1], True)
    bad = [o for o in walk(rec) if o is not rec and at(o) != o["text"]]
    check("every {text, span} in the record points at its text", [o["text"] for o in bad][:5], [])
    print("%d failures" % len(FAILS))
    return 1 if FAILS else 0


def prog_text(issue):
    t = issue["progress"].get("text")
    return t["text"] if isinstance(t, dict) else t


def walk(obj):
    if isinstance(obj, dict):
        if isinstance(obj.get("text"), str) and isinstance(obj.get("span"), list) and len(obj["span"]) == 2:
            yield obj
        for k, v in obj.items():
            if k != "text":
                yield from walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v)


if __name__ == "__main__":
    sys.exit(main())
