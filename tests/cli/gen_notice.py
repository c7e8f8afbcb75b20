#!/usr/bin/env python3
"""Write small synthetic rectification notices for the CLI tests.

gen_notice.py DIR N [--nested]  writes N notices DIR/n0000.txt … (with --nested spread over
sub-folders); each has a different number of problems so records differ from file to file.
"""
import os
import sys

CN = "零一二三四五六七八九十"


def cn(n):
    if n <= 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n - 10] if n > 10 else "")
    return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")


def notice(i):
    n_issues = 1 + i % 4
    body = "第%s巡察组" % cn(1 + i % 9)
    lines = [
        "关于区委%s巡察区第%s中学党组织整改进展情况的通报" % (body, cn(1 + i % 20)),
        "",
        "根据区委统一部署，2023年3月1日至4月30日，区委%s对区第%s中学党组织开展了常规巡察。"
        "2023年6月15日，巡察组向学校党组织反馈了巡察意见。现将整改进展情况予以公布。" % (body, cn(1 + i % 20)),
        "",
        "一、关于党的建设方面的问题",
    ]
    for k in range(1, n_issues + 1):
        lines += [
            "（%s）第%d号问题：基层党组织建设薄弱，组织生活不规范。" % (cn(k), i * 10 + k),
            "整改措施：1.加强支部建设，完善制度%d项。2.规范组织生活。" % (k + i % 7),
            "整改进展：已完成。" if k % 2 else "整改进展：正在整改，2024年6月底前完成。",
        ]
    lines += [
        "",
        "欢迎广大干部群众对整改落实情况进行监督。联系电话：0533-%07d。" % (1000000 + i),
        "",
        "中共区第%s中学委员会" % cn(1 + i % 20),
        "2023年9月%d日" % (1 + i % 28),
        "",
    ]
    return "\n".join(lines)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    nested = "--nested" in sys.argv
    for i in range(n):
        d = os.path.join(out, "g%02d" % (i % 7), "h%d" % (i % 3)) if nested else out
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "n%04d.txt" % i), "w", encoding="utf-8") as f:
            f.write(notice(i))


if __name__ == "__main__":
    main()
