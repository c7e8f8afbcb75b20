# Evaluation against gold annotations (tools/eval). Included by tests/CMakeLists.txt.
# The dev corpus lives beside the project in ../shared; its tests skip (77) when it is absent.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

set(ZG_EVAL ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/eval --zhenggai $<TARGET_FILE:zhenggai>
    --rules ${CMAKE_SOURCE_DIR}/rules)
set(ZG_EVAL_STRICT --min-outline-f1 1.00 --min-issue-f1 1.00 --min-status 0.97 --require-metadata)
set(ZG_DEV_CORPUS ${CMAKE_SOURCE_DIR}/../shared/corpus-dev)

# tools/eval itself, on hand-made records (no binary involved)
add_test(NAME eval.selftest
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/eval_selftest.py ${CMAKE_SOURCE_DIR})

# the dev notices that are plain UTF-8 text
add_test(NAME eval.corpus-dev
         COMMAND ${ZG_EVAL} ${ZG_EVAL_STRICT} --skip-if-missing
                 --only-format text --only-encoding UTF-8 ${ZG_DEV_CORPUS})

# the project's own corpus (every format it holds)
add_test(NAME eval.corpus COMMAND ${ZG_EVAL} ${ZG_EVAL_STRICT} ${CMAKE_SOURCE_DIR}/corpus)

# every dev notice: HTML, Markdown, GB18030, Big5, UTF-16 too
add_test(NAME eval.corpus-dev-all COMMAND ${ZG_EVAL} ${ZG_EVAL_STRICT} --skip-if-missing ${ZG_DEV_CORPUS})

set_tests_properties(eval.selftest eval.corpus-dev eval.corpus eval.corpus-dev-all
                     PROPERTIES SKIP_RETURN_CODE 77 LABELS eval)
