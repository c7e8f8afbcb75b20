# Glued text (src/lib/reflow.c): the corpora's plain-text notices with every line break and space
# removed (and framed by a title line and signature lines) must give the same outline, issues and
# metadata as printed (tests/glued_eval.py). Included by tests/CMakeLists.txt.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
set(ZG_GLUED ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/glued_eval.py $<TARGET_FILE:zhenggai>
    ${CMAKE_SOURCE_DIR})
set(ZG_GLUED_STRICT --min-outline-f1 1.00 --min-issue-f1 1.00 --min-status 1.00 --require-metadata)
add_test(NAME glued.corpus COMMAND ${ZG_GLUED} ${CMAKE_SOURCE_DIR}/corpus ${ZG_GLUED_STRICT})
add_test(NAME glued.corpus-dev
         COMMAND ${ZG_GLUED} ${CMAKE_SOURCE_DIR}/../shared/corpus-dev ${ZG_GLUED_STRICT})
set_tests_properties(glued.corpus glued.corpus-dev PROPERTIES SKIP_RETURN_CODE 77 LABELS eval)
