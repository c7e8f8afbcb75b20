#!/usr/bin/env python3
"""Write the large bad inputs of tests/bad into a folder (they are generated, not stored)."""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

# a single paragraph of 100,000 sentence lines joined without a break
sentence = "我局高度重视巡察整改工作，3.5万元资金已退回，（2022）12号文件已落实。"
with open(os.path.join(out, "long-paragraph.txt"), "w", encoding="utf-8") as f:
    f.write("关于整改情况的通报\n")
    f.write("".join(sentence for _ in range(100000)))
    f.write("\n")

# 10,000 nested tags
with open(os.path.join(out, "nested-tags.html"), "w", encoding="utf-8") as f:
    f.write("<html><body>" + "<div>" * 10000 + "一、整改情况" + "</div>" * 10000 + "</body></html>")

# 5,000 headings
with open(os.path.join(out, "many-headings.txt"), "w", encoding="utf-8") as f:
    f.write("关于巡察整改进展情况的通报\n一、整改工作基本情况\n全部完成。\n二、反馈问题整改情况\n")
    for i in range(1, 5001):
        f.write(f"{i}．第{i}个问题。\n整改进度：已完成。\n")

# a 70 MiB file (over the default 64 MiB input limit)
with open(os.path.join(out, "too-large.txt"), "wb") as f:
    block = ("整改" * 512 + "\n").encode("utf-8")
    for _ in range((70 << 20) // len(block) + 1):
        f.write(block)
